/**
 * Claims shared by every process on the database (table `shared_claims`): each take, renewal or release is
 * one conditional write, so two Node processes or two Worker isolates never both hold the same claim.
 * Used for the activation lock, standby takeovers and remembered callback refusals.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type SharedClaim, sharedClaims } from '../../db/schema/claims.ts';

export interface ClaimRef {
  scope: string;
  /** '' for claims about the whole server. */
  tenantId: string;
  subject: string;
}

const where = (ref: ClaimRef) =>
  and(
    eq(sharedClaims.scope, ref.scope),
    eq(sharedClaims.tenantId, ref.tenantId),
    eq(sharedClaims.subject, ref.subject),
  );

/**
 * Takes the claim for `holder` until `now + ttlMs` when it is free, expired, or already `holder`'s.
 * Returns true when this call holds it afterwards.
 */
export async function takeClaim(
  db: Db,
  input: ClaimRef & { holder: string; now: Date; ttlMs: number; details?: unknown },
): Promise<boolean> {
  const claimedAt = input.now.toISOString();
  const expiresAt = new Date(input.now.getTime() + input.ttlMs).toISOString();
  const rows = await db
    .insert(sharedClaims)
    .values({
      scope: input.scope,
      tenantId: input.tenantId,
      subject: input.subject,
      holder: input.holder,
      claimedAt,
      expiresAt,
      hits: 1,
      details: input.details ?? null,
    })
    .onConflictDoUpdate({
      target: [sharedClaims.scope, sharedClaims.tenantId, sharedClaims.subject],
      set: { holder: input.holder, claimedAt, expiresAt, hits: 1, details: input.details ?? null },
      setWhere: sql`${sharedClaims.expiresAt} <= ${claimedAt} or ${sharedClaims.holder} = ${input.holder}`,
    })
    .returning({ holder: sharedClaims.holder });
  return rows.length === 1;
}

/** Releases the claim if `holder` still holds it. */
export async function releaseClaim(db: Db, input: ClaimRef & { holder: string }): Promise<void> {
  await db.delete(sharedClaims).where(and(where(input), eq(sharedClaims.holder, input.holder)));
}

/** Ends the claim whoever holds it, live or expired (e.g. new credentials were saved); true when there was one. */
export async function dropClaim(db: Db, ref: ClaimRef): Promise<boolean> {
  const rows = await db.delete(sharedClaims).where(where(ref)).returning({ scope: sharedClaims.scope });
  return rows.length > 0;
}

/** The claim, live or expired (not yet dropped or pruned). */
export async function getClaim(db: Db, ref: ClaimRef): Promise<SharedClaim | undefined> {
  const [row] = await db.select().from(sharedClaims).where(where(ref)).limit(1);
  return row;
}

/** The claim while it is live, else undefined. */
export async function liveClaim(db: Db, ref: ClaimRef, now: Date): Promise<SharedClaim | undefined> {
  const [row] = await db
    .select()
    .from(sharedClaims)
    .where(and(where(ref), gt(sharedClaims.expiresAt, now.toISOString())))
    .limit(1);
  return row;
}

/**
 * Counts one more occurrence of a live claim (e.g. a refusal seen again), or starts it for `ttlMs`.
 * Returns the count and whether this call started it.
 */
export async function countClaim(
  db: Db,
  input: ClaimRef & { now: Date; ttlMs: number; details?: unknown },
): Promise<{ hits: number; started: boolean }> {
  const at = input.now.toISOString();
  const expiresAt = new Date(input.now.getTime() + input.ttlMs).toISOString();
  const [row] = await db
    .insert(sharedClaims)
    .values({ ...pick(input), holder: 'count', claimedAt: at, expiresAt, hits: 1, details: input.details ?? null })
    .onConflictDoUpdate({
      target: [sharedClaims.scope, sharedClaims.tenantId, sharedClaims.subject],
      set: {
        hits: sql`case when ${sharedClaims.expiresAt} <= ${at} then 1 else ${sharedClaims.hits} + 1 end`,
        claimedAt: sql`case when ${sharedClaims.expiresAt} <= ${at} then ${at} else ${sharedClaims.claimedAt} end`,
        expiresAt: sql`case when ${sharedClaims.expiresAt} <= ${at} then ${expiresAt} else ${sharedClaims.expiresAt} end`,
      },
    })
    .returning({ hits: sharedClaims.hits, claimedAt: sharedClaims.claimedAt });
  return { hits: row?.hits ?? 1, started: row?.claimedAt === at && row.hits === 1 };
}

/** Deletes claims that expired before `now` (housekeeping; expired claims are already ignored). */
export async function pruneClaims(db: Db, now: Date): Promise<void> {
  await db.delete(sharedClaims).where(sql`${sharedClaims.expiresAt} < ${now.toISOString()}`);
}

const pick = (ref: ClaimRef): ClaimRef => ({ scope: ref.scope, tenantId: ref.tenantId, subject: ref.subject });
