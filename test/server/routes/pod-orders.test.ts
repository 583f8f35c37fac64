/** The purchase-order pod API and the admin orders API on a real server with the simulators. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../bin/lib/main.ts';
import type { OrderView } from '../../../server/orders/view.ts';
import { DEMO_TDS_PURCHASE_ORDERS } from '../../../sim/data/cw-seed.ts';
import { memoryOut } from '../../bin/support.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely in assertions
type Json = Record<string, any>;
let server: TestServer;
let token: string;
let pos: Array<{ id: number; poNumber: string }>;

beforeAll(async () => {
  server = await startTestServer({ cwSizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS } });
  const applied = await server.api<Json>('/api/admin/tenants/demo/activation/apply', { method: 'POST', admin: true });
  expect(applied.status).toBe(200);
  token = await server.podToken('mbrown');
  const vendor = server.simulators!.cw.list('company/companies').find((c) => c.identifier === 'TDSYNNEX');
  pos = server
    .simulators!.cw.list('procurement/purchaseorders')
    .filter((p) => (p.vendorCompany as Json).id === vendor!.id)
    .map((p) => ({ id: Number(p.id), poNumber: String(p.poNumber) }));
}, 60_000);
afterAll(() => server?.close());

/** Ticks the engine until the order settles (no clock waits: nothing here fails). */
async function settled(id: number): Promise<OrderView> {
  for (let i = 0; i < 50; i++) {
    await server.engine.tick();
    const { body } = await server.api<Json>(`/api/pod/purchase-orders/${id}/order`, { token });
    if (body.order?.settled) return body.order;
  }
  throw new Error(`order ${id} did not settle`);
}

describe('pod orders API', () => {
  it('shows what to fix before sending, and whether this member may send', async () => {
    const { status, body } = await server.api<Json>(`/api/pod/purchase-orders/${pos[3]!.id}/order?check=1`, { token });
    expect(status).toBe(200);
    expect(body.order).toBeNull();
    expect(body.permission.allowed).toBe(true);
    expect(body.check.issues.map((i: Json) => i.code)).toEqual(['ship_to_incomplete']);
  });

  it('answers 202 with the order written before answering, and a second press changes nothing', async () => {
    const po = pos[0]!;
    const [a, b] = await Promise.all([
      server.api<Json>(`/api/pod/purchase-orders/${po.id}/send`, { method: 'POST', token }),
      server.api<Json>(`/api/pod/purchase-orders/${po.id}/send`, { method: 'POST', token }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect([a.body.outcome, b.body.outcome].sort()).toEqual(['created', 'in_progress']);
    const order = await settled(po.id);
    expect(order.state).toBe('accepted');
    expect(server.simulators!.tds.orders().filter((o) => o.poNumber === `CW-${po.poNumber}`)).toHaveLength(1);
    const again = await server.api<Json>(`/api/pod/purchase-orders/${po.id}/send`, { method: 'POST', token });
    expect(again.body.outcome).toBe('already_placed');

    const list = await server.api<Json>('/api/admin/tenants/demo/orders', { admin: true });
    expect(list.body.items.map((o: Json) => o.cwPoId)).toContain(po.id);
    const one = await server.api<Json>(`/api/admin/tenants/demo/orders/${po.id}`, { admin: true });
    expect(one.body.submissions).toHaveLength(1);

    // A deliberate re-order is a new TD SYNNEX order under a new suffix.
    const re = await server.api<Json>(`/api/admin/tenants/demo/orders/${po.id}/reorder`, {
      method: 'POST',
      admin: true,
    });
    expect(re.status).toBe(202);
    const reordered = await settled(po.id);
    expect(reordered.tdsPoNumber).toBe(`CW-${po.poNumber}-R1`);
    expect(server.simulators!.tds.orders().filter((o) => o.poNumber.startsWith(`CW-${po.poNumber}`))).toHaveLength(2);
  });

  it('refuses bad ids with 400, and members whose role may not send with 403', async () => {
    expect((await server.api<Json>('/api/pod/purchase-orders/abc/send', { method: 'POST', token })).status).toBe(400);
    await server.api('/api/admin/tenants/demo/templates/create-orders/settings', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({ allowedRoles: ['Admin'] }),
    });
    const res = await server.api<Json>(`/api/pod/purchase-orders/${pos[1]!.id}/send`, { method: 'POST', token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_allowed_to_send');
    await server.api('/api/admin/tenants/demo/templates/create-orders/settings', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({}),
    });
  });

  it('lists open orders with tds-bridge orders, and starts a Create Orders run with tds-bridge run', async () => {
    const io = (out: ReturnType<typeof memoryOut>) => ({
      env: { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: server.deps.adminToken, TDS_BRIDGE_POLL_MS: '20' },
      cwd: process.cwd(),
      out,
    });
    // An order waiting for a run: requested by the pod while no engine tick has happened.
    const po = pos[2]!;
    await server.api(`/api/pod/purchase-orders/${po.id}/send`, { method: 'POST', token });
    const json = memoryOut(false);
    expect(await main(['orders', '--tenant', 'demo', '--json'], io(json))).toBe(0);
    const listed = JSON.parse(json.stdout.join('\n')) as { open: OrderView[] };
    expect(listed.open.map((o) => o.cwPoId)).toContain(po.id);
    const text = memoryOut(false);
    expect(await main(['orders', '--tenant', 'demo'], io(text))).toBe(0);
    expect(text.stdout.join('\n')).toMatch(new RegExp(`${po.poNumber}\\s+CW-${po.poNumber}`));
    const run = memoryOut(false);
    const ticking = (async () => {
      for (let i = 0; i < 200; i++) {
        await server.engine.tick();
        const { body } = await server.api<Json>(`/api/pod/purchase-orders/${po.id}/order`, { token });
        if (body.order?.settled) return;
      }
    })();
    expect(await main(['run', 'create-orders', '--tenant', 'demo'], io(run))).toBe(0);
    await ticking;
    const after = memoryOut(false);
    await main(['orders', '--tenant', 'demo', '--json'], io(after));
    expect((JSON.parse(after.stdout.join('\n')) as { open: OrderView[] }).open.map((o) => o.cwPoId)).not.toContain(
      po.id,
    );
  });
});
