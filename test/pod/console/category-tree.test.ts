/**
 * The category picker's rules on the simulator's category list file (as TD SYNNEX sends it, parsed by the
 * server's parser): the tree's shape, tri-state ticks, ticking and unticking through a chosen ancestor, the
 * folding into a parent once all of it is chosen, codes missing from the list, and the search filter.
 */
import { describe, expect, it } from 'vitest';
import {
  buildCategoryTree,
  countInChosen,
  countsByPrefix,
  coveredCount,
  normaliseCodes,
  searchTree,
  tickState,
  toggleCode,
  unknownCodes,
} from '../../../pod/console/sections/category-tree.ts';
import { parseCategoryList } from '../../../server/connectors/tds/price-file-delivery.ts';
import { categoryFileText } from '../../../sim/tds/category-file.ts';

const list = parseCategoryList(categoryFileText());
const tree = buildCategoryTree(list);

describe('category tree', () => {
  it('nests the list as category → subcategory → leaf, every row once', () => {
    expect(tree.byCode.size).toBe(list.length);
    expect(tree.leaves).toHaveLength(list.filter((e) => e.level === 3).length);
    for (const root of tree.roots) expect(root.code).toMatch(/^\d{3}$/);
    const net = tree.byCode.get('006');
    expect(net?.children.every((c) => c.code.length === 6 && c.code.startsWith('006'))).toBe(true);
    expect(tree.byCode.get('006069')?.children.map((c) => c.code)).toContain('006069208');
  });

  it('builds a parent the file left out from the row’s own level names', () => {
    const t = buildCategoryTree([
      { code: '777001002', name: 'Widgets', level1: 'Gadgets', level2: 'Small gadgets' },
      { code: '777001003', name: 'Gizmos', level1: 'Gadgets', level2: 'Small gadgets' },
    ]);
    expect(t.roots.map((r) => [r.code, r.name])).toEqual([['777', 'Gadgets']]);
    expect(t.byCode.get('777001')?.name).toBe('Small gadgets');
    expect(t.byCode.get('777')?.leaves).toEqual(['777001002', '777001003']);
  });

  it('ticks, half-ticks and unticks by code prefix', () => {
    expect(tickState('006069208', ['006'])).toBe('checked');
    expect(tickState('006', ['006069208'])).toBe('mixed');
    expect(tickState('006069', ['006069208'])).toBe('mixed');
    expect(tickState('002', ['006069208'])).toBe('unchecked');
  });

  it('ticking a half-ticked parent chooses the parent alone', () => {
    expect(toggleCode(tree, ['006069208', '002057'], '006')).toEqual(['002057', '006']);
  });

  it('unticking a leaf under a chosen top category keeps every other branch', () => {
    const next = toggleCode(tree, ['006'], '006069208');
    const set = new Set(next);
    expect(tickState('006069208', next)).toBe('unchecked');
    expect(tickState('006', next)).toBe('mixed');
    expect(tickState('006069', next)).toBe('mixed');
    const net = tree.byCode.get('006');
    if (!net) throw new Error('006 missing');
    expect(coveredCount(net.leaves, set)).toBe(net.leaves.length - 1);
    // Ticking it again folds everything back into the top category.
    expect(toggleCode(tree, next, '006069208')).toEqual(['006']);
  });

  it('choosing each child of a subcategory folds into the subcategory', () => {
    const sub = tree.byCode.get('006069');
    if (!sub) throw new Error('006069 missing');
    let chosen: string[] = [];
    for (const child of sub.children) chosen = toggleCode(tree, chosen, child.code);
    expect(chosen).toEqual(tree.byCode.get('006')?.children.length === 1 ? ['006'] : ['006069']);
  });

  it('keeps chosen codes the list does not name and reports them', () => {
    const chosen = toggleCode(tree, ['999999'], '002');
    expect(chosen).toEqual(['002', '999999']);
    expect(unknownCodes(tree, chosen)).toEqual(['999999']);
    expect(normaliseCodes(['006052', '006', '006052285'])).toEqual(['006']);
  });

  it('searches by name or code, showing the path to each match and opening only that path', () => {
    const leaf = tree.byCode.get('006069208');
    if (!leaf) throw new Error('006069208 missing');
    const byName = searchTree(tree, leaf.name.toUpperCase());
    expect(byName?.shown.has('006069208')).toBe(true);
    expect(byName?.shown.has('006069')).toBe(true);
    expect(byName?.open.has('006')).toBe(true);
    expect(byName?.open.has('006069')).toBe(true);
    const byCode = searchTree(tree, '006069');
    expect([...(byCode?.shown ?? [])].every((c) => c === '006' || c.startsWith('006069'))).toBe(true);
    expect(byCode?.open.has('006069')).toBe(false);
    expect(searchTree(tree, '   ')).toBeNull();
    expect(searchTree(tree, 'no such category xyz')?.shown.size).toBe(0);
  });
});

describe('synced product counts', () => {
  const counts = { '006069208': 500, '006071684': 384, '009088257': 10 };
  it('sums each category code up to its subcategory and top category', () => {
    const byPrefix = countsByPrefix(counts);
    expect(byPrefix.get('006')).toBe(884);
    expect(byPrefix.get('006069')).toBe(500);
    expect(byPrefix.get('009088257')).toBe(10);
    expect(byPrefix.get('002')).toBeUndefined();
  });
  it('counts what the chosen codes cover', () => {
    expect(countInChosen(counts, new Set(['006']))).toBe(884);
    expect(countInChosen(counts, new Set(['006071', '009088257']))).toBe(394);
    expect(countInChosen(counts, new Set())).toBe(0);
  });
});
