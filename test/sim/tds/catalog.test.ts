import { describe, expect, it } from 'vitest';
import {
  createTdsCatalog,
  lastModified,
  TDS_DAILY_CHANGE_RATE,
  tdsAvailability,
  tdsCatalogSize,
  tdsIndexesInCategory,
  tdsProduct,
  tdsProductBySku,
  tdsStock,
} from '../../../sim/data/tds-catalog.ts';
import { TDS_CATEGORIES, tdsCategoryName, tdsCategoryTree } from '../../../sim/data/tds-categories.ts';

const NOW = Date.UTC(2026, 5, 1, 12);

describe('TD SYNNEX catalogue', () => {
  it('has 120,000 products by default and is identical for the same seed', () => {
    expect(tdsCatalogSize()).toBe(120_000);
    expect(tdsProduct(4711)).toEqual(tdsProduct(4711, 42));
    expect(createTdsCatalog({ seed: 42 }).product(99_999)).toEqual(tdsProduct(99_999));
  });

  it('changes products with the seed', () => {
    expect(createTdsCatalog({ seed: 7 }).product(10).sku).not.toBe(tdsProduct(10).sku);
  });

  it('round-trips every SKU of a catalogue back to its index', () => {
    const catalog = createTdsCatalog({ size: 20_000, seed: 3 });
    for (let i = 0; i < catalog.size; i++) expect(catalog.indexOfSku(catalog.skuOf(i))).toBe(i);
  });

  it('returns undefined for SKUs that do not exist', () => {
    expect(tdsProductBySku('0000001')).toBeUndefined();
    expect(tdsProductBySku('abc')).toBeUndefined();
    const catalog = createTdsCatalog({ size: 10 });
    let misses = 0;
    for (let s = 1_000_000; s < 1_000_500; s++) if (catalog.productBySku(String(s)) === undefined) misses++;
    expect(misses).toBeGreaterThan(490);
  });

  it('uses valid 9-digit category codes from the tree and check-digit-valid UPCs', () => {
    for (const i of [0, 17, 5000, 33_333, 80_000, 119_999]) {
      const p = tdsProduct(i);
      expect(p.categoryCode).toMatch(/^\d{9}$/);
      expect(TDS_CATEGORIES.some((c) => c.code === p.categoryCode)).toBe(true);
      expect(p.upc).toMatch(/^\d{12}$/);
      const digits = [...p.upc].map(Number);
      const sum = digits.slice(0, 11).reduce((s, d, k) => s + d * (k % 2 === 0 ? 3 : 1), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[11]);
      expect(p.msrp).toBeGreaterThan(p.unitCost);
    }
  });

  it('pins the reference SKUs so documented examples resolve', () => {
    expect(tdsProductBySku('111578')).toMatchObject({
      mfgPN: 'NET7',
      categoryCode: '008112000',
      unitCost: 19.99,
      upc: '731304000204',
    });
    expect(tdsProductBySku('1031808')).toMatchObject({ mfgPN: '52107201', mfgCode: '676' });
    expect(tdsProductBySku('6544282')?.unitCost).toBe(389.99);
    expect(tdsProductBySku('439866')?.manufacturer).toBe('Logitech');
  });

  it('marks about 3 % of products discontinued', () => {
    let discontinued = 0;
    for (let i = 0; i < 20_000; i++) if (tdsProduct(i * 6).status === 'Discontinued') discontinued++;
    expect(discontinued / 20_000).toBeGreaterThan(0.02);
    expect(discontinued / 20_000).toBeLessThan(0.04);
  });

  it('skews category sizes: one leaf is above the 20,000 sync cap, most are small', () => {
    const catalog = createTdsCatalog();
    expect(catalog.categorySize('009088257')).toBeGreaterThan(20_000);
    expect(catalog.categorySize('009')).toBeGreaterThan(20_000);
    const small = TDS_CATEGORIES.filter((c) => catalog.categorySize(c.code) < 600).length;
    expect(small / TDS_CATEGORIES.length).toBeGreaterThan(0.5);
    expect(catalog.categorySize('')).toBe(120_000);
  });

  it('iterates a category prefix in index order at any level', () => {
    const l3 = [...tdsIndexesInCategory('003503481')];
    expect(l3.length).toBeGreaterThan(100);
    expect(l3.every((i, k) => k === 0 || i === (l3[k - 1] as number) + 1)).toBe(true);
    for (const i of l3.slice(0, 50)) expect(tdsProduct(i).categoryCode).toBe('003503481');
    const l1 = [...tdsIndexesInCategory('006')];
    expect(l1.every((i) => tdsProduct(i).categoryCode.startsWith('006'))).toBe(true);
    expect([...tdsIndexesInCategory('999')]).toEqual([]);
  });

  it('names nodes at every level and builds a tree', () => {
    expect(tdsCategoryName('003')).toBe('Digital Cameras/Keyboards/Input Devices');
    expect(tdsCategoryName('003503')).toBe('Video Camera / Accessory');
    expect(tdsCategoryName('003503481')).toBe('CCTV Camera');
    const tree = tdsCategoryTree();
    expect(tree.map((n) => n.code)).toContain('012');
    expect(tree.find((n) => n.code === '012')?.children.length).toBeGreaterThan(5);
  });

  it('looks up products by manufacturer part number', () => {
    const catalog = createTdsCatalog({ size: 30_000 });
    const p = catalog.product(12_345);
    expect(catalog.productByMfgPN(p.mfgPN.toLowerCase())?.mfgPN).toBe(p.mfgPN);
  });
});

describe('TD SYNNEX stock and changes over simulator time', () => {
  it('sums physical warehouses into totalQuantity and keeps 98 apart', () => {
    for (let i = 0; i < 200; i++) {
      const a = tdsAvailability(i * 37, NOW);
      const physical = a.warehouses.filter((w) => !w.warehouse.virtual).reduce((s, w) => s + w.qty, 0);
      expect(a.totalQuantity).toBe(physical);
      expect(a.warehouses.find((w) => w.warehouse.number === 98)?.qty).toBe(a.dropShipQuantity);
    }
  });

  it('has SKUs out of stock everywhere, drop-ship only SKUs and SKUs with on-order ETAs', () => {
    let none = 0;
    let dropOnly = 0;
    let eta = 0;
    for (let i = 0; i < 3000; i++) {
      const a = tdsAvailability(i * 40, NOW);
      if (a.totalQuantity === 0 && a.dropShipQuantity === 0) none++;
      if (a.totalQuantity === 0 && a.dropShipQuantity > 0) dropOnly++;
      if (a.warehouses.some((w) => w.estimatedArrivalDate && w.onOrderQuantity)) eta++;
    }
    expect(none).toBeGreaterThan(100);
    expect(dropOnly).toBeGreaterThan(60);
    expect(eta).toBeGreaterThan(300);
  });

  it('drifts stock every few hours of simulator time but is stable within the hour', () => {
    const sku = tdsProduct(2024).sku;
    const at = (h: number) => tdsAvailability(2024, NOW + h * 3_600_000).totalQuantity;
    expect(tdsStock(sku, 6, NOW)).toEqual(tdsStock(sku, 6, NOW));
    let changes = 0;
    for (let h = 0; h < 96; h += 4) if (at(h) !== at(h + 4)) changes++;
    expect(changes).toBeGreaterThan(5);
    expect(tdsStock(sku, 12345, NOW)).toBeUndefined();
  });

  it('changes a small daily subset of products and reports it through lastModified', () => {
    const catalog = createTdsCatalog({ size: 20_000 });
    let changed = 0;
    for (let i = 0; i < catalog.size; i++) if (catalog.changedBetween(i, NOW - 86_400_000, NOW)) changed++;
    expect(changed / catalog.size).toBeGreaterThan(TDS_DAILY_CHANGE_RATE / 2);
    expect(changed / catalog.size).toBeLessThan(TDS_DAILY_CHANGE_RATE * 2);
    const i = [...Array(catalog.size).keys()].find((k) => catalog.changedBetween(k, NOW - 86_400_000, NOW)) as number;
    const modified = catalog.lastModified(i, NOW);
    expect(modified).toBeGreaterThan(NOW - 86_400_000);
    expect(modified).toBeLessThanOrEqual(NOW);
    expect(lastModified(5, NOW)).toBeLessThanOrEqual(NOW);
  });

  it('moves the price when a product changes', () => {
    const catalog = createTdsCatalog({ size: 5_000 });
    let moved = 0;
    for (let i = 0; i < 500; i++) {
      const before = catalog.priceAt(i, NOW - 60 * 86_400_000).unitCost;
      if (catalog.priceAt(i, NOW).unitCost !== before) moved++;
    }
    expect(moved).toBeGreaterThan(200);
  });
});
