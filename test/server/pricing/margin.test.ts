import { describe, expect, it } from 'vitest';
import { matchLine } from '../../../server/pricing/line-mapping.ts';
import { marginFlags, repriced } from '../../../server/pricing/margin.ts';

const settings = { minMarginPct: 10, costMoveThresholdPct: 5 };

describe('margin guard', () => {
  it('computes the margin at the TD SYNNEX cost and flags lines below the minimum', () => {
    expect(marginFlags({ psaCost: 100, psaPrice: 120 }, 100, settings)).toMatchObject({
      pct: 16.67,
      amount: 20,
      flag: 'ok',
    });
    expect(marginFlags({ psaCost: 100, psaPrice: 105 }, 100, settings)).toMatchObject({ flag: 'below_minimum' });
    expect(marginFlags({ psaCost: 100, psaPrice: 95 }, 100, settings)).toMatchObject({ flag: 'negative', amount: -5 });
  });

  it('flags a TD SYNNEX cost that moved more than the threshold from the PSA cost', () => {
    expect(marginFlags({ psaCost: 100, psaPrice: 150 }, 106, settings)).toMatchObject({
      costMoved: true,
      costMovedPct: 6,
    });
    expect(marginFlags({ psaCost: 100, psaPrice: 150 }, 96, settings)).toMatchObject({
      costMoved: false,
      costMovedPct: -4,
    });
  });

  it('has nothing to say without a TD SYNNEX cost or a price', () => {
    expect(marginFlags({ psaCost: 10, psaPrice: null }, 9, settings).flag).toBeNull();
    expect(marginFlags({ psaCost: 10, psaPrice: 12 }, null, settings).pct).toBeNull();
  });

  it('reprices per rule: markup, keep margin, or leave', () => {
    expect(repriced({ kind: 'markup', percent: 20 }, { psaCost: 100, psaPrice: 130 }, 90)).toBe(108);
    expect(repriced({ kind: 'keep_margin' }, { psaCost: 80, psaPrice: 100 }, 90)).toBe(112.5);
    expect(repriced({ kind: 'leave' }, { psaCost: 80, psaPrice: 100 }, 90)).toBeNull();
  });
});

describe('matching lines to TD SYNNEX', () => {
  it('prefers the TD SYNNEX vendor SKU, then the catalog map, then the manufacturer part number', () => {
    const item = { id: 1, vendorSku: '123', vendorName: 'TD SYNNEX', manufacturerPartNumber: 'ABC-1' };
    expect(matchLine('Inventory', item, '999')).toEqual({ key: 'sku:123', matchedBy: 'vendor_sku' });
    expect(matchLine('Inventory', { ...item, vendorName: 'Other' }, '999')).toEqual({
      key: 'sku:999',
      matchedBy: 'catalog_map',
    });
    expect(matchLine('Inventory', { ...item, vendorName: 'Other' }, undefined)).toEqual({
      key: 'mpn:ABC-1',
      matchedBy: 'manufacturer_part',
    });
  });

  it('explains service lines and items without a part number', () => {
    expect(matchLine('Service', { id: 2 }, undefined)).toEqual({ key: null, note: 'service_line' });
    expect(matchLine('Inventory', { id: 3 }, undefined)).toEqual({ key: null, note: 'no_part_number' });
  });
});
