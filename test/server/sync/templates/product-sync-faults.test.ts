import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectedSkus, managedSkus, productsIn } from './product-sync/expected.ts';
import { type Harness, startHarness, TENANT } from './product-sync/harness.ts';

const A = '006052';
const B = '006071';
const SETTINGS = { categories: [A, B], mapping: { subcategory: 'Network Device' } };
const HOUR = 3_600_000;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function cwFaults(body: unknown) {
  const response = await fetch(`${h.origin}/sim/cw/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

async function tdsFaults(body: unknown) {
  const response = await fetch(`${h.origin}/sim/tds/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

/** Every TD SYNNEX SKU and every identifier appears on at most one ConnectWise catalog item. */
function expectNoDuplicates() {
  const xrefs = h.managed().map((i) => String(i.integrationXRef));
  expect(new Set(xrefs).size).toBe(xrefs.length);
  const identifiers = h.catalog().map((i) => String(i.identifier).toLowerCase());
  expect(new Set(identifiers).size).toBe(identifiers.length);
}

async function createCatalogItem(body: Record<string, unknown>) {
  const auth = `Basic ${btoa(`${h.cw.credentials.companyId}+${h.cw.credentials.publicKey}:${h.cw.credentials.privateKey}`)}`;
  const response = await fetch(`${h.origin}/sim/cw/v4_6_release/apis/3.0/procurement/catalog`, {
    method: 'POST',
    headers: {
      authorization: auth,
      clientId: '6f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number };
}

describe('Product Sync deactivation', () => {
  it('marks out-of-scope items inactive only after a complete pass; a run that fails midway deactivates nothing', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await h.run();
    const inB = new Set(expectedSkus(h, [B]));
    expect(inB.size).toBeGreaterThan(0);

    // Narrow the scope to A; prices move so the pass has PATCHes to make, and the first one meets expired keys.
    await h.setSettings({ ...SETTINGS, categories: [A] });
    h.clock.advance(3 * 24 * HOUR);
    await cwFaults({ failNext: [{ route: 'procurement/catalog', method: 'PATCH', kind: 'expired_credentials' }] });
    const failed = await h.run();
    expect(failed.state).toBe('failed');
    expect(failed.errorCode).toBe('cw_unauthorized');
    expect(failed.counts.deactivated).toBe(0);
    expect(h.managed().filter((i) => i.inactiveFlag === true)).toEqual([]);

    const complete = await h.run();
    expect(complete.state).toBe('succeeded');
    expect(complete.counts.deactivated).toBe(inB.size);
    for (const item of h.managed()) {
      const sku = String(item.integrationXRef).slice(4);
      expect(item.inactiveFlag).toBe(inB.has(sku));
    }
    // Deactivated, never deleted.
    expect(managedSkus(h).length).toBe(expectedSkus(h, [A, B]).length);
  });

  it('deactivates an item TD SYNNEX discontinued, and never creates discontinued products', async () => {
    h = await startHarness();
    const discontinued = productsIn(h, [A]).filter((p) => p.status === 'Discontinued');
    expect(discontinued.length).toBeGreaterThan(0);
    const old = discontinued[0]!;
    // An item an earlier sync made (Product Sync's mark), for a product TD SYNNEX has since discontinued.
    const item = await createCatalogItem({
      identifier: `OLD-${old.mfgPN}`,
      description: old.description.slice(0, 60),
      customerDescription: old.description,
      subcategory: { name: 'Network Device' },
      type: { name: 'Hardware' },
      integrationXRef: `TDS:${old.sku}`,
      price: 10,
      cost: 8,
    });
    await h.setSettings(SETTINGS);
    const run = await h.run();
    expect(run.state).toBe('succeeded');
    expect(h.cw.get('procurement/catalog', item.id)?.inactiveFlag).toBe(true);
    expect(run.counts.deactivated).toBe(1);
    expect(run.skippedReasons.discontinued).toBe(
      discontinued.length - 1 + productsIn(h, [B]).filter((p) => p.status === 'Discontinued').length,
    );
    const created = new Set(managedSkus(h));
    for (const p of discontinued.slice(1)) expect(created.has(p.sku)).toBe(false);
  });
});

describe('Product Sync under failures', () => {
  it('resumes after answers lost between a ConnectWise create and its record, without duplicates', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    // ConnectWise creates the item but the answer arrives cut off: the client cannot know the new id.
    await cwFaults({ failNext: [{ route: 'procurement/catalog', method: 'POST', kind: 'malformed', count: 3 }] });
    const run = await h.run();

    expect(run.state).toBe('succeeded');
    expectNoDuplicates();
    expect(managedSkus(h)).toEqual(expectedSkus(h, SETTINGS.categories));
    expect(run.counts.added).toBe(managedSkus(h).length);
    const activity = await h.engine.activity({ tenantId: TENANT, runId: run.id, limit: 200 });
    expect(activity.items.some((a) => a.code === 'cw_malformed_response' || /could not be read/.test(a.message))).toBe(
      true,
    );
  });

  it('resumes from its checkpoint on another engine after a shutdown mid-run, without duplicates', async () => {
    h = await startHarness({ stepMs: 1_000 });
    await h.setSettings(SETTINGS);
    const { run } = await h.engine.runNow(TENANT, 'product-sync');
    const ticking = h.engine.tick();
    // Stop the engine once a few steps (one page each) are saved.
    await vi.waitFor(async () => expect((await h.engine.run(run.id)).steps).toBeGreaterThanOrEqual(3), {
      timeout: 20_000,
      interval: 5,
    });
    await h.engine.stop();
    await ticking;
    const stopped = await h.engine.run(run.id);
    expect(stopped.state).toBe('running');
    expect(stopped.checkpoint).not.toBeNull();

    const { createEngine } = await import('../../../../server/sync/engine/index.ts');
    const { productSync } = await import('../../../../server/sync/templates/product-sync.ts');
    const second = createEngine({
      db: h.db,
      templates: [productSync],
      deps: h.deps,
      now: () => h.clock.now(),
      startOnRequest: false,
    });
    for (let i = 0; i < 50; i++) {
      await second.tick();
      const current = await second.run(run.id);
      if (current.state !== 'running' && current.state !== 'scheduled') break;
      h.clock.advance(5 * 60_000);
    }
    const finished = await second.run(run.id);
    await second.stop();
    expect(finished.state).toBe('succeeded');
    expectNoDuplicates();
    expect(managedSkus(h)).toEqual(expectedSkus(h, SETTINGS.categories));
    expect(finished.counts.added).toBe(managedSkus(h).length);
  });

  it('rides out ConnectWise throttling: short waits inline, long ones by rescheduling the run', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await cwFaults({
      retryAfterSeconds: 0,
      failNext: [{ route: 'procurement/catalog', method: 'GET', kind: 'throttle', count: 2 }],
    });
    const inline = await h.run();
    expect(inline.state).toBe('succeeded');
    expect(inline.attempts).toBe(0);

    h.clock.advance(3 * 24 * HOUR);
    await cwFaults({
      retryAfterSeconds: 120,
      failNext: [{ route: 'procurement/catalog', method: 'PATCH', kind: 'throttle', count: 1 }],
    });
    const before = h.clock.now().getTime();
    const rescheduled = await h.run();
    expect(rescheduled.state).toBe('succeeded');
    expect(h.clock.now().getTime() - before).toBeGreaterThanOrEqual(120_000);
    const activity = await h.engine.activity({ tenantId: TENANT, runId: rescheduled.id, limit: 200 });
    expect(activity.items.some((a) => a.level === 'warn' && /Retrying in 2 min/.test(a.message))).toBe(true);
    expectNoDuplicates();
    expect(managedSkus(h)).toEqual(expectedSkus(h, SETTINGS.categories));
  });

  it('retries ConnectWise and TD SYNNEX server errors and still writes each item once', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await cwFaults({
      failNext: [
        { route: 'procurement/catalog', method: 'POST', kind: 'server_error', count: 2 },
        { route: 'procurement/catalog', method: 'GET', kind: 'server_error', count: 1 },
      ],
    });
    await tdsFaults({ failNext: [{ route: 'products/catalogue', kind: 'server_error', count: 2 }] });
    const run = await h.run();
    expect(run.state).toBe('succeeded');
    expectNoDuplicates();
    expect(managedSkus(h)).toEqual(expectedSkus(h, SETTINGS.categories));
    expect(run.counts.added).toBe(managedSkus(h).length);
  });

  it('fails the run with cw_forbidden when the API member may not write catalog items', async () => {
    h = await startHarness();
    await h.setSettings(SETTINGS);
    await cwFaults({
      failNext: [{ route: 'procurement/catalog', method: 'POST', kind: 'server_error', status: 403, count: 50 }],
    });
    const run = await h.run();
    expect(run.state).toBe('failed');
    expect(run.errorCode).toBe('cw_forbidden');
    expect(run.errorMessage).toMatch(/security role/i);
  });

  it('logs a ConnectWise refusal of one item with its SKU and goes on with the rest', async () => {
    h = await startHarness();
    const products = productsIn(h, [A]).filter((p) => p.status === 'Active');
    await h.setSettings({ categories: [A], mapping: { subcategory: 'Network Device' } });
    await cwFaults({
      failNext: [{ route: 'procurement/catalog', method: 'POST', kind: 'server_error', status: 400, count: 1 }],
    });
    const run = await h.run();
    expect(run.state).toBe('succeeded_with_warnings');
    expect(run.counts.errors).toBe(1);
    const [entry] = (await h.engine.activity({ tenantId: TENANT, runId: run.id, code: 'catalog_item_rejected' })).items;
    expect(entry?.entityType).toBe('sku');
    expect(products.map((p) => p.sku)).toContain(entry?.entityId);
    expect(entry?.message).toContain(String(entry?.entityId));
    // The next run adds the one that was refused.
    const next = await h.run({ full: true });
    expect(next.counts.added).toBe(1);
    expect(managedSkus(h)).toEqual(expectedSkus(h, [A]));
  });
});
