/**
 * `tds-bridge run order-status --tenant demo` and `tds-bridge status` against the real server (simulators on, the
 * order demo seeded and activated): the run follows an order placed under the tenant's PO prefix and exits 0;
 * status lists Order Status beside the other templates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyActivation } from '../../server/activation/activate.ts';
import { type RunningServer, start } from '../../server/entry/node.ts';
import { cwClientFor } from '../../server/tenants/cw-clients.ts';
import { tdsClientFor } from '../../server/tenants/tds-clients.ts';
import { runCli } from './support.ts';

type Rec = Record<string, unknown> & { id: number };
let server: RunningServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await start({
    env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on', ADMIN_TOKEN: 'cli-order-status-token-0123' },
    quiet: true,
    buildPod: false,
    cwSizes: { tdsPurchaseOrders: 2 },
    tickIntervalMs: 0,
  });
  await applyActivation(server.deps, 'demo', server.url, 'test');
  const cw = await cwClientFor(server.deps, 'demo');
  const tds = await tdsClientFor(server.deps, 'demo');
  const vendor = (await cw.list('company/companies', { conditions: 'identifier="TDSYNNEX"' }))[0] as Rec;
  const [po] = (await cw.list('procurement/purchaseorders', { conditions: `vendorCompany/id=${vendor.id}` })) as Rec[];
  const lines = (await cw.list('procurement/purchaseorders/{parentId}/lineitems', { parentId: po!.id })) as Rec[];
  const placed = await tds.submitOrder({
    poNumber: `CW-${String(po!.poNumber)}`,
    shipTo: { name: 'Contoso', line1: '1 Main St', city: 'Dallas', state: 'TX', zip: '75201', country: 'US' },
    lines: lines.map((l) => ({
      lineNumber: Number(l.lineNumber),
      sku: String(l.vendorSku),
      quantity: Number(l.quantity),
    })),
  });
  await cw.patch('procurement/purchaseorders', po!.id, [
    { op: 'replace', path: 'vendorOrderNumber', value: placed.orderNumbers[0] },
  ]);
  env = { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: 'cli-order-status-token-0123' };
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('tds-bridge and Order Status', () => {
  it('runs order-status for a tenant and exits 0 with the run summary', async () => {
    const res = await runCli(['run', 'order-status', '--tenant', 'demo', '--json'], { env });
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ ok: true, run: { tenantId: 'demo', templateId: 'order-status' } });
    expect(summary.run.counts.added).toBeGreaterThanOrEqual(1);
  });

  it('lists Order Status among the templates of every tenant', async () => {
    const json = JSON.parse((await runCli(['status', '--json'], { env })).stdout);
    const demo = json.tenants.find((t: { tenantId: string }) => t.tenantId === 'demo');
    expect(demo.templates.map((t: { templateId: string }) => t.templateId)).toEqual(
      expect.arrayContaining(['product-sync', 'price-availability', 'order-status']),
    );
  });
});
