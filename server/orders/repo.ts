/**
 * Every read and write of `orders` and `order_submissions`. Writes that decide anything are single conditional
 * statements (libSQL over HTTP has no interactive transactions): an order changes only from the version read, a
 * submission is claimed only while pending/unknown and unclaimed (or its claim expired), and a submission row is
 * inserted once per PO number (primary key), so two processes, two clicks or a crash never send one PO number twice.
 */
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type OrderRequestSource,
  type OrderRow,
  type OrderState,
  type OrderSubmissionRow,
  orderSubmissions,
  orders,
  type SubmissionState,
} from '../../db/schema/orders.ts';

/** States in which the order is still moving without a buyer: the run picks these up. */
export const OPEN_ORDER_STATES: readonly OrderState[] = ['requested', 'validated', 'submitting', 'unknown'];
/** Settled states a new request from a buyer restarts (nothing was placed at TD SYNNEX). */
export const RESTARTABLE_STATES: readonly OrderState[] = ['invalid', 'rejected', 'failed', 'withdrawn'];

export type OrderPatch = Partial<Omit<typeof orders.$inferInsert, 'tenantId' | 'cwPoId' | 'version' | 'createdAt'>>;
export type SubmissionPatch = Partial<
  Omit<typeof orderSubmissions.$inferInsert, 'tenantId' | 'tdsPoNumber' | 'version' | 'createdAt'>
>;

export interface OrderKey {
  tenantId: string;
  cwPoId: number;
}

export async function getOrder(db: Db, key: OrderKey): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, key.tenantId), eq(orders.cwPoId, key.cwPoId)))
    .limit(1);
  return row;
}

export interface OrderQuery {
  tenantId: string;
  states?: readonly OrderState[];
  limit?: number;
  /** Only orders updated before this ISO time (paging backwards, newest first). */
  updatedBefore?: string;
}

/** Newest first. */
export async function listOrders(db: Db, query: OrderQuery): Promise<OrderRow[]> {
  const where: SQL[] = [eq(orders.tenantId, query.tenantId)];
  if (query.states?.length) where.push(inArray(orders.state, [...query.states]));
  if (query.updatedBefore) where.push(lt(orders.updatedAt, query.updatedBefore));
  return db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.updatedAt), desc(orders.cwPoId))
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 500));
}

/** Orders the run must move on: open ones, and accepted/rejected ones whose ConnectWise write-back is owed. */
export async function listOrdersToProcess(db: Db, tenantId: string, limit: number): Promise<OrderRow[]> {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        or(inArray(orders.state, [...OPEN_ORDER_STATES]), eq(orders.writeback, 'pending')),
      ),
    )
    .orderBy(asc(orders.lastRequestedAt))
    .limit(limit);
}

export interface NewRequest extends OrderKey {
  cwPoNumber: string;
  tdsPoNumber: string;
  source: OrderRequestSource;
  memberId?: string | null;
  at: Date;
}

export type RequestOutcome =
  /** First request for this PO: a new order row in `requested`. */
  | 'created'
  /** A settled order (invalid, rejected, failed, withdrawn) was asked again and starts over. */
  | 'restarted'
  /** Already on its way (requested … unknown, awaiting approval): counted, nothing else. */
  | 'in_progress'
  /** Already placed at TD SYNNEX: never a second order; the buyer re-orders explicitly. */
  | 'already_placed'
  /** A settled order that this source may not restart (the sweep never resubmits a rejection). */
  | 'left_settled';

/**
 * Records a request to send a PO. Idempotent by construction: the insert is keyed by (tenant, PO id) and every
 * later change is conditional on the version read, retried a few times when another writer got there first.
 */
export async function recordRequest(
  db: Db,
  request: NewRequest & { mayRestart: boolean | ((current: OrderRow) => boolean) },
): Promise<{ order: OrderRow; outcome: RequestOutcome }> {
  const at = request.at.toISOString();
  const [inserted] = await db
    .insert(orders)
    .values({
      tenantId: request.tenantId,
      cwPoId: request.cwPoId,
      cwPoNumber: request.cwPoNumber,
      state: 'requested',
      tdsPoNumber: request.tdsPoNumber,
      tdsOrderNumbers: [],
      requestedBy: request.memberId ?? null,
      requestedVia: request.source,
      lastRequestedAt: at,
      approvals: [],
      issues: [],
      changes: [],
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { order: inserted, outcome: 'created' };

  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await getOrder(db, request);
    if (!current) throw new Error(`order ${request.tenantId}/${request.cwPoId} vanished while recording a request`);
    if (current.state === 'accepted') {
      const order = await updateOrder(db, current, { ignoredRequests: current.ignoredRequests + 1, updatedAt: at });
      if (order) return { order, outcome: 'already_placed' };
      continue;
    }
    if (RESTARTABLE_STATES.includes(current.state)) {
      const may = typeof request.mayRestart === 'function' ? request.mayRestart(current) : request.mayRestart;
      if (!may) return { order: current, outcome: 'left_settled' };
      const order = await updateOrder(db, current, {
        state: 'requested',
        restartedFrom: current.state,
        cwPoNumber: request.cwPoNumber,
        requestedBy: request.memberId ?? null,
        requestedVia: request.source,
        requestCount: current.requestCount + 1,
        lastRequestedAt: at,
        approvals: [],
        updatedAt: at,
      });
      if (order) return { order, outcome: 'restarted' };
      continue;
    }
    const order = await updateOrder(db, current, { requestCount: current.requestCount + 1, updatedAt: at });
    if (order) return { order, outcome: 'in_progress' };
  }
  throw new Error(`order ${request.tenantId}/${request.cwPoId}: too many concurrent writers`);
}

/**
 * Changes an order only if nobody changed it since `read` (same version); returns the new row, or undefined
 * when another writer got there first (re-read and decide again).
 */
export async function updateOrder(db: Db, read: OrderRow, patch: OrderPatch): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set({ ...patch, version: read.version + 1 })
    .where(and(eq(orders.tenantId, read.tenantId), eq(orders.cwPoId, read.cwPoId), eq(orders.version, read.version)))
    .returning();
  return row;
}

export async function listSubmissions(db: Db, key: OrderKey & { generation?: number }): Promise<OrderSubmissionRow[]> {
  const where: SQL[] = [eq(orderSubmissions.tenantId, key.tenantId), eq(orderSubmissions.cwPoId, key.cwPoId)];
  if (key.generation !== undefined) where.push(eq(orderSubmissions.generation, key.generation));
  return db
    .select()
    .from(orderSubmissions)
    .where(and(...where))
    .orderBy(asc(orderSubmissions.generation), asc(orderSubmissions.batch));
}

export async function getSubmission(
  db: Db,
  key: { tenantId: string; tdsPoNumber: string },
): Promise<OrderSubmissionRow | undefined> {
  const [row] = await db
    .select()
    .from(orderSubmissions)
    .where(and(eq(orderSubmissions.tenantId, key.tenantId), eq(orderSubmissions.tdsPoNumber, key.tdsPoNumber)))
    .limit(1);
  return row;
}

export interface NewSubmission extends OrderKey {
  tdsPoNumber: string;
  generation: number;
  batch: number;
  lineIds: number[];
  testMode: boolean;
}

/** Writes the submission rows of one generation; rows that already exist (a redone step) are left as they are. */
export async function ensureSubmissions(db: Db, rows: NewSubmission[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const at = now.toISOString();
  await db
    .insert(orderSubmissions)
    .values(rows.map((r) => ({ ...r, state: 'pending' as const, tdsOrderNumbers: [], createdAt: at, updatedAt: at })))
    .onConflictDoNothing();
}

/**
 * Claims a submission for one send or status check: only from `pending`/`unknown` with no live claim (or from
 * `sending` whose claim expired, which the claim turns into `unknown` because the earlier send may have arrived).
 * Returns the claimed row (state `sending`), or undefined when someone else holds it or it is settled.
 */
export async function claimSubmission(
  db: Db,
  input: { read: OrderSubmissionRow; owner: string; now: Date; claimMs: number },
): Promise<{ row: OrderSubmissionRow; mustCheckFirst: boolean } | undefined> {
  const { read, now } = input;
  const at = now.toISOString();
  const expired = read.state === 'sending' && (read.claimExpiresAt ?? '') <= at;
  if (!(read.state === 'pending' || read.state === 'unknown' || expired)) return undefined;
  if (read.notBefore && read.notBefore > at) return undefined;
  const [row] = await db
    .update(orderSubmissions)
    .set({
      state: 'sending',
      claimOwner: input.owner,
      claimExpiresAt: new Date(now.getTime() + input.claimMs).toISOString(),
      version: read.version + 1,
      updatedAt: at,
    })
    .where(
      and(
        eq(orderSubmissions.tenantId, read.tenantId),
        eq(orderSubmissions.tdsPoNumber, read.tdsPoNumber),
        eq(orderSubmissions.version, read.version),
      ),
    )
    .returning();
  if (!row) return undefined;
  // Anything but a never-sent pending row may already exist at TD SYNNEX: look before sending.
  return { row, mustCheckFirst: !(read.state === 'pending' && read.attempts === 0) };
}

/** Records that a send is about to leave (before the call), so a crash after it is an unknown outcome. */
export async function markSent(
  db: Db,
  claimed: OrderSubmissionRow,
  now: Date,
): Promise<OrderSubmissionRow | undefined> {
  return updateClaimed(db, claimed, {
    attempts: claimed.attempts + 1,
    statusChecks: 0,
    sentAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
}

/** Settles or releases a claimed submission; only the claim holder (same version) can. */
export async function finishClaim(
  db: Db,
  claimed: OrderSubmissionRow,
  patch: SubmissionPatch & { state: SubmissionState },
): Promise<OrderSubmissionRow | undefined> {
  return updateClaimed(db, claimed, { ...patch, claimOwner: null, claimExpiresAt: null });
}

async function updateClaimed(
  db: Db,
  claimed: OrderSubmissionRow,
  patch: SubmissionPatch,
): Promise<OrderSubmissionRow | undefined> {
  const [row] = await db
    .update(orderSubmissions)
    .set({ ...patch, version: claimed.version + 1 })
    .where(
      and(
        eq(orderSubmissions.tenantId, claimed.tenantId),
        eq(orderSubmissions.tdsPoNumber, claimed.tdsPoNumber),
        eq(orderSubmissions.version, claimed.version),
        eq(orderSubmissions.state, 'sending'),
      ),
    )
    .returning();
  return row;
}

/** Puts a rejected submission back to pending for a buyer's new request (nothing was placed under it). */
export async function reopenRejected(db: Db, read: OrderSubmissionRow, now: Date): Promise<boolean> {
  const result = await db
    .update(orderSubmissions)
    .set({ state: 'pending', attempts: 0, notBefore: null, version: read.version + 1, updatedAt: now.toISOString() })
    .where(
      and(
        eq(orderSubmissions.tenantId, read.tenantId),
        eq(orderSubmissions.tdsPoNumber, read.tdsPoNumber),
        eq(orderSubmissions.version, read.version),
        eq(orderSubmissions.state, 'rejected'),
      ),
    );
  return result.rowsAffected > 0;
}

/** Submissions of a tenant still waiting for a send or a status check, oldest first. */
export async function listOpenSubmissions(db: Db, tenantId: string, now: Date): Promise<OrderSubmissionRow[]> {
  const at = now.toISOString();
  return db
    .select()
    .from(orderSubmissions)
    .where(
      and(
        eq(orderSubmissions.tenantId, tenantId),
        inArray(orderSubmissions.state, ['pending', 'sending', 'unknown']),
        or(isNull(orderSubmissions.notBefore), lte(orderSubmissions.notBefore, at)),
      ),
    )
    .orderBy(asc(orderSubmissions.createdAt))
    .limit(200);
}

/** Counts per state, for `tds-bridge orders` and the console. */
export async function countOrdersByState(db: Db, tenantId: string): Promise<Partial<Record<OrderState, number>>> {
  const rows = await db
    .select({ state: orders.state, n: sql<number>`count(*)` })
    .from(orders)
    .where(eq(orders.tenantId, tenantId))
    .groupBy(orders.state);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
