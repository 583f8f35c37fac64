/**
 * Read-only lookups into Product Sync's catalog map for other features (Price & Availability maps opportunity
 * lines to TD SYNNEX SKUs with these). Only items Product Sync manages and that exist in ConnectWise are
 * returned; the map is written by Product Sync alone.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogMap } from '../../db/schema/catalog.ts';

const LINKED = ['active', 'inactive'] as const;

/** ConnectWise catalog item id → TD SYNNEX SKU, for the ids Product Sync manages. */
export async function skusForCatalogItems(
  db: Db,
  tenantId: string,
  catalogItemIds: readonly number[],
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const ids = [...new Set(catalogItemIds.filter((id) => Number.isInteger(id)))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({ cwId: catalogMap.cwId, sku: catalogMap.sku })
      .from(catalogMap)
      .where(
        and(
          eq(catalogMap.tenantId, tenantId),
          inArray(catalogMap.cwId, ids.slice(i, i + 500)),
          inArray(catalogMap.status, [...LINKED]),
        ),
      );
    for (const row of rows) if (row.cwId !== null) found.set(row.cwId, row.sku);
  }
  return found;
}

/**
 * TD SYNNEX SKU of a manufacturer part number (case-insensitive), among products Product Sync manages.
 * When two SKUs share the part number, the active one wins, then the lowest SKU.
 */
export async function skuForMfgPN(db: Db, tenantId: string, mfgPN: string): Promise<string | undefined> {
  const wanted = mfgPN.trim().toLowerCase();
  if (!wanted) return undefined;
  const rows = await db
    .select({ sku: catalogMap.sku, status: catalogMap.status })
    .from(catalogMap)
    .where(
      and(
        eq(catalogMap.tenantId, tenantId),
        eq(sql`lower(${catalogMap.mfgPN})`, wanted),
        isNotNull(catalogMap.cwId),
        inArray(catalogMap.status, [...LINKED]),
      ),
    );
  rows.sort((a, b) => (a.status === b.status ? a.sku.localeCompare(b.sku) : a.status === 'active' ? -1 : 1));
  return rows[0]?.sku;
}

/** The ConnectWise catalog item Product Sync keeps for a TD SYNNEX SKU (e.g. to add it to an opportunity). */
export async function catalogItemForSku(db: Db, tenantId: string, sku: string): Promise<number | undefined> {
  const [row] = await db
    .select({ cwId: catalogMap.cwId })
    .from(catalogMap)
    .where(
      and(eq(catalogMap.tenantId, tenantId), eq(catalogMap.sku, sku.trim()), inArray(catalogMap.status, [...LINKED])),
    )
    .limit(1);
  return row?.cwId ?? undefined;
}
