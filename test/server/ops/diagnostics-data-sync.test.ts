/**
 * "Products not syncing" diagnostics from real Product Sync runs against the simulators: the cap reached,
 * categories too narrow, each cleared by the next good run; and `tds-bridge diagnose` exits 1 on red.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../bin/lib/main.ts';
import type { Diagnosis, Finding } from '../../../server/ops/diagnostics/index.ts';
import { memoryOut } from '../../bin/support.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

/** The demo tenant's own selection (two small networking categories), written out so the cap can be set. */
const DEMO = {
  categories: ['006069208', '006071684'],
  mapping: { subcategory: 'Network Device', byCategory: [{ tdsCategory: '006069', subcategory: 'Network Adapter' }] },
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 3_000 });
});
afterAll(() => server.close());

async function findings(): Promise<Finding[]> {
  const res = await server.api<Diagnosis>('/api/admin/tenants/demo/diagnostics', { admin: true });
  return res.body.categories.flatMap((c) => c.findings);
}
const state = async (id: string) => (await findings()).find((f) => f.id === id)?.state;

async function productSync(settings: Record<string, unknown>) {
  const saved = await server.api('/api/admin/tenants/demo/templates/product-sync/settings', {
    method: 'PUT',
    admin: true,
    body: JSON.stringify(settings),
  });
  expect(saved.status).toBe(200);
  const { run } = await server.engine.runNow('demo', 'product-sync', { full: true, requestedBy: 'test' });
  for (let i = 0; i < 200; i++) {
    await server.engine.tick();
    const [row] = (await server.engine.runs({ tenantId: 'demo', templateId: 'product-sync', limit: 1 })).items;
    if (row?.id === run.id && ['succeeded', 'succeeded_with_warnings', 'failed'].includes(row.state)) return row;
  }
  throw new Error('Product Sync did not finish');
}

describe('products not syncing', () => {
  it('is gray before Product Sync has run', async () => {
    expect(await state('catalog_cap_reached')).toBe('gray');
    expect(await state('categories_too_narrow')).toBe('gray');
  });

  it('finds the cap reached, and clears after a run within the cap', async () => {
    const capped = await productSync({ ...DEMO, cap: 5 });
    expect(capped.warnings.map((w) => w.code)).toContain('product_sync_cap_reached');
    const found = (await findings()).find((f) => f.id === 'catalog_cap_reached');
    expect(found?.state).toBe('yellow');
    expect(found?.fix.join(' ')).toMatch(/price file/);
    await productSync(DEMO);
    expect(await state('catalog_cap_reached')).toBe('green');
    expect(await state('categories_too_narrow')).toBe('green');
  });

  it('finds the categories too narrow (a category with no products), and clears after widening them', async () => {
    await productSync({ ...DEMO, categories: ['999999'] });
    const found = (await findings()).find((f) => f.id === 'categories_too_narrow');
    expect(found?.state).toBe('yellow');
    expect(found?.fix.join(' ')).toMatch(/Widen the category selection/);
    await productSync(DEMO);
    expect(await state('categories_too_narrow')).toBe('green');
  });

  it('diagnose exits 1 when a finding is red, 0 otherwise', async () => {
    const cli = async () => {
      const out = memoryOut(false);
      const code = await main(['diagnose', '--tenant', 'demo'], {
        env: { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: server.deps.adminToken, NO_COLOR: '1' },
        cwd: process.cwd(),
        out,
      });
      return { code, text: out.stdout.join('\n') };
    };
    const fine = await cli();
    expect(fine.code).toBe(0);
    await fetch(`${server.url}/sim/tds/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expiredCredentials: true }),
    });
    const red = await cli();
    expect(red.code).toBe(1);
    expect(red.text).toMatch(/● red TD SYNNEX login refused/);
    expect(red.text).toContain('Cause: TD SYNNEX refused the EC login');
    await fetch(`${server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
  });
});
