/**
 * Every SQL on Product Sync's tables (catalog_map, catalog_sync_state). Writes go in `db.batch` groups, not
 * interactive transactions, which not every libSQL transport offers; each statement is safe to redo.
 */
import { and, eq, gt, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import {
  type CatalogMapRow,
  type CatalogSyncState,
  catalogMap,
  catalogSyncState,
} from '../../../../db/schema/catalog.ts';

export type MapRow = CatalogMapRow;
export type NewMapRow = typeof catalogMap.$inferInsert;

/** SQLite allows many bound variables, but short IN lists keep plans and logs readable. */
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function rowsBySku(db: Db, tenantId: string, skus: readonly string[]): Promise<Map<string, MapRow>> {
  const found = new Map<string, MapRow>();
  for (const part of chunks([...new Set(skus)])) {
    if (part.length === 0) continue;
    const rows = await db
      .select()
      .from(catalogMap)
      .where(and(eq(catalogMap.tenantId, tenantId), inArray(catalogMap.sku, part)));
    for (const row of rows) found.set(row.sku, row);
  }
  return found;
}

/** Rows (other than `exceptSkus`) holding one of these identifiers, compared as ConnectWise does: case-insensitively. */
export async function rowsByIdentifier(
  db: Db,
  tenantId: string,
  identifiers: readonly string[],
): Promise<Map<string, MapRow>> {
  const found = new Map<string, MapRow>();
  for (const part of chunks([...new Set(identifiers.map((i) => i.toLowerCase()))])) {
    if (part.length === 0) continue;
    const rows = await db
      .select()
      .from(catalogMap)
      .where(
        and(
          eq(catalogMap.tenantId, tenantId),
          inArray(sql`lower(${catalogMap.identifier})`, part),
          inArray(catalogMap.status, ['pending', 'active', 'inactive']),
        ),
      );
    for (const row of rows) found.set(row.identifier.toLowerCase(), row);
  }
  return found;
}

/** Inserts or replaces whole rows (the caller merged them), in one batch. */
export async function saveRows(db: Db, rows: readonly NewMapRow[]): Promise<void> {
  if (rows.length === 0) return;
  const statements = rows.map((row) =>
    db
      .insert(catalogMap)
      .values(row)
      .onConflictDoUpdate({
        target: [catalogMap.tenantId, catalogMap.sku],
        set: {
          cwId: row.cwId ?? null,
          identifier: row.identifier,
          mfgPN: row.mfgPN,
          manufacturer: row.manufacturer,
          categoryCode: row.categoryCode,
          status: row.status,
          written: row.written,
          observed: row.observed,
          seenRun: row.seenRun ?? null,
          seenStep: row.seenStep ?? null,
          cwSeenRun: row.cwSeenRun ?? null,
          changedRun: row.changedRun ?? null,
          change: row.change ?? null,
          note: row.note ?? null,
          updatedAt: row.updatedAt,
        },
      }),
  );
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
}

/** Marks products as seen in scope by this run and step (one UPDATE per chunk). */
export async function markSeen(db: Db, tenantId: string, skus: readonly string[], runId: number, step: number) {
  for (const part of chunks(skus)) {
    if (part.length === 0) continue;
    await db
      .update(catalogMap)
      .set({ seenRun: runId, seenStep: step })
      .where(and(eq(catalogMap.tenantId, tenantId), inArray(catalogMap.sku, part)));
  }
}

/** Marks ConnectWise items as read by this run. */
export async function markCwSeen(db: Db, tenantId: string, skus: readonly string[], runId: number) {
  for (const part of chunks(skus)) {
    if (part.length === 0) continue;
    await db
      .update(catalogMap)
      .set({ cwSeenRun: runId })
      .where(and(eq(catalogMap.tenantId, tenantId), inArray(catalogMap.sku, part)));
  }
}

/** Rows whose create may or may not have reached ConnectWise (a crash between POST and save). */
export async function pendingRows(db: Db, tenantId: string, limit: number): Promise<MapRow[]> {
  return db
    .select()
    .from(catalogMap)
    .where(and(eq(catalogMap.tenantId, tenantId), eq(catalogMap.status, 'pending')))
    .orderBy(catalogMap.sku)
    .limit(limit);
}

/**
 * Managed, active items this pass did not see in scope (discontinued, out of scope, beyond the cap), after
 * `afterSku`, in SKU order. Items ConnectWise no longer has (not read this run) are not included.
 */
export async function rowsNotSeen(
  db: Db,
  tenantId: string,
  runId: number,
  afterSku: string,
  limit: number,
): Promise<MapRow[]> {
  return db
    .select()
    .from(catalogMap)
    .where(
      and(
        eq(catalogMap.tenantId, tenantId),
        eq(catalogMap.status, 'active'),
        isNotNull(catalogMap.cwId),
        eq(catalogMap.cwSeenRun, runId),
        or(sql`${catalogMap.seenRun} is null`, ne(catalogMap.seenRun, runId)),
        gt(catalogMap.sku, afterSku),
      ),
    )
    .orderBy(catalogMap.sku)
    .limit(limit);
}

/** Items that were managed but were not read from ConnectWise this run: deleted there, or no longer marked. */
export async function markVanished(db: Db, tenantId: string, runId: number, at: string): Promise<number> {
  const result = await db
    .update(catalogMap)
    .set({
      status: 'removed',
      cwId: null,
      note: 'The ConnectWise item was deleted or its Integration XRef cleared.',
      updatedAt: at,
    })
    .where(
      and(
        eq(catalogMap.tenantId, tenantId),
        inArray(catalogMap.status, ['active', 'inactive']),
        or(sql`${catalogMap.cwSeenRun} is null`, ne(catalogMap.cwSeenRun, runId)),
      ),
    );
  return result.rowsAffected;
}

export async function countActive(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(catalogMap)
    .where(and(eq(catalogMap.tenantId, tenantId), inArray(catalogMap.status, ['active', 'pending'])));
  return Number(row?.n ?? 0);
}

export async function getState(db: Db, tenantId: string): Promise<CatalogSyncState | undefined> {
  const [row] = await db.select().from(catalogSyncState).where(eq(catalogSyncState.tenantId, tenantId)).limit(1);
  return row;
}

export async function saveState(
  db: Db,
  tenantId: string,
  patch: Partial<Omit<CatalogSyncState, 'tenantId'>>,
  at: string,
): Promise<void> {
  const values = { manufacturers: {}, ...patch, tenantId, updatedAt: at };
  await db
    .insert(catalogSyncState)
    .values(values)
    .onConflictDoUpdate({ target: catalogSyncState.tenantId, set: { ...patch, updatedAt: at } });
}
