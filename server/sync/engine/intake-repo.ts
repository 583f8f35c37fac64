/**
 * Every SQL on `intake_requests`. As in run-repo.ts, each write that matters is one conditional statement:
 * an accept inserts or finds the key, a claim succeeds only on a due, unleased row, and a result is saved only
 * while this owner still holds the lease.
 */
import { and, asc, eq, inArray, isNull, lte, min, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { type IntakeRequest, intakeRequests } from '../../../db/schema/intake.ts';
import type { RunError } from '../../../db/schema/runs.ts';

export interface NewIntake {
  tenantId: string;
  kind: string;
  key: string;
  payload: unknown;
  maxAttempts: number;
  keepUntil: Date;
}

/** Inserts the request, or returns the stored one with the same (tenant, kind, key) as a duplicate. */
export async function insertIntake(
  db: Db,
  input: NewIntake,
  now: Date,
): Promise<{ row: IntakeRequest; duplicate: boolean }> {
  const at = now.toISOString();
  const [inserted] = await db
    .insert(intakeRequests)
    .values({
      tenantId: input.tenantId,
      kind: input.kind,
      key: input.key,
      payload: input.payload,
      state: 'pending',
      maxAttempts: input.maxAttempts,
      notBefore: at,
      createdAt: at,
      updatedAt: at,
      keepUntil: input.keepUntil.toISOString(),
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { row: inserted, duplicate: false };
  const [existing] = await db
    .select()
    .from(intakeRequests)
    .where(
      and(
        eq(intakeRequests.tenantId, input.tenantId),
        eq(intakeRequests.kind, input.kind),
        eq(intakeRequests.key, input.key),
      ),
    )
    .limit(1);
  if (!existing) throw new Error('intake row vanished between insert and read');
  return { row: existing, duplicate: true };
}

export async function getIntake(db: Db, id: number): Promise<IntakeRequest | undefined> {
  const [row] = await db.select().from(intakeRequests).where(eq(intakeRequests.id, id)).limit(1);
  return row;
}

const dueAt = (at: string) =>
  and(
    eq(intakeRequests.state, 'pending'),
    lte(intakeRequests.notBefore, at),
    or(isNull(intakeRequests.leaseExpiresAt), lte(intakeRequests.leaseExpiresAt, at)),
  );

/** Pending requests of the given kinds that may be claimed now, oldest first. */
export async function dueIntake(db: Db, kinds: readonly string[], now: Date, limit: number): Promise<IntakeRequest[]> {
  if (kinds.length === 0) return [];
  return db
    .select()
    .from(intakeRequests)
    .where(and(dueAt(now.toISOString()), inArray(intakeRequests.kind, [...kinds])))
    .orderBy(asc(intakeRequests.id))
    .limit(limit);
}

/** When the next pending request becomes due (its backoff ends or its lease expires). */
export async function nextIntakeDue(db: Db, kinds: readonly string[]): Promise<Date | undefined> {
  if (kinds.length === 0) return undefined;
  const [row] = await db
    .select({ at: min(sql<string>`max(${intakeRequests.notBefore}, coalesce(${intakeRequests.leaseExpiresAt}, ''))`) })
    .from(intakeRequests)
    .where(and(eq(intakeRequests.state, 'pending'), inArray(intakeRequests.kind, [...kinds])));
  return row?.at ? new Date(row.at) : undefined;
}

/** Leases a due request for `owner`; undefined when another worker got it first or it is no longer due. */
export async function claimIntake(
  db: Db,
  input: { id: number; owner: string; now: Date; leaseMs: number },
): Promise<IntakeRequest | undefined> {
  const at = input.now.toISOString();
  const [row] = await db
    .update(intakeRequests)
    .set({
      leaseOwner: input.owner,
      leaseExpiresAt: new Date(input.now.getTime() + input.leaseMs).toISOString(),
      updatedAt: at,
    })
    .where(and(eq(intakeRequests.id, input.id), dueAt(at)))
    .returning();
  return row;
}

const held = (id: number, owner: string) =>
  and(eq(intakeRequests.id, id), eq(intakeRequests.leaseOwner, owner), eq(intakeRequests.state, 'pending'));

/** Extends the lease; false when it was lost (expired and taken by another worker). */
export async function renewIntakeLease(
  db: Db,
  input: { id: number; owner: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const rows = await db
    .update(intakeRequests)
    .set({ leaseExpiresAt: new Date(input.now.getTime() + input.leaseMs).toISOString() })
    .where(held(input.id, input.owner))
    .returning({ id: intakeRequests.id });
  return rows.length === 1;
}

/** Gives the lease back (shutdown): the request is due again at once for any process. */
export async function releaseIntakeLease(db: Db, input: { id: number; owner: string; now: Date }): Promise<void> {
  await db
    .update(intakeRequests)
    .set({ leaseOwner: null, leaseExpiresAt: null, updatedAt: input.now.toISOString() })
    .where(held(input.id, input.owner));
}

/** Closes the request (`done` or `failed`) if this owner still holds it. */
export async function finishIntake(
  db: Db,
  input: { id: number; owner: string; now: Date; state: 'done' | 'failed'; error?: RunError; attempts?: number },
): Promise<boolean> {
  const at = input.now.toISOString();
  const rows = await db
    .update(intakeRequests)
    .set({
      state: input.state,
      finishedAt: at,
      updatedAt: at,
      leaseOwner: null,
      leaseExpiresAt: null,
      ...(input.error ? { lastError: input.error } : {}),
      ...(input.attempts !== undefined ? { attempts: input.attempts } : {}),
    })
    .where(held(input.id, input.owner))
    .returning({ id: intakeRequests.id });
  return rows.length === 1;
}

/** Puts the request back with a backoff after a failed attempt, if this owner still holds it. */
export async function rescheduleIntake(
  db: Db,
  input: { id: number; owner: string; now: Date; notBefore: Date; attempts: number; error: RunError },
): Promise<boolean> {
  const rows = await db
    .update(intakeRequests)
    .set({
      attempts: input.attempts,
      notBefore: input.notBefore.toISOString(),
      lastError: input.error,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: input.now.toISOString(),
    })
    .where(held(input.id, input.owner))
    .returning({ id: intakeRequests.id });
  return rows.length === 1;
}

/** Forgets finished requests whose replay window has passed. */
export async function pruneIntake(db: Db, now: Date): Promise<void> {
  await db
    .delete(intakeRequests)
    .where(and(inArray(intakeRequests.state, ['done', 'failed']), lte(intakeRequests.keepUntil, now.toISOString())));
}
