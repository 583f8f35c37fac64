/**
 * The simulated TD SYNNEX catalogue: 120,000 products (by default) that exist only as pure functions of
 * (seed, index). Products are laid out contiguously by category code, so every category prefix is one index
 * range; SKUs are a modular permutation of the index (7-digit, sparse, invertible), so lookups by SKU are O(1)
 * and nothing is generated up front. Stock, prices and "last modified" drift with simulator time but are
 * still pure functions of (index, time). See sim/tds/README.md for the data model.
 *
 * Size: `createTdsCatalog({ size })`, or for the module-level helpers `configureTdsCatalog({ size })` or the
 * `TDS_CATALOG_SIZE` environment variable (read once, Node only).
 */
import { TdsCatalog } from './tds-catalog-model.ts';
import {
  DEFAULT_TDS_CATALOG_SIZE,
  DEFAULT_TDS_SEED,
  type TdsAvailability,
  type TdsCatalogOptions,
  type TdsCatalogProduct,
  type TdsWarehouseStock,
} from './tds-catalog-types.ts';
import { TDS_MANUFACTURERS } from './tds-manufacturers.ts';

export * from './tds-catalog-types.ts';
export { TdsCatalog };

let configuredSize: number | undefined;

const catalogs = new Map<string, TdsCatalog>();

function envSize(): number | undefined {
  const raw = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TDS_CATALOG_SIZE;
  const n = raw ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

/** Sets the size the module-level helpers use (tests and demos); `undefined` restores env/default. */
export function configureTdsCatalog(opts: { size?: number }): void {
  configuredSize = opts.size;
  catalogs.clear();
}

export function createTdsCatalog(opts: TdsCatalogOptions = {}): TdsCatalog {
  return new TdsCatalog(opts);
}

/** Shared instance for a seed/size (cheap to build: a layout of ~180 integers). */
export function tdsCatalog(seed = DEFAULT_TDS_SEED, size?: number): TdsCatalog {
  const resolved = size ?? configuredSize ?? envSize() ?? DEFAULT_TDS_CATALOG_SIZE;
  const key = `${seed}:${resolved}`;
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = new TdsCatalog({ seed, size: resolved });
    catalogs.set(key, catalog);
  }
  return catalog;
}

export function tdsCatalogSize(seed = DEFAULT_TDS_SEED): number {
  return tdsCatalog(seed).size;
}

export function tdsProduct(index: number, seed = DEFAULT_TDS_SEED): TdsCatalogProduct {
  return tdsCatalog(seed).product(index);
}

export function tdsProductBySku(sku: string, seed = DEFAULT_TDS_SEED): TdsCatalogProduct | undefined {
  return tdsCatalog(seed).productBySku(sku);
}

export function tdsProductByMfgPN(mfgPN: string, seed = DEFAULT_TDS_SEED): TdsCatalogProduct | undefined {
  return tdsCatalog(seed).productByMfgPN(mfgPN);
}

export function tdsIndexesInCategory(prefix: string, seed = DEFAULT_TDS_SEED): Generator<number> {
  return tdsCatalog(seed).indexesInCategory(prefix);
}

export function lastModified(index: number, simTime: Date | number, seed = DEFAULT_TDS_SEED): number {
  return tdsCatalog(seed).lastModified(index, simTime);
}

export function tdsAvailability(index: number, simTime: Date | number, seed = DEFAULT_TDS_SEED): TdsAvailability {
  return tdsCatalog(seed).availability(index, simTime);
}

export function tdsStock(
  sku: string,
  warehouseNumber: number,
  simTime: Date | number,
  seed = DEFAULT_TDS_SEED,
): TdsWarehouseStock | undefined {
  const catalog = tdsCatalog(seed);
  const index = catalog.indexOfSku(sku);
  return index === undefined ? undefined : catalog.stock(index, warehouseNumber, simTime);
}

export { TDS_MANUFACTURERS };
