/** Catalog item → TD SYNNEX SKU from Product Sync's catalog map, in the shape pricing asks for. */
import type { Deps } from '../deps.ts';
import type { CatalogMapLookup } from '../pricing/opportunity-pricing.ts';
import { skusForCatalogItems } from './map-query.ts';

export function catalogMapLookup(deps: Deps): CatalogMapLookup {
  return (tenantId, catalogItemIds) => skusForCatalogItems(deps.db, tenantId, catalogItemIds);
}
