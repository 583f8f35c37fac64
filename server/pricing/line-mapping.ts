/**
 * Which TD SYNNEX product an opportunity line is: the catalog item's vendor SKU when the vendor is
 * TD SYNNEX, else the SKU Product Sync mapped to the catalog item, else its manufacturer part number.
 * Services and lines without a part number are explained rather than looked up. Pure.
 */
import type { LineNote, PricedLine } from '../wire/pricing.ts';
import type { LookupKey } from './pa-service.ts';

export interface CatalogFacts {
  id: number;
  identifier?: string;
  productClass?: string;
  vendorSku?: string;
  vendorName?: string;
  vendorIdentifier?: string;
  manufacturerPartNumber?: string;
}

export type LineMatch =
  | { key: LookupKey; matchedBy: NonNullable<PricedLine['matchedBy']> }
  | { key: null; note: Extract<LineNote, 'service_line' | 'no_part_number'> };

const NOT_GOODS = new Set(['service', 'agreement']);
const isTdSynnex = (name?: string) => !!name && /td\s*synnex|tdsynnex|synnex/i.test(name);

export function matchLine(
  productClass: string | undefined,
  item: CatalogFacts | undefined,
  mappedSku: string | undefined,
): LineMatch {
  const cls = (productClass ?? item?.productClass ?? '').toLowerCase();
  if (NOT_GOODS.has(cls)) return { key: null, note: 'service_line' };
  if (item?.vendorSku && (isTdSynnex(item.vendorName) || isTdSynnex(item.vendorIdentifier))) {
    return { key: `sku:${item.vendorSku}`, matchedBy: 'vendor_sku' };
  }
  if (mappedSku) return { key: `sku:${mappedSku}`, matchedBy: 'catalog_map' };
  const mpn = item?.manufacturerPartNumber?.trim();
  if (mpn) return { key: `mpn:${mpn}`, matchedBy: 'manufacturer_part' };
  return { key: null, note: 'no_part_number' };
}
