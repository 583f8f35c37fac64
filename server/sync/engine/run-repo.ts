/**
 * Every read and write of `sync_runs`. Writes that matter for correctness are single conditional
 * UPDATEs (no interactive transactions: they are not available over every libSQL transport): a claim
 * only succeeds if the run is still claimable, a step is only saved while we still hold the lease, and
 * every state change is checked against the transition table first.
 */
import { and, desc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { type RunCounts, type SyncRun, syncRuns } from '../../../db/schema/runs.ts';
import { decodeCursor, type Page } from './activity-log.ts';
import { ACTIVE_STATES, assertTransition, type RunState } from './states.ts';

export const ZERO_COUNTS: RunCounts = { added: 0, updated: 0, unchanged: 0, deactivated: 0, skipped: 0, errors: 0 };

type RunPatch = Partial<Omit<typeof syncRuns.$inferInsert, 'id' | 'state' | 'tenantId' | 'templateId'>>;

export interface NewRun {
  tenantId: string;
  templateId: string;
  trigger: 'schedule' | 'manual';
  requestedBy?: string | null;
  full: boolean;
  settings: unknown;
  maxAttempts: number;
  notBefore?: string | null;
}

/** Inserts a scheduled run, or returns undefined when the tenant already has an unfinished run of it. */
export async function insertRun(db: Db, run: NewRun, now: Date): Promise<SyncRun | undefined> {
  const at = now.toISOString();
  const [row] = await db
    .insert(syncRuns)
    .values({
      ...run,
      state: 'scheduled',
      counts: ZERO_COUNTS,
      skippedReasons: {},
      warnings: [],
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function getRun(db: Db, id: number): Promise<SyncRun | undefined> {
  const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, id)).limit(1);
  return row;
}

export async function findActiveRun(db: Db, tenantId: string, templateId: string): Promise<SyncRun | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.tenantId, tenantId),
        eq(syncRuns.templateId, templateId),
        inArray(syncRuns.state, [...ACTIVE_STATES]),
      ),
    )
    .limit(1);
  return row;
}

export interface RunQuery {
  tenantId?: string;
  templateId?: string;
  states?: RunState[];
  cursor?: string;
  limit?: number;
}

/** Newest first. */
export async function listRuns(db: Db, query: RunQuery): Promise<Page<SyncRun>> {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 200);
  const before = decodeCursor(query.cursor);
  const where: SQL[] = [];
  if (query.tenantId) where.push(eq(syncRuns.tenantId, query.tenantId));
  if (query.templateId) where.push(eq(syncRuns.templateId, query.templateId));
  if (query.states?.length) where.push(inArray(syncRuns.state, query.states));
  if (before !== undefined) where.push(lt(syncRuns.id, before));
  const rows = await db
    .select()
    .from(syncRuns)
    .where(and(...where))
    .orderBy(desc(syncRuns.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

/** Runs this engine may pick up now: due scheduled runs, and running runs whose lease was released. */
export async function runnableRuns(db: Db, templateIds: string[], now: Date, limit: number): Promise<SyncRun[]> {
  if (templateIds.length === 0 || limit <= 0) return [];
  const at = now.toISOString();
  return db
    .select()
    .from(syncRuns)
    .where(and(inArray(syncRuns.templateId, templateIds), claimable(at)))
    .orderBy(sql`coalesce(${syncRuns.notBefore}, ${syncRuns.createdAt})`, syncRuns.id)
    .limit(limit);
}

function claimable(at: string): SQL {
  return or(
    and(eq(syncRuns.state, 'scheduled'), or(isNull(syncRuns.notBefore), lte(syncRuns.notBefore, at))),
    and(eq(syncRuns.state, 'running'), isNull(syncRuns.leaseOwner)),
  ) as SQL;
}

/** Running runs whose holder stopped renewing its lease (the process died or hung). */
export async function expiredLeases(db: Db, templateIds: string[], now: Date): Promise<SyncRun[]> {
  if (templateIds.length === 0) return [];
  return db
    .select()
    .from(syncRuns)
    .where(
      and(
        inArray(syncRuns.templateId, templateIds),
        eq(syncRuns.state, 'running'),
        sql`${syncRuns.leaseOwner} is not null`,
        lt(syncRuns.leaseExpiresAt, now.toISOString()),
      ),
    );
}

/** Atomically takes the lease on a run that is still claimable; undefined if another tick got it first. */
export async function claimRun(
  db: Db,
  candidate: SyncRun,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<SyncRun | undefined> {
  if (candidate.state !== 'running') assertTransition(candidate.state, 'running', candidate.id);
  const at = now.toISOString();
  const [row] = await db
    .update(syncRuns)
    .set({
      state: 'running',
      leaseOwner: owner,
      leaseExpiresAt: new Date(now.getTime() + leaseMs).toISOString(),
      notBefore: null,
      startedAt: sql`coalesce(${syncRuns.startedAt}, ${at})`,
      updatedAt: at,
    })
    .where(and(eq(syncRuns.id, candidate.id), eq(syncRuns.state, candidate.state), claimable(at)))
    .returning();
  return row;
}

/** Extends our lease; undefined when we no longer hold it. Also reports a cancel request. */
export async function renewLease(
  db: Db,
  id: number,
  owner: string,
  expiresAt: Date,
  patch: RunPatch = {},
): Promise<SyncRun | undefined> {
  const [row] = await db
    .update(syncRuns)
    .set({ ...patch, leaseExpiresAt: expiresAt.toISOString() })
    .where(and(eq(syncRuns.id, id), eq(syncRuns.state, 'running'), eq(syncRuns.leaseOwner, owner)))
    .returning();
  return row;
}

/** Lets go of a run that is still running (budget used up, or shutting down) so any tick continues it. */
export async function releaseLease(db: Db, id: number, owner: string, now: Date): Promise<boolean> {
  const result = await db
    .update(syncRuns)
    .set({ leaseOwner: null, leaseExpiresAt: null, updatedAt: now.toISOString() })
    .where(and(eq(syncRuns.id, id), eq(syncRuns.state, 'running'), eq(syncRuns.leaseOwner, owner)))
    .returning({ id: syncRuns.id });
  return result.length === 1;
}

export type TransitionGuard =
  /** We hold the lease. */
  | { owner: string }
  /** The lease is exactly as we read it (recovering an expired lease). */
  | { leaseOwner: string | null; leaseExpiresAt: string | null }
  /** Nobody holds a live lease (cancelling a released or expired run). */
  | { unleasedAt: Date }
  | { any: true };

/**
 * Moves a run from the state it was read in to `to`, if the transition table allows it and the row is
 * still in that state (and the guard holds). Returns the new row, or undefined if someone else moved it.
 */
export async function transitionRun(
  db: Db,
  run: Pick<SyncRun, 'id' | 'state'>,
  to: RunState,
  patch: RunPatch,
  guard: TransitionGuard,
): Promise<SyncRun | undefined> {
  assertTransition(run.state, to, run.id);
  const where: SQL[] = [eq(syncRuns.id, run.id), eq(syncRuns.state, run.state)];
  if ('owner' in guard) where.push(eq(syncRuns.leaseOwner, guard.owner));
  if ('leaseOwner' in guard) {
    where.push(guard.leaseOwner === null ? isNull(syncRuns.leaseOwner) : eq(syncRuns.leaseOwner, guard.leaseOwner));
    where.push(
      guard.leaseExpiresAt === null
        ? isNull(syncRuns.leaseExpiresAt)
        : eq(syncRuns.leaseExpiresAt, guard.leaseExpiresAt),
    );
  }
  if ('unleasedAt' in guard) {
    where.push(or(isNull(syncRuns.leaseOwner), lt(syncRuns.leaseExpiresAt, guard.unleasedAt.toISOString())) as SQL);
  }
  const releasesLease = to !== 'running';
  const [row] = await db
    .update(syncRuns)
    .set({ ...patch, ...(releasesLease ? { leaseOwner: null, leaseExpiresAt: null } : {}), state: to })
    .where(and(...where))
    .returning();
  return row;
}

/** Marks a leased run for cancellation; its holder stops at the next step boundary. */
export async function requestCancel(db: Db, id: number, now: Date): Promise<SyncRun | undefined> {
  const [row] = await db
    .update(syncRuns)
    .set({ cancelRequested: true, updatedAt: now.toISOString() })
    .where(and(eq(syncRuns.id, id), inArray(syncRuns.state, [...ACTIVE_STATES])))
    .returning();
  return row;
}

/** Brings a waiting scheduled run forward ("run now" on a run that is backing off). */
export async function makeDueNow(db: Db, run: SyncRun, now: Date, full: boolean): Promise<SyncRun | undefined> {
  const [row] = await db
    .update(syncRuns)
    .set({ notBefore: null, full: run.full || full, updatedAt: now.toISOString() })
    .where(and(eq(syncRuns.id, run.id), eq(syncRuns.state, 'scheduled')))
    .returning();
  return row;
}
