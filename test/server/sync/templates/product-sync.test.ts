import { afterEach, describe, expect, it } from 'vitest';
import { saveCwSetupId, TDS_VENDOR } from '../../../../server/activation/cw-setup-ids.ts';
import { skuForMfgPN, skusForCatalogItems } from '../../../../server/catalog/map-query.ts';
import { templates } from '../../../../server/sync/templates/index.ts';
import { expectedSkus, managedSkus, productsIn, round2 } from './product-sync/expected.ts';
import { callsTo, type Harness, startHarness, TENANT, writesIn } from './product-sync/harness.ts';

const CATEGORIES = ['006052', '006071'];
const SETTINGS = { categories: CATEGORIES, mapping: { subcategory: 'Network Device' } };
const HOUR = 3_600_000;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Product Sync', () => {
  it('is registered in the template registry', () => {
    expect(templates.map((t) => t.id)).toContain('product-sync');
  });

  it('fills the ConnectWise catalog from the chosen categories on the first run', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    const run = await h.run();

    expect(run.state).toBe('succeeded');
    const expected = expectedSkus(h, CATEGORIES);
    expect(expected.length).toBeGreaterThan(100);
    expect(managedSkus(h)).toEqual(expected);
    expect(run.counts.added).toBe(expected.length);
    expect(run.counts.errors).toBe(0);

    const bySku = new Map(productsIn(h, CATEGORIES).map((p) => [p.sku, p]));
    for (const item of h.managed()) {
      const p = bySku.get(String(item.integrationXRef).slice(4))!;
      expect(item).toMatchObject({
        identifier: p.mfgPN,
        manufacturerPartNumber: p.mfgPN,
        vendorSku: p.sku,
        cost: p.cost,
        price: round2(p.cost * 1.2),
        productClass: 'NonInventory',
        inactiveFlag: false,
      });
      expect((item.subcategory as { name: string }).name).toBe('Network Device');
      expect((item.unitOfMeasure as { name: string }).name).toBe('Each');
      expect((item.manufacturer as { name: string }).name.toLowerCase()).toBe(p.manufacturer.toLowerCase());
      expect(item.description).toBe(p.description.slice(0, 60).trim());
    }
  });

  it('writes nothing on a second run, incremental or full', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();

    await h.resetStats();
    const incremental = await h.run();
    const afterIncremental = await h.cwStats();
    expect(incremental.state).toBe('succeeded');
    expect(writesIn(afterIncremental)).toBe(0);

    await h.resetStats();
    const full = await h.run({ full: true });
    const afterFull = await h.cwStats();
    expect(full.state).toBe('succeeded');
    expect(writesIn(afterFull)).toBe(0);
    expect(full.counts).toMatchObject({ added: 0, updated: 0, deactivated: 0, errors: 0 });
    expect(full.counts.unchanged).toBe(managedSkus(h).length);
    // One page of managed items, one catalogue page per 100 products (plus nothing else).
    expect(callsTo(afterFull, 'GET', 'procurement/catalog')).toBe(1);
  });

  it('patches only the changed fields of the items whose TD SYNNEX price changed', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();
    const before = new Map(productsIn(h, CATEGORIES).map((p) => [p.sku, p]));
    const managed = new Set(managedSkus(h));

    h.clock.advance(3 * 24 * HOUR);
    await h.resetStats();
    const run = await h.run();

    const after = productsIn(h, CATEGORIES);
    const changed = after
      .filter((p) => managed.has(p.sku) && before.get(p.sku)!.cost !== p.cost)
      .map((p) => p.sku)
      .sort();
    expect(changed.length).toBeGreaterThan(0);
    const patches = h.requests.filter((r) => r.method === 'PATCH');
    const idToSku = new Map(h.managed().map((i) => [Number(i.id), String(i.integrationXRef).slice(4)]));
    expect(patches.map((p) => idToSku.get(Number(p.path.split('/').pop()))).sort()).toEqual(changed);
    for (const patch of patches) {
      const paths = (patch.body as Array<{ op: string; path: string }>).map((op) => `${op.op} ${op.path}`).sort();
      expect(paths).toEqual(['replace cost', 'replace price']);
    }
    expect(callsTo(await h.cwStats(), 'POST', 'procurement/catalog')).toBe(0);
    expect(run.counts.updated).toBe(changed.length);
    const now = new Map(after.map((p) => [p.sku, p]));
    for (const item of h.managed()) {
      const p = now.get(String(item.integrationXRef).slice(4))!;
      expect(item.cost).toBe(p.cost);
      expect(item.price).toBe(round2(p.cost * 1.2));
    }
  });

  it('reads only what changed between full passes and a full pass again once the last is 20 h old', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();
    const all = productsIn(h, CATEGORIES).length;

    h.clock.advance(19 * HOUR);
    await h.resetStats();
    const incremental = await h.run();
    const catalogue = (await h.tdsStats())['POST /resellers/v2/products/catalogue'] ?? 0;
    const activity = await h.engine.activity({ tenantId: TENANT, runId: incremental.id, limit: 50 });
    expect(activity.items.map((a) => a.code)).toContain('product_sync_incremental_pass');
    // One short page per chosen category: only the products changed since the last pass.
    expect(catalogue).toBe(CATEGORIES.length);
    const read = incremental.counts.unchanged + incremental.counts.updated + incremental.counts.added;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(all / 4);
    expect(incremental.counts.deactivated).toBe(0);

    h.clock.advance(2 * HOUR);
    const full = await h.run();
    const fullActivity = await h.engine.activity({ tenantId: TENANT, runId: full.id, limit: 50 });
    expect(fullActivity.items.map((a) => a.code)).toContain('product_sync_full_pass');
    expect(full.counts.unchanged + full.counts.updated).toBe(managedSkus(h).length);
  });

  it('never touches catalog items it does not manage and explains identifiers that are taken', async () => {
    h = await startHarness();
    const unmanagedBefore = h.catalog().filter((i) => !i.integrationXRef);
    await h.setSettings(SETTINGS);
    const run = await h.run();
    h.clock.advance(3 * 24 * HOUR);
    await h.run({ full: true });

    const now = new Map(h.catalog().map((i) => [i.id, i]));
    for (const item of unmanagedBefore) expect(now.get(item.id)).toEqual(item);
    const unmanagedIds = new Set(unmanagedBefore.map((i) => Number(i.id)));
    const touched = h.requests.filter(
      (r) =>
        r.method !== 'GET' &&
        r.path.startsWith('procurement/catalog/') &&
        unmanagedIds.has(Number(r.path.split('/')[2])),
    );
    expect(touched).toEqual([]);

    expect(run.skippedReasons.identifier_taken).toBeGreaterThan(0);
    const entries = await h.engine.activity({ tenantId: TENANT, runId: run.id, code: 'identifier_taken', limit: 100 });
    const taken = entries.items.filter((a) => a.code === 'identifier_taken');
    expect(taken.length).toBe(run.skippedReasons.identifier_taken);
    expect(taken[0]!.message).toMatch(/Integration XRef to "TDS:\d+"/);
  });

  it('takes over an item at the next full pass once the buyer marks it with the Integration XRef the log suggested', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();
    const product = productsIn(h, CATEGORIES).find((p) => p.status === 'Active' && !managedSkus(h).includes(p.sku))!;
    const existing = h.catalog().find((i) => String(i.identifier).toLowerCase() === product.mfgPN.toLowerCase())!;
    const url = `${h.origin}/sim/cw/v4_6_release/apis/3.0/procurement/catalog/${existing.id}`;
    const auth = `Basic ${btoa(`${h.cw.credentials.companyId}+${h.cw.credentials.publicKey}:${h.cw.credentials.privateKey}`)}`;
    const response = await fetch(url, {
      method: 'PATCH',
      headers: {
        authorization: auth,
        clientId: '6f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f',
        'content-type': 'application/json',
      },
      body: JSON.stringify([{ op: 'replace', path: 'integrationXRef', value: `TDS:${product.sku}` }]),
    });
    expect(response.status).toBe(200);

    h.clock.advance(21 * HOUR);
    const run = await h.run();
    expect(run.state).toBe('succeeded');
    const adopted = h.cw.get('procurement/catalog', Number(existing.id))!;
    const current = productsIn(h, CATEGORIES).find((p) => p.sku === product.sku)!;
    expect(adopted.cost).toBe(current.cost);
    expect(adopted.vendorSku).toBe(product.sku);
    expect(h.catalog().filter((i) => String(i.identifier).toLowerCase() === product.mfgPN.toLowerCase())).toHaveLength(
      1,
    );
  });

  it('sets the TD SYNNEX vendor that activation recorded, with the SKU as vendor SKU', async () => {
    h = await startHarness();
    // Stand-in for the TD SYNNEX company activation creates: any vendor company of the simulated ConnectWise.
    const vendor = h.cw.list('company/companies').find((c) => c.isVendorFlag === true)!;
    await saveCwSetupId(h.db, TENANT, 'vendor', TDS_VENDOR.identifier, Number(vendor.id), h.clock.now());
    await h.setSettings(SETTINGS);
    await h.run();
    const items = h.managed();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect((item.vendor as { id: number }).id).toBe(vendor.id);
      expect(item.vendorSku).toBe(String(item.integrationXRef).slice(4));
    }
  });

  it('lets Price & Availability map catalog items and part numbers to TD SYNNEX SKUs', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();
    const items = h.managed().slice(0, 3);
    const map = await skusForCatalogItems(h.db, TENANT, [...items.map((i) => Number(i.id)), 999_999]);
    expect(map.size).toBe(3);
    for (const item of items) expect(map.get(Number(item.id))).toBe(String(item.integrationXRef).slice(4));
    const first = items[0]!;
    expect(await skuForMfgPN(h.db, TENANT, String(first.manufacturerPartNumber).toLowerCase())).toBe(
      String(first.integrationXRef).slice(4),
    );
    expect(await skuForMfgPN(h.db, TENANT, 'NO-SUCH-PART')).toBeUndefined();
  });
});
