import { afterEach, describe, expect, it } from 'vitest';
import { ensureDemoSelection } from '../../../../server/bootstrap/demo-selection.ts';
import { expectedSkus, managedSkus, productsIn } from './product-sync/expected.ts';
import { type Harness, startHarness, TENANT } from './product-sync/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Product Sync scope: the cap and TD SYNNEX search windows', () => {
  it('syncs up to the cap in category order and names the categories that overflow', async () => {
    h = await startHarness();
    const categories = ['006052', '006070', '006324'];
    await h.setSettings({ categories, cap: 150, mapping: { subcategory: 'Network Device' } });
    const run = await h.run();

    expect(run.state).toBe('succeeded_with_warnings');
    expect(managedSkus(h)).toEqual(expectedSkus(h, categories, 150));
    expect(h.managed().length).toBeLessThanOrEqual(150);
    const warning = run.warnings.find((w) => w.code === 'product_sync_cap_reached');
    expect(warning?.message).toContain('006070');
    expect(warning?.message).toContain('006324');
    expect(warning?.message).not.toContain('006052 (');
    expect(warning?.message).toMatch(/price[- ]file/);
    expect(run.skippedReasons.over_cap).toBeGreaterThan(0);
  });

  it('deactivates what falls beyond a lowered cap only after the pass completes', async () => {
    h = await startHarness();
    const categories = ['006052', '006070'];
    await h.setSettings({ categories, mapping: { subcategory: 'Network Device' } });
    await h.run();
    const before = managedSkus(h);

    await h.setSettings({ categories, cap: 100, mapping: { subcategory: 'Network Device' } });
    const run = await h.run();
    const kept = expectedSkus(h, categories, 100);
    expect(managedSkus(h, { active: true })).toEqual(kept);
    expect(managedSkus(h)).toEqual(before);
    expect(run.counts.deactivated).toBe(before.length - kept.length);
  });

  it('splits searches over the window so no product of a large category is missed', async () => {
    // 009 holds ~1,200 products at this size; one 9-digit category alone (843) is over the 400-row window,
    // each of its manufacturers is not.
    h = await startHarness({ window: 400 });
    const categories = ['009'];
    // The window is learnt from the first search that comes back short; the rest are split before reading.
    await h.setSettings({ categories, mapping: { subcategory: 'Printer Consumables' } });
    const run = await h.run();

    expect(run.state).toBe('succeeded');
    const all = productsIn(h, categories);
    expect(all.length).toBeGreaterThan(1000);
    expect(managedSkus(h)).toEqual(expectedSkus(h, categories));
    expect(run.warnings).toEqual([]);
  });

  it('reports what a search cannot reach and deactivates nothing in that category', async () => {
    h = await startHarness();
    const big = '009088257';
    const settings = { categories: [big], mapping: { subcategory: 'Printer Consumables' } };
    await h.setSettings(settings);
    await h.run();
    const synced = managedSkus(h, { active: true });
    expect(synced.length).toBeGreaterThan(600);

    // As if TD SYNNEX's window shrank to 100 rows: every manufacturer of the category has more than that.
    await h.setSettings({ ...settings, catalogueWindow: 100 });
    const run = await h.run();
    expect(run.state).toBe('succeeded_with_warnings');
    const warning = run.warnings.find((w) => w.code === 'catalogue_window_exceeded');
    expect(warning?.message).toContain(big);
    expect(run.counts.deactivated).toBe(0);
    expect(managedSkus(h, { active: true })).toEqual(synced);
  });

  it('syncs the demo selection bootstrap saves for a tenant on the simulators with no categories chosen', async () => {
    h = await startHarness({ environment: 'simulator' });
    expect(await ensureDemoSelection(h.db, TENANT, new Date())).toBe(true);
    // Chosen categories are the buyer's: bootstrap never replaces them.
    expect(await ensureDemoSelection(h.db, TENANT, new Date())).toBe(false);
    const run = await h.run();
    expect(run.state).toBe('succeeded');
    expect(run.counts.added).toBeGreaterThan(0);
    const categories = new Set(productsIn(h, ['006069208', '006071684']).map((p) => p.sku));
    for (const sku of managedSkus(h)) expect(categories.has(sku)).toBe(true);
    const adapters = h.managed().filter((i) => (i.subcategory as { name: string }).name === 'Network Adapter');
    expect(adapters.length).toBeGreaterThan(0);
  });

  it('does nothing, with a warning, for a tenant that chose no categories (simulator or not)', async () => {
    h = await startHarness({ environment: 'simulator' });
    const run = await h.run();
    expect(run.state).toBe('succeeded_with_warnings');
    expect(run.warnings.map((w) => w.code)).toEqual(['product_sync_not_configured']);
    expect(run.upstreamCalls).toBe(0);
  });

  it('refuses categories without a ConnectWise subcategory, naming the field', async () => {
    h = await startHarness();
    await expect(h.setSettings({ categories: ['006052'] })).rejects.toMatchObject({
      code: 'invalid_template_settings',
      message: expect.stringContaining('mapping.subcategory'),
    });
    // One period at the end, shown as is by the console's category picker (it read "category..").
    await expect(h.setSettings({ categories: ['006052'] })).rejects.toMatchObject({
      message: expect.stringMatching(/for each chosen category\.$/),
    });
    await expect(
      h.setSettings({
        categories: ['006052'],
        mapping: { byCategory: [{ tdsCategory: '006', subcategory: 'Hub / Switch' }] },
      }),
    ).resolves.toBeUndefined();
    const view = await h.engine.settings(TENANT, 'product-sync');
    expect(view.valid).toBe(true);
  });
});

describe('Product Sync in the running server', () => {
  it('syncs the demo tenant out of the box (start(), simulators on, settings untouched)', async () => {
    const { start } = await import('../../../../server/entry/node.ts');
    const server = await start({
      env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on' },
      quiet: true,
      buildPod: false,
      catalogSize: 5_000,
      tickIntervalMs: 0,
    });
    try {
      const { run } = await server.engine.runNow('demo', 'product-sync', { requestedBy: 'test' });
      let current = run;
      for (let i = 0; i < 20 && (current.state === 'scheduled' || current.state === 'running'); i++) {
        await server.engine.tick();
        current = await server.engine.run(run.id);
      }
      expect(current.state).toBe('succeeded');
      const managed = server
        .simulators!.cw.list('procurement/catalog')
        .filter((i) => String(i.integrationXRef ?? '').startsWith('TDS:'));
      expect(managed.length).toBe(current.counts.added);
      expect(managed.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
