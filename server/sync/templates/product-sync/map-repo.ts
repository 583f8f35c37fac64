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
const WRITE_BATCH = 100;

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

/**
 * Rows holding one of these identifiers. Exact match, so the index serves it; ConnectWise compares without
 * case, and a create that differs only in case is refused there and recorded as a conflict.
 */
export async function rowsByIdentifier(
  db: Db,
  tenantId: string,
  identifiers: readonly string[],
): Promise<Map<string, MapRow>> {
  const found = new Map<string, MapRow>();
  for (const part of chunks([...new Set(identifiers)])) {
    if (part.length === 0) continue;
    const rows = await db
      .select()
      .from(catalogMap)
      .where(
        and(
          eq(catalogMap.tenantId, tenantId),
          inArray(catalogMap.identifier, part),
          inArray(catalogMap.status, ['pending', 'active', 'inactive']),
        ),
      );
    for (const row of rows) found.set(row.identifier.toLowerCase(), row);
  }
  return found;
}

const COLUMNS = [
  ['tenant_id', 'tenantId'],
  ['sku', 'sku'],
  ['cw_id', 'cwId'],
  ['identifier', 'identifier'],
  ['mfg_pn', 'mfgPN'],
  ['manufacturer', 'manufacturer'],
  ['category_code', 'categoryCode'],
  ['status', 'status'],
  ['written', 'written'],
  ['observed', 'observed'],
  ['seen_run', 'seenRun'],
  ['seen_step', 'seenStep'],
  ['cw_seen_run', 'cwSeenRun'],
  ['changed_run', 'changedRun'],
  ['change', 'change'],
  ['note', 'note'],
  ['updated_at', 'updatedAt'],
] as const satisfies ReadonlyArray<readonly [string, keyof NewMapRow]>;
const JSON_COLUMNS = new Set<keyof NewMapRow>(['written', 'observed']);
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
const UPSERT_TAIL = ` on conflict (tenant_id, sku) do update set ${COLUMNS.slice(2)
  .map(([column]) => `${column} = excluded.${column}`)
  .join(', ')}`;

/**
 * Inserts or replaces whole rows (the caller merged them): one multi-row statement per hundred rows. Plain SQL
 * here, because building a query object per row costs far more memory than the rows themselves at 100,000.
 */
export async function saveRows(db: Db, rows: readonly NewMapRow[]): Promise<void> {
  for (const part of chunks(rows, WRITE_BATCH)) {
    if (part.length === 0) continue;
    const args: Array<string | number | null> = [];
    for (const row of part) {
      for (const [, key] of COLUMNS) {
        const value = row[key];
        args.push(JSON_COLUMNS.has(key) ? JSON.stringify(value ?? {}) : ((value ?? null) as string | number | null));
      }
    }
    const sql = `insert into catalog_map (${COLUMNS.map(([c]) => c).join(', ')}) values ${part.map(() => ROW_PLACEHOLDERS).join(', ')}${UPSERT_TAIL}`;
    await db.$client.execute({ sql, args });
  }
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

/** `countActive` per TD SYNNEX category code (what the console's category picker shows against the cap). */
export async function countActiveByCategory(db: Db, tenantId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ code: catalogMap.categoryCode, n: sql<number>`count(*)` })
    .from(catalogMap)
    .where(and(eq(catalogMap.tenantId, tenantId), inArray(catalogMap.status, ['active', 'pending'])))
    .groupBy(catalogMap.categoryCode);
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
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
