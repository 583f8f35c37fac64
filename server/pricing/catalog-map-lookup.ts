/** Catalog item → TD SYNNEX SKU from Product Sync's catalog map, in the shape pricing asks for. */
import type { Deps } from '../deps.ts';
import { skusForCatalogItems } from '../sync/templates/product-sync/catalog-map.ts';
import type { CatalogMapLookup } from './opportunity-pricing.ts';

export function catalogMapLookup(deps: Deps): CatalogMapLookup {
  return (tenantId, catalogItemIds) => skusForCatalogItems(deps.db, tenantId, catalogItemIds);
}
