import { describe, expect, it } from 'vitest';
import {
  changedFields,
  createBody,
  desiredFields,
  identifierFor,
  observedFields,
  patchOps,
  type SourceProduct,
} from '../../../../server/sync/templates/product-sync/mapping.ts';
import { allowances } from '../../../../server/sync/templates/product-sync/price-file-source.ts';
import {
  normaliseCategories,
  ProductSyncSettings,
  scopeKey,
} from '../../../../server/sync/templates/product-sync/settings.ts';

const product: SourceProduct = {
  sku: '6544282',
  mfgPN: 'P2422H',
  manufacturer: 'Dell Technologies',
  description: 'DELL 24 MONITOR - P2422H - 23.8IN FHD IPS 1920X1080 60HZ HDMI DP USB 3.2 HEIGHT ADJUSTABLE',
  categoryCode: '005038126',
  discontinued: false,
  cost: 389.99,
  msrp: 479.99,
};
const refs = { vendor: { id: 250 }, manufacturerId: (name: string) => (name === 'Dell Technologies' ? 22 : undefined) };
const settings = (input: Record<string, unknown> = {}) =>
  ProductSyncSettings.parse({ categories: ['005'], mapping: { subcategory: 'Monitors' }, ...input });

describe('Product Sync settings', () => {
  it('accepts {} (nothing chosen) and fills the documented defaults: the price file, as TD SYNNEX delivers its US catalog', () => {
    const s = ProductSyncSettings.parse({});
    expect(s).toMatchObject({
      categories: [],
      source: { type: 'price-file', from: 'tds' },
      identifier: { rule: 'mfgPN' },
      price: { rule: 'markup', percent: 20 },
      updateCost: true,
      cap: 20_000,
      incremental: true,
      mapping: { category: { name: 'Hardware' }, productClass: 'NonInventory', unitOfMeasure: { name: 'Each' } },
    });
  });

  it('requires a subcategory once categories are chosen, unless rules give one for each category', () => {
    const missing = ProductSyncSettings.safeParse({ categories: ['006052'] });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['mapping', 'subcategory']);
    const byRule = ProductSyncSettings.safeParse({
      categories: ['006052', '006071'],
      mapping: { byCategory: [{ tdsCategory: '006', subcategory: 12 }] },
    });
    expect(byRule.success).toBe(true);
  });

  it('refuses category codes that are not 3, 6 or 9 digits', () => {
    expect(ProductSyncSettings.safeParse({ categories: ['0060'], mapping: { subcategory: 'x' } }).success).toBe(false);
  });

  it('keeps only the broadest of overlapping categories and changes the scope key with the scope', () => {
    expect(normaliseCategories(['006052285', '006', '002057', '006052'])).toEqual(['002057', '006']);
    expect(scopeKey(settings())).toBe(scopeKey(settings()));
    expect(scopeKey(settings({ categories: ['005', '006'] }))).not.toBe(scopeKey(settings()));
    expect(scopeKey(settings({ cap: 100 }))).not.toBe(scopeKey(settings()));
  });
});

describe('Product Sync mapping', () => {
  it('maps a product to the managed fields with a 20% markup on cost', () => {
    const { managed, onCreate } = desiredFields(product, 'P2422H', settings(), refs);
    expect(managed).toEqual({
      identifier: 'P2422H',
      description: product.description.slice(0, 60).trim(),
      customerDescription: product.description,
      manufacturerPartNumber: 'P2422H',
      vendorSku: '6544282',
      manufacturer: { id: 22 },
      vendor: { id: 250 },
      category: { name: 'Hardware' },
      subcategory: { name: 'Monitors' },
      type: { name: 'Hardware' },
      unitOfMeasure: { name: 'Each' },
      productClass: 'NonInventory',
      price: 467.99,
      cost: 389.99,
    });
    expect(onCreate).toEqual({});
  });

  it('prices at MSRP, or sets the price once and leaves it alone', () => {
    expect(desiredFields(product, 'x', settings({ price: { rule: 'msrp' } }), refs).managed.price).toBe(479.99);
    const none = desiredFields(product, 'x', settings({ price: { rule: 'none' }, updateCost: false }), refs);
    expect(none.managed.price).toBeUndefined();
    expect(none.managed.cost).toBeUndefined();
    expect(none.onCreate).toEqual({ price: 479.99, cost: 389.99 });
  });

  it('uses the most specific category rule and the SKU identifier rule', () => {
    const s = settings({
      identifier: { rule: 'sku', prefix: 'TDS-' },
      mapping: {
        subcategory: 'Monitors',
        byCategory: [
          { tdsCategory: '005', subcategory: 'Displays', type: 'Display' },
          { tdsCategory: '005038', subcategory: 'LCD Display' },
        ],
      },
    });
    const id = identifierFor(product, s);
    expect(id).toEqual({ ok: true, identifier: 'TDS-6544282' });
    const { managed } = desiredFields(product, 'TDS-6544282', s, refs);
    expect(managed.subcategory).toEqual({ name: 'LCD Display' });
    expect(managed.type).toEqual({ name: 'Display' });
    expect(identifierFor({ ...product, mfgPN: ' ' }, settings())).toEqual({ ok: false, reason: 'no_part_number' });
  });

  it('keeps a buyer edit until TD SYNNEX changes that value; a full resync restores it', () => {
    const { managed } = desiredFields(product, 'P2422H', settings(), refs);
    const edited = { ...managed, price: 499, subcategory: { id: 7, name: 'monitors' } };
    expect(changedFields(managed, managed, edited, 'written')).toEqual([]);
    expect(changedFields(managed, managed, edited, 'observed')).toEqual(['price']);
    const cheaper = desiredFields({ ...product, cost: 379.99 }, 'P2422H', settings(), refs).managed;
    expect(changedFields(cheaper, managed, edited, 'written')).toEqual(['price', 'cost']);
  });

  it('compares adopted items (nothing written yet) with what ConnectWise holds', () => {
    const { managed } = desiredFields(product, 'P2422H', settings(), refs);
    const item = {
      id: 1571,
      ...createBody(product.sku, managed, {}),
      manufacturer: { id: 22, name: 'Dell Technologies' },
      vendor: { id: 250, identifier: 'TDSYNNEX', name: 'TD SYNNEX' },
      category: { id: 1, name: 'Hardware' },
      subcategory: { id: 9, name: 'Monitors' },
      type: { id: 1, name: 'Hardware' },
      unitOfMeasure: { id: 1, name: 'Each' },
      cost: 350,
    };
    expect(changedFields(managed, {}, observedFields(item), 'written')).toEqual(['cost']);
  });

  it('patches whole references and plain values, never sub-paths', () => {
    const { managed } = desiredFields(product, 'P2422H', settings(), refs);
    expect(patchOps(managed, ['price', 'manufacturer', 'subcategory'])).toEqual([
      { op: 'replace', path: 'price', value: 467.99 },
      { op: 'replace', path: 'manufacturer', value: { id: 22 } },
      { op: 'replace', path: 'subcategory', value: { name: 'Monitors' } },
    ]);
    expect(createBody(product.sku, managed, {})).toMatchObject({ integrationXRef: 'TDS:6544282', inactiveFlag: false });
  });

  it('shares the cap among categories in code order', () => {
    expect(allowances({ '006': 70, '002': 50, '009': 40 }, 100)).toEqual({ '002': 50, '006': 50, '009': 0 });
  });
});
