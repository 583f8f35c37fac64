/**
 * Every read and write of `order_tracking` and `order_events`. A tracking row changes only from the version
 * read (one conditional UPDATE), so two Order Status runs (two processes, a scheduled and an on-demand run)
 * never both apply the same change; the loser re-reads next time.
 */
import { and, asc, desc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type OrderEventKind,
  type OrderEventRow,
  type OrderTrackingRow,
  orderEvents,
  orderTracking,
} from '../../db/schema/order-tracking.ts';

export interface TrackingKey {
  tenantId: string;
  cwPoId: number;
}

export type TrackingPatch = Partial<
  Omit<typeof orderTracking.$inferInsert, 'tenantId' | 'cwPoId' | 'version' | 'createdAt'>
>;

export async function getTracking(db: Db, key: TrackingKey): Promise<OrderTrackingRow | undefined> {
  const [row] = await db
    .select()
    .from(orderTracking)
    .where(and(eq(orderTracking.tenantId, key.tenantId), eq(orderTracking.cwPoId, key.cwPoId)))
    .limit(1);
  return row;
}

export async function listTracking(
  db: Db,
  q: { tenantId: string; open?: boolean; ticketId?: number; cwPoIds?: number[]; limit?: number },
): Promise<OrderTrackingRow[]> {
  const where = [eq(orderTracking.tenantId, q.tenantId)];
  if (q.open) where.push(eq(orderTracking.done, false));
  if (q.ticketId !== undefined) where.push(eq(orderTracking.ticketId, q.ticketId));
  if (q.cwPoIds) where.push(inArray(orderTracking.cwPoId, q.cwPoIds.length ? q.cwPoIds : [-1]));
  return db
    .select()
    .from(orderTracking)
    .where(and(...where))
    .orderBy(asc(orderTracking.lastCheckedAt), asc(orderTracking.cwPoId))
    .limit(q.limit ?? 1000);
}

/** Open, linked rows not checked since `before` (or never): the next ones a run polls. */
export async function listDue(db: Db, tenantId: string, before: string, limit: number): Promise<OrderTrackingRow[]> {
  return db
    .select()
    .from(orderTracking)
    .where(
      and(
        eq(orderTracking.tenantId, tenantId),
        eq(orderTracking.done, false),
        ne(orderTracking.link, 'needs_link'),
        or(isNull(orderTracking.lastCheckedAt), lt(orderTracking.lastCheckedAt, before)),
      ),
    )
    .orderBy(asc(orderTracking.lastCheckedAt), asc(orderTracking.cwPoId))
    .limit(limit);
}

/** Starts following a PO; an existing row is left as it is (returns false). */
export async function startTracking(
  db: Db,
  row: TrackingKey & {
    cwPoNumber: string;
    link: OrderTrackingRow['link'];
    tdsPoNumbers: string[];
    typedOrderNumber?: string;
    at: string;
  },
): Promise<boolean> {
  const inserted = await db
    .insert(orderTracking)
    .values({
      tenantId: row.tenantId,
      cwPoId: row.cwPoId,
      cwPoNumber: row.cwPoNumber,
      link: row.link,
      tdsPoNumbers: row.tdsPoNumbers,
      typedOrderNumber: row.typedOrderNumber ?? null,
      lines: [],
      invoices: [],
      notified: [],
      createdAt: row.at,
      updatedAt: row.at,
    })
    .onConflictDoNothing()
    .returning({ cwPoId: orderTracking.cwPoId });
  return inserted.length > 0;
}

/** Applies `patch` only if the row is still at `version`; returns the new row, or undefined when someone else won. */
export async function saveTracking(
  db: Db,
  key: TrackingKey & { version: number },
  patch: TrackingPatch,
): Promise<OrderTrackingRow | undefined> {
  const [row] = await db
    .update(orderTracking)
    .set({ ...patch, version: sql`${orderTracking.version} + 1` })
    .where(
      and(
        eq(orderTracking.tenantId, key.tenantId),
        eq(orderTracking.cwPoId, key.cwPoId),
        eq(orderTracking.version, key.version),
      ),
    )
    .returning();
  return row;
}

export interface NewOrderEvent extends TrackingKey {
  kind: OrderEventKind;
  code?: string;
  message: string;
  ok?: boolean;
  upstreamAt?: string;
  details?: Record<string, unknown>;
  at: string;
}

export async function addEvents(db: Db, events: NewOrderEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(orderEvents).values(
    events.map((e) => ({
      tenantId: e.tenantId,
      cwPoId: e.cwPoId,
      kind: e.kind,
      code: e.code ?? null,
      message: e.message,
      ok: e.ok ?? null,
      upstreamAt: e.upstreamAt ?? null,
      details: e.details ?? null,
      at: e.at,
    })),
  );
}

/** Oldest first (a timeline). */
export async function listEvents(db: Db, key: TrackingKey, limit = 200): Promise<OrderEventRow[]> {
  const rows = await db
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.tenantId, key.tenantId), eq(orderEvents.cwPoId, key.cwPoId)))
    .orderBy(desc(orderEvents.id))
    .limit(limit);
  return rows.reverse();
}

export async function listEventsOfKinds(
  db: Db,
  tenantId: string,
  kinds: OrderEventKind[],
  since?: string,
): Promise<OrderEventRow[]> {
  const where = [eq(orderEvents.tenantId, tenantId), inArray(orderEvents.kind, kinds)];
  if (since) where.push(sql`${orderEvents.at} >= ${since}`);
  return db
    .select()
    .from(orderEvents)
    .where(and(...where))
    .orderBy(asc(orderEvents.id));
}

/** A needs_link row gets the PO number a buyer named; false when it is not (or no longer) waiting for a link. */
export async function linkTracking(db: Db, key: TrackingKey & { tdsPoNumber: string; at: string }): Promise<boolean> {
  const rows = await db
    .update(orderTracking)
    .set({
      link: 'buyer_link',
      tdsPoNumbers: [key.tdsPoNumber],
      updatedAt: key.at,
      version: sql`${orderTracking.version} + 1`,
    })
    .where(
      and(
        eq(orderTracking.tenantId, key.tenantId),
        eq(orderTracking.cwPoId, key.cwPoId),
        eq(orderTracking.link, 'needs_link'),
      ),
    )
    .returning({ cwPoId: orderTracking.cwPoId });
  return rows.length > 0;
}

/** The PO that already follows this TD SYNNEX PO number, if any. */
export async function findByTdsPoNumber(
  db: Db,
  tenantId: string,
  tdsPoNumber: string,
): Promise<OrderTrackingRow | undefined> {
  const rows = await db
    .select()
    .from(orderTracking)
    .where(
      and(
        eq(orderTracking.tenantId, tenantId),
        sql`exists (select 1 from json_each(${orderTracking.tdsPoNumbers}) where upper(value) = upper(${tdsPoNumber}))`,
      ),
    )
    .limit(1);
  return rows[0];
}

/**
 * A deliberate re-order (new generation) gives a followed order new TD SYNNEX PO numbers: follow those from now on.
 * Returns false when the row already has them.
 */
export async function retargetTracking(
  db: Db,
  key: TrackingKey & { tdsPoNumbers: string[]; at: string },
): Promise<boolean> {
  const row = await getTracking(db, key);
  if (!row || JSON.stringify(row.tdsPoNumbers) === JSON.stringify(key.tdsPoNumbers)) return false;
  const saved = await saveTracking(
    db,
    { ...key, version: row.version },
    { tdsPoNumbers: key.tdsPoNumbers, lines: [], invoices: [], cwStatus: null, done: false, updatedAt: key.at },
  );
  return saved !== undefined;
}
