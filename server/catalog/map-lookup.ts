/** Catalog item → TD SYNNEX SKU from Product Sync's catalog map, in the shape pricing asks for. */
import type { Deps } from '../deps.ts';
import { skusForCatalogItems } from './map-query.ts';

/** Product Sync's catalog map (catalog item id → TD SYNNEX SKU); empty until Product Sync has run. */
export type CatalogMapLookup = (tenantId: string, catalogItemIds: number[]) => Promise<Map<number, string>>;

export function catalogMapLookup(deps: Deps): CatalogMapLookup {
  return (tenantId, catalogItemIds) => skusForCatalogItems(deps.db, tenantId, catalogItemIds);
}
