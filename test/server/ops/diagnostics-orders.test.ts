/** Orders stuck in "Send to TDS" (with an incomplete shipping address named) and missing TD SYNNEX order numbers, read from ConnectWise. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyActivation } from '../../../server/activation/activate.ts';
import type { Diagnosis, Finding } from '../../../server/ops/diagnostics/index.ts';
import { cwClientFor } from '../../../server/tenants/cw-clients.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await applyActivation(server.deps, 'demo', server.url, 'test');
});
afterAll(() => server.close());

async function finding(id: string): Promise<Finding | undefined> {
  const res = await server.api<Diagnosis>('/api/admin/tenants/demo/diagnostics', { admin: true });
  return res.body.categories.flatMap((c) => c.findings).find((f) => f.id === id);
}

describe('order processing diagnostics', () => {
  it('finds a purchase order stuck in "Send to TDS", names its missing shipping fields, and clears when it leaves', async () => {
    expect((await finding('orders_stuck'))?.state).not.toBe('red');
    const cw = await cwClientFor(server.deps, 'demo');
    const statuses = await cw.list('procurement/purchaseorderstatuses', { pageSize: 1000 });
    const send = statuses.find((s) => s.name === 'Send to TDS');
    const po = (await cw.list('procurement/purchaseorders', { pageSize: 1 }))[0];
    if (!send || !po) throw new Error('no status or purchase order in the simulator');
    const before = po.status;
    await cw.patch('procurement/purchaseorders', po.id, [
      { op: 'replace', path: 'status', value: { id: send.id } },
      { op: 'replace', path: 'customerZip', value: '' },
    ]);
    // Create Orders runs within seconds; a PO is "stuck" once it has waited more than 15 minutes.
    expect((await finding('orders_stuck'))?.state).not.toBe('red');
    const realNow = server.deps.now;
    server.deps.now = () => new Date(realNow().getTime() + 16 * 60_000);
    const stuck = await finding('orders_stuck').finally(() => {
      server.deps.now = realNow;
    });
    expect(stuck?.state).toBe('red');
    expect(stuck?.cause).toContain(String(po.poNumber ?? po.id));
    expect(stuck?.cause).toContain('lacks ZIP');
    expect(stuck?.fix.join(' ')).toMatch(/shipping address/);

    await cw.patch('procurement/purchaseorders', po.id, [{ op: 'replace', path: 'status', value: { id: before?.id } }]);
    expect((await finding('orders_stuck'))?.state).not.toBe('red');
  });

  it('files order findings under "Order processing failures"', async () => {
    const res = await server.api<Diagnosis>('/api/admin/tenants/demo/diagnostics', { admin: true });
    const orders = res.body.categories.find((c) => c.category === 'order_processing');
    expect(orders?.findings.map((f) => f.id)).toEqual(['orders_stuck', 'order_numbers_missing', 'orders_failing']);
  });
});
