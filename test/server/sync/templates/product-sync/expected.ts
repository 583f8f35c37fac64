/** What Product Sync should have produced, computed independently from the simulated TD SYNNEX catalogue. */
import type { TdsCatalogProduct } from '../../../../../sim/data/tds-catalog.ts';
import type { Harness } from './harness.ts';

export interface ExpectedProduct extends TdsCatalogProduct {
  cost: number;
  listPrice: number;
}

/** Products of the chosen categories in the order TD SYNNEX lists them (category code, then its own order). */
export function productsIn(h: Harness, codes: readonly string[], at = h.clock.now()): ExpectedProduct[] {
  const catalog = h.tds.catalog;
  const out: ExpectedProduct[] = [];
  for (const code of [...codes].sort()) {
    for (const index of catalog.indexesInCategory(code)) {
      const p = catalog.product(index);
      const price = catalog.priceAt(index, at);
      out.push({ ...p, cost: price.unitCost, listPrice: price.msrp });
    }
  }
  return out;
}

/** Identifiers (lower case) of catalog items Product Sync does not manage. */
export function unmanagedIdentifiers(h: Harness): Set<string> {
  return new Set(
    h
      .catalog()
      .filter((i) => !String(i.integrationXRef ?? '').startsWith('TDS:'))
      .map((i) => String(i.identifier).toLowerCase()),
  );
}

/**
 * SKUs that should be in ConnectWise: active, first `cap` in order, identifier (part number) not taken by an
 * unmanaged item, first of two products sharing a part number.
 */
export function expectedSkus(h: Harness, codes: readonly string[], cap = Number.POSITIVE_INFINITY): string[] {
  const taken = unmanagedIdentifiers(h);
  const claimed = new Set<string>();
  const skus: string[] = [];
  let counted = 0;
  for (const p of productsIn(h, codes)) {
    if (p.status === 'Discontinued') continue;
    if (counted++ >= cap) break;
    const key = p.mfgPN.toLowerCase();
    if (taken.has(key) || claimed.has(key)) continue;
    claimed.add(key);
    skus.push(p.sku);
  }
  return skus.sort();
}

export const managedSkus = (h: Harness, opts: { active?: boolean } = {}) =>
  h
    .managed()
    .filter((i) => opts.active === undefined || (i.inactiveFlag === true) !== opts.active)
    .map((i) => String(i.integrationXRef).slice(4))
    .sort();

export const round2 = (n: number) => Math.round(n * 100) / 100;
