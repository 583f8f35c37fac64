/**
 * The catalogue model: products laid out contiguously by category code, SKUs as an invertible modular
 * permutation of the index, and stock, prices and change dates as pure functions of (index, time).
 */

import {
  DEFAULT_TDS_CATALOG_SIZE,
  DEFAULT_TDS_SEED,
  TDS_DAILY_CHANGE_RATE,
  type TdsAvailability,
  type TdsCatalogOptions,
  type TdsCatalogProduct,
  type TdsWarehouseStock,
} from './tds-catalog-types.ts';
import { TDS_CATEGORIES, type TdsCategory } from './tds-categories.ts';
import { describe, fillPattern, layout, modInverse, mulMod, priceEnding, round2, upcFor } from './tds-generate.ts';
import { TDS_KINDS, type TdsKind } from './tds-kinds.ts';
import { type TdsManufacturer, tdsManufacturer } from './tds-manufacturers.ts';
import { PINNED, type Pinned, S } from './tds-pinned.ts';
import { Draws, hash32, salt, unit } from './tds-random.ts';
import { DEFAULT_TDS_WAREHOUSES, type TdsWarehouse } from './tds-warehouses.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const LOOKBACK_DAYS = 400;

const SKU_BASE = 1_000_000;
/** Newer SKUs have 8 digits (td-synnex.md corrections): products created from this date on get one. */
const SKU8_BASE = 10_000_000;
const EIGHT_DIGIT_SKUS_FROM = Date.UTC(2023, 0, 1);
const SKU_SPACE = 9_000_000;
/** Coprime with SKU_SPACE (= 2^6·3^2·5^6), so index → SKU is a bijection. */
const SKU_MULTIPLIERS = [7_654_321, 4_194_303, 6_291_469, 2_718_281];

export class TdsCatalog {
  readonly seed: number;
  readonly size: number;
  readonly warehouses: readonly TdsWarehouse[];
  /** starts[i] = first index of TDS_CATEGORIES[i]; starts[length] = size. */
  readonly #starts: Int32Array;
  readonly #skuMul: number;
  readonly #skuInv: number;
  readonly #skuAdd: number;
  readonly #pinnedByIndex = new Map<number, Pinned>();
  readonly #pinnedBySku = new Map<string, number>();
  #byMfgPN: Map<string, number> | undefined;

  constructor(opts: TdsCatalogOptions = {}) {
    this.seed = (opts.seed ?? DEFAULT_TDS_SEED) >>> 0;
    this.size = Math.max(0, Math.min(SKU_SPACE, Math.floor(opts.size ?? DEFAULT_TDS_CATALOG_SIZE)));
    this.warehouses = opts.warehouses ?? DEFAULT_TDS_WAREHOUSES;
    this.#starts = layout(this.size);
    this.#skuMul = SKU_MULTIPLIERS[this.seed % SKU_MULTIPLIERS.length] as number;
    this.#skuInv = modInverse(this.#skuMul, SKU_SPACE);
    this.#skuAdd = hash32(this.seed, salt('sku-offset')) % SKU_SPACE;
    for (const pin of PINNED) {
      const range = this.categoryRange(pin.category);
      if (range.end - range.start > pin.offset) {
        this.#pinnedByIndex.set(range.start + pin.offset, pin);
        this.#pinnedBySku.set(pin.sku, range.start + pin.offset);
      }
    }
  }

  // ── Layout ───────────────────────────────────────────────────────────────────────────────────────

  categoryOf(index: number): TdsCategory {
    let lo = 0;
    let hi = TDS_CATEGORIES.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return TDS_CATEGORIES[lo] as TdsCategory;
  }

  /** Index range [start, end) of every product whose category code starts with `prefix` ('' = all). */
  categoryRange(prefix: string): { start: number; end: number } {
    let first = -1;
    let last = -1;
    for (let i = 0; i < TDS_CATEGORIES.length; i++) {
      if ((TDS_CATEGORIES[i] as TdsCategory).code.startsWith(prefix)) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) return { start: 0, end: 0 };
    return { start: this.#starts[first] as number, end: this.#starts[last + 1] as number };
  }

  /** Product indexes in a category (any level, by code prefix), in index order. */
  *indexesInCategory(prefix: string): Generator<number> {
    const { start, end } = this.categoryRange(prefix);
    for (let i = start; i < end; i++) yield i;
  }

  categorySize(prefix: string): number {
    const { start, end } = this.categoryRange(prefix);
    return end - start;
  }

  // ── Products ─────────────────────────────────────────────────────────────────────────────────────

  skuOf(index: number): string {
    const pinned = this.#pinnedByIndex.get(index);
    if (pinned) return pinned.sku;
    const base = this.createdAt(index) >= EIGHT_DIGIT_SKUS_FROM ? SKU8_BASE : SKU_BASE;
    return String(base + ((index * this.#skuMul + this.#skuAdd) % SKU_SPACE));
  }

  indexOfSku(sku: string): number | undefined {
    const trimmed = sku.trim();
    const pinned = this.#pinnedBySku.get(trimmed);
    if (pinned !== undefined) return pinned;
    const eight = /^1\d{7}$/.test(trimmed) && Number(trimmed) < SKU8_BASE + SKU_SPACE;
    if (!eight && !/^\d{7}$/.test(trimmed)) return undefined;
    const base = eight ? SKU8_BASE : SKU_BASE;
    const offset = (Number(trimmed) - base - this.#skuAdd + SKU_SPACE * 2) % SKU_SPACE;
    const index = mulMod(offset, this.#skuInv, SKU_SPACE);
    if (index >= this.size || this.#pinnedByIndex.has(index)) return undefined;
    if (eight !== this.createdAt(index) >= EIGHT_DIGIT_SKUS_FROM) return undefined;
    return index;
  }

  manufacturerOf(index: number): TdsManufacturer {
    const pinned = this.#pinnedByIndex.get(index);
    if (pinned) return tdsManufacturer(pinned.fields.manufacturerKey);
    const kind = kindOf(this.categoryOf(index));
    const key = kind.makers[Math.floor(unit(this.seed ^ S.maker, index) * kind.makers.length)] as string;
    return tdsManufacturer(key);
  }

  mfgPNOf(index: number): string {
    const pinned = this.#pinnedByIndex.get(index);
    if (pinned?.fields.mfgPN) return pinned.fields.mfgPN;
    const maker = this.manufacturerOf(index);
    const draws = new Draws(this.seed, index, S.pn);
    return fillPattern(draws.pick(maker.patterns), draws);
  }

  product(index: number): TdsCatalogProduct {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`product index ${index} is outside 0..${this.size - 1}`);
    }
    const category = this.categoryOf(index);
    const kind = kindOf(category);
    const maker = this.manufacturerOf(index);
    const mfgPN = this.mfgPNOf(index);
    const draws = new Draws(this.seed, index, S.price);
    const unitCost = round2(draws.logUniform(kind.cost[0], kind.cost[1]));
    const msrp = priceEnding(unitCost * (1.12 + draws.next() * 0.38));
    const weightLb = round2(new Draws(this.seed, index, S.weight).logUniform(kind.lb[0], kind.lb[1]));
    const created = Date.UTC(2019, 0, 1) + Math.floor(unit(this.seed ^ S.created, index) * 6 * 365) * DAY;
    const base: TdsCatalogProduct = {
      index,
      sku: this.skuOf(index),
      mfgPN,
      mfgCode: maker.code,
      manufacturer: maker.name,
      description: describe(kind, maker, mfgPN, new Draws(this.seed, index, S.name)),
      categoryCode: category.code,
      unitCost,
      msrp,
      status: unit(this.seed ^ S.status, index) < 0.03 ? 'Discontinued' : 'Active',
      upc: upcFor(maker, index, this.seed, S.upc),
      weightLb: Math.max(0.01, weightLb),
      manufacturerKey: maker.key,
      vendorNo: maker.vendorNo,
      unspsc: category.unspsc,
      serialized: kind.serialized === true,
      createdAt: new Date(created).toISOString(),
    };
    const pinned = this.#pinnedByIndex.get(index);
    return pinned ? { ...base, ...pinned.fields } : base;
  }

  productBySku(sku: string): TdsCatalogProduct | undefined {
    const index = this.indexOfSku(sku);
    return index === undefined ? undefined : this.product(index);
  }

  /** Look-up by manufacturer part number (case-insensitive). The first index wins when two share a number. */
  productByMfgPN(mfgPN: string): TdsCatalogProduct | undefined {
    if (!this.#byMfgPN) {
      const map = new Map<string, number>();
      for (let i = 0; i < this.size; i++) {
        const key = this.mfgPNOf(i).toUpperCase();
        if (!map.has(key)) map.set(key, i);
      }
      this.#byMfgPN = map;
    }
    const index = this.#byMfgPN.get(mfgPN.trim().toUpperCase());
    return index === undefined ? undefined : this.product(index);
  }

  /** The demo account may not buy this manufacturer's products (P&A status "Not authorized"). */
  isAuthorized(index: number): boolean {
    return this.manufacturerOf(index).key !== 'apple';
  }

  // ── Time-dependent data ──────────────────────────────────────────────────────────────────────────

  createdAt(index: number): number {
    return Date.UTC(2019, 0, 1) + Math.floor(unit(this.seed ^ S.created, index) * 6 * 365) * DAY;
  }

  /** Milliseconds of the product's most recent data change at or before `at` (price, description, status). */
  lastModified(index: number, at: Date | number): number {
    const t = +at;
    const today = Math.floor(t / DAY);
    for (let d = today; d > today - LOOKBACK_DAYS; d--) {
      const changeAt = this.#changeOn(index, d);
      if (changeAt !== undefined && changeAt <= t) return changeAt;
    }
    return this.createdAt(index);
  }

  /** True when the product changed in (from, to]: the `modifiedFrom` filter and the delta price file. */
  changedBetween(index: number, from: Date | number, to: Date | number): boolean {
    const start = +from;
    const end = +to;
    if (end <= start) return false;
    if (this.createdAt(index) > start && this.createdAt(index) <= end) return true;
    for (let d = Math.floor(start / DAY); d <= Math.floor(end / DAY); d++) {
      const changeAt = this.#changeOn(index, d);
      if (changeAt !== undefined && changeAt > start && changeAt <= end) return true;
    }
    return false;
  }

  #changeOn(index: number, day: number): number | undefined {
    if (unit(this.seed ^ S.mod, index, day) >= TDS_DAILY_CHANGE_RATE) return undefined;
    const at = day * DAY + Math.floor(unit(this.seed ^ S.modAt, index, day) * DAY);
    return at < this.createdAt(index) ? undefined : at;
  }

  /** Customer cost and MSRP at a time: every data change moves the price by up to ±8 %. */
  priceAt(index: number, at: Date | number): { unitCost: number; msrp: number } {
    const p = this.product(index);
    const changed = this.lastModified(index, at);
    if (changed <= this.createdAt(index)) return { unitCost: p.unitCost, msrp: p.msrp };
    const factor = 0.92 + 0.16 * unit(this.seed ^ S.drift, index, Math.floor(changed / DAY));
    return { unitCost: round2(p.unitCost * factor), msrp: round2(p.msrp * factor) };
  }

  /**
   * Stock of one SKU in one warehouse at a time. Quantities move every 3–8 hours of simulator time
   * (per SKU); about 7 % of SKUs are out of stock everywhere and 5 % are drop-ship only (warehouse 98).
   */
  stock(index: number, warehouseNumber: number, at: Date | number): TdsWarehouseStock | undefined {
    const warehouse = this.warehouses.find((w) => w.number === warehouseNumber);
    if (!warehouse) return undefined;
    return this.#stockIn(index, warehouse, +at);
  }

  availability(index: number, at: Date | number): TdsAvailability {
    const t = +at;
    const warehouses = this.warehouses.map((w) => this.#stockIn(index, w, t));
    let totalQuantity = 0;
    let dropShipQuantity = 0;
    for (const s of warehouses) {
      if (s.warehouse.virtual) dropShipQuantity += s.qty;
      else totalQuantity += s.qty;
    }
    return { totalQuantity, dropShipQuantity, warehouses };
  }

  #stockIn(index: number, warehouse: TdsWarehouse, t: number): TdsWarehouseStock {
    const seed = this.seed;
    const wh = warehouse.number;
    const profile = unit(seed ^ S.avail, index);
    const outEverywhere = profile < 0.07;
    const dropShipOnly = profile >= 0.07 && profile < 0.12;
    const discontinued = unit(seed ^ S.status, index) < 0.03;
    const popularity = Math.exp(unit(seed ^ S.pop, index) * 6); // 1 … 400
    const period = 3 * HOUR + unit(seed ^ S.period, index) * 5 * HOUR;
    const bucket = Math.floor((t + period * unit(seed ^ S.period, index, 1)) / period);

    let qty = 0;
    if (warehouse.virtual) {
      if (dropShipOnly) qty = Math.round(popularity * 5 * (0.5 + unit(seed ^ S.qty, index, wh, bucket)));
      else if (!outEverywhere && unit(seed ^ S.stocked, index, wh) < 0.25) {
        qty = Math.round(popularity * 2 * unit(seed ^ S.qty, index, wh, bucket));
      }
    } else if (!outEverywhere && !dropShipOnly && unit(seed ^ S.stocked, index, wh) < warehouse.depth * 0.85) {
      const stockOut = unit(seed ^ S.qty, index, wh, bucket * 2 + 1) < 0.1;
      const shrink = discontinued ? 0.15 : 1;
      if (!stockOut) {
        qty = Math.round(popularity * warehouse.depth * shrink * (0.2 + 1.3 * unit(seed ^ S.qty, index, wh, bucket)));
      }
    }

    const result: TdsWarehouseStock = { warehouse, qty };
    if (!warehouse.virtual && !discontinued && !dropShipOnly) {
      const day = Math.floor(t / DAY);
      const chance = qty === 0 ? 0.45 : 0.12;
      if (unit(seed ^ S.onOrder, index, wh, day) < chance) {
        result.onOrderQuantity = 5 + Math.floor(unit(seed ^ S.onOrder, index, wh, day + 1e6) * popularity * 2);
        // A third of inbound stock has no ETA yet: TD SYNNEX omits the element then.
        if (unit(seed ^ S.onOrder, index, wh, day + 2e6) > 0.33) {
          const etaDays = 2 + Math.floor(unit(seed ^ S.onOrder, index, wh, day + 3e6) * 28);
          result.estimatedArrivalDate = new Date((day + etaDays) * DAY).toISOString().slice(0, 10);
        }
      }
    }
    return result;
  }
}

// ── Module-level API (the default catalogue per seed) ─────────────────────────────────────────────

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────────

function kindOf(category: TdsCategory): TdsKind {
  const kind = TDS_KINDS[category.kind];
  if (!kind) throw new Error(`category ${category.code} has unknown kind ${category.kind}`);
  return kind;
}
