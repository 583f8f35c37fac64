import { afterEach, describe, expect, it } from 'vitest';
import { savePriceFileUpload } from '../../../../server/sync/templates/product-sync/uploads.ts';
import { loadConnections, saveConnection } from '../../../../server/tenants/connections.ts';
import { expectedSkus, managedSkus, productsIn, round2 } from './product-sync/expected.ts';
import { type Harness, startHarness, TENANT, writesIn } from './product-sync/harness.ts';

const CATEGORIES = ['006052', '006071'];
const SETTINGS = {
  categories: CATEGORIES,
  source: { type: 'price-file' },
  mapping: { subcategory: 'Network Device' },
};
const HOUR = 3_600_000;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function downloadPriceFile(): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(`${h.origin}/sim/tds/pricefile/${h.tds.credentials.customerNo}.ap?type=full`, {
    headers: { authorization: `Basic ${btoa(`${h.tds.credentials.user}:${h.tds.credentials.password}`)}` },
  });
  expect(response.status).toBe(200);
  return response.body!;
}

// Whole syncs read the file twice and write a few hundred items: on a loaded 2-core machine that takes seconds.
describe('Product Sync from the price file', { timeout: 90_000 }, () => {
  it('fills the catalog from the price file as the catalogue would, and writes nothing on a rerun', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    const first = await h.run();
    expect(first.state).toBe('succeeded');
    expect(managedSkus(h)).toEqual(expectedSkus(h, CATEGORIES));
    const bySku = new Map(productsIn(h, CATEGORIES).map((p) => [p.sku, p]));
    for (const item of h.managed()) {
      const p = bySku.get(String(item.integrationXRef).slice(4))!;
      expect(item.cost).toBe(p.cost);
      expect(item.price).toBe(round2(p.cost * 1.2));
    }

    await h.resetStats();
    const rerun = await h.run({ full: true });
    expect(rerun.state).toBe('succeeded');
    expect(writesIn(await h.cwStats())).toBe(0);
    expect(rerun.counts.unchanged).toBe(managedSkus(h).length);
  });

  it('reads only the delta file between full passes and updates what changed', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();
    const before = new Map(productsIn(h, CATEGORIES).map((p) => [p.sku, p.cost]));

    h.clock.advance(19 * HOUR);
    await h.resetStats();
    const run = await h.run();
    const files = h.calls.filter((c) => c.route.includes('pricefile'));
    expect(files).toHaveLength(1);
    expect(run.counts.deactivated).toBe(0);
    const managed = new Set(managedSkus(h));
    const changed = productsIn(h, CATEGORIES).filter((p) => managed.has(p.sku) && before.get(p.sku) !== p.cost);
    expect(run.counts.updated).toBe(changed.length);
    const costs = new Map(h.managed().map((i) => [String(i.integrationXRef).slice(4), i.cost]));
    for (const p of changed) expect(costs.get(p.sku)).toBe(p.cost);
  });

  it('applies the cap in category order before writing and names the overflow', async () => {
    h = await startHarness();
    await h.setSettings({ ...SETTINGS, categories: ['006052', '006070'], cap: 120 });
    const run = await h.run();
    expect(run.state).toBe('succeeded_with_warnings');
    expect(managedSkus(h)).toEqual(expectedSkus(h, ['006052', '006070'], 120));
    const warning = run.warnings.find((w) => w.code === 'product_sync_cap_reached');
    expect(warning?.message).toContain('006070');
    expect(warning?.message).toMatch(/raise the cap/);
  });

  it('syncs from an uploaded price file, streamed back from the database', async () => {
    h = await startHarness();
    const saved = await savePriceFileUpload(h.db, TENANT, await downloadPriceFile(), h.clock.now());
    expect(saved.chunks).toBeGreaterThan(1);
    await h.setSettings({ ...SETTINGS, source: { type: 'price-file', from: 'upload' } });
    await h.resetStats();
    const run = await h.run();
    expect(run.state).toBe('succeeded');
    expect(managedSkus(h)).toEqual(expectedSkus(h, CATEGORIES));
    expect(h.calls.filter((c) => c.route.includes('pricefile'))).toHaveLength(0);
  });

  it('syncs from the price file TD SYNNEX delivers over FTP (the US catalog: td-synnex.md corrections), the delta file between full passes', async () => {
    h = await startHarness({ priceFileOverFtp: true });
    await h.setSettings(SETTINGS);
    const first = await h.run();
    expect(first.state).toBe('succeeded');
    expect(managedSkus(h)).toEqual(expectedSkus(h, CATEGORIES));
    const downloads = () => h.calls.filter((c) => c.route.includes('pricefile')).map((c) => `${c.route} ${c.ok}`);
    // Counted once, then synced: the full file is read twice over FTP, nothing over HTTP.
    expect(downloads()).toEqual(['GET pricefile (ftp) true', 'GET pricefile (ftp) true']);

    h.calls.length = 0;
    h.clock.advance(19 * HOUR);
    const incremental = await h.run();
    expect(incremental.state).toBe('succeeded');
    expect(incremental.counts.deactivated).toBe(0);
    expect(downloads()).toEqual(['GET pricefile (ftp) true']);
  });

  it('syncs from the price file delivered over SFTP where an account has it, checking the pinned host key', async () => {
    h = await startHarness({ priceFileOverSftp: { pinHostKey: true } });
    await h.setSettings(SETTINGS);
    const run = await h.run();
    expect(run.state).toBe('succeeded');
    expect(managedSkus(h)).toEqual(expectedSkus(h, CATEGORIES));
    expect(h.calls.filter((c) => c.route.includes('pricefile')).map((c) => `${c.route} ${c.ok}`)).toEqual([
      'GET pricefile (sftp) true',
      'GET pricefile (sftp) true',
    ]);
    // Another server's key (a different pinned fingerprint) is refused before any login is sent.
    const [conn] = await loadConnections(h.deps, TENANT, 'tds');
    await saveConnection(h.deps, {
      tenantId: TENANT,
      system: 'tds',
      config: { ...conn!.config, priceFile: { ...conn!.config.priceFile!, hostKeySha256: 'A'.repeat(43) } },
      secrets: conn!.secrets,
    });
    const refused = await h.run({ full: true });
    expect(refused.state).toBe('failed');
    expect(refused.errorCode).toBe('tds_price_file_host_key');
  });

  it('fails with a clear code when the FTP login is refused', async () => {
    h = await startHarness({ priceFileOverFtp: true });
    const [conn] = await loadConnections(h.deps, TENANT, 'tds');
    await saveConnection(h.deps, {
      tenantId: TENANT,
      system: 'tds',
      config: conn!.config,
      secrets: { ...conn!.secrets, priceFilePassword: 'wrong' },
    });
    await h.setSettings(SETTINGS);
    const run = await h.run();
    expect(run.state).toBe('failed');
    expect(run.errorCode).toBe('tds_auth_failed');
  });

  it('fails with a clear code when the uploaded file is missing', async () => {
    h = await startHarness();
    await h.setSettings({ ...SETTINGS, source: { type: 'price-file', from: 'upload' } });
    const run = await h.run();
    expect(run.state).toBe('failed');
    expect(run.errorCode).toBe('price_file_not_uploaded');
    expect(h.managed()).toEqual([]);
  });
});
