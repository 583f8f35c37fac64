/**
 * The whole path in process: Create Orders sends a demo PO (button), then Order Status follows the order it
 * placed as the TD SYNNEX clock moves: "TDS Shipped" with tracking and serial numbers on the PO lines, then
 * "TDS Closed" with the invoice. Create Orders wrote the order number on the PO (`vendorOrderNumber`); Order
 * Status must treat that PO as Create Orders' and never as a hand-typed one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reorder } from '../../../../../server/orders/actions.ts';
import { orderMetrics } from '../../../../../server/orders/metrics.ts';
import { getOrder } from '../../../../../server/orders/repo.ts';
import { getTracking, listEvents } from '../../../../../server/orders/tracking-repo.ts';
import { createEngine, type Engine } from '../../../../../server/sync/engine/index.ts';
import { requestSend } from '../../../../../server/sync/templates/create-orders/index.ts';
import { orderStatusTemplate } from '../../../../../server/sync/templates/order-status/index.ts';
import {
  demoPos,
  drain,
  type Json,
  memoryDb,
  type Node,
  prepareTenant,
  type Sims,
  startNode,
  startSims,
  TENANT,
} from '../create-orders/harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let sims: Sims;
let node: Node;
let status: Engine;
let po: { id: number; poNumber: string };

async function runOrderStatus() {
  const { run } = await status.runNow(TENANT, 'order-status');
  for (let i = 0; i < 100; i++) {
    await status.tick();
    const current = await status.run(run.id);
    if (current.state !== 'scheduled' && current.state !== 'running') return current;
  }
  throw new Error('order-status did not finish');
}

beforeAll(async () => {
  sims = await startSims();
  node = await startNode(sims, await memoryDb());
  await prepareTenant(sims, node);
  status = createEngine({
    db: node.db,
    templates: [orderStatusTemplate],
    deps: node.deps,
    now: () => sims.clock.now(),
    startOnRequest: false,
    random: () => 0.5,
  });
  [po] = demoPos(sims) as [{ id: number; poNumber: string }];
  await requestSend(node.deps, node.engine, { tenantId: TENANT, cwPoId: po.id, source: 'button', memberId: 'mbrown' });
  await drain(sims, [node.engine]);
}, 120_000);
afterAll(async () => {
  await status?.stop();
  await node?.engine.stop();
  node?.db.$client.close();
  await sims?.close();
});

const tdsOrder = () => sims.tds.orders().find((o) => o.poNumber.startsWith(`CW-${po.poNumber}`));

describe('Order Status after Create Orders', () => {
  it('follows the placed order by its TD SYNNEX PO number, not as a hand-typed one', async () => {
    expect((await getOrder(node.db, { tenantId: TENANT, cwPoId: po.id }))?.state).toBe('accepted');
    const run = await runOrderStatus();
    expect(run.state).toBe('succeeded');
    const row = await getTracking(node.db, { tenantId: TENANT, cwPoId: po.id });
    expect(row).toMatchObject({ link: 'order', tdsPoNumbers: [tdsOrder()!.poNumber] });
    expect((sims.cw.get('procurement/purchaseorders', po.id) as Json).status.name).toBe('TDS Accepted');
  });

  it('shows the shipment with tracking and serials on the lines once the TD SYNNEX clock has moved', async () => {
    for (let i = 0; i < 24 * 14 && !tdsOrder()?.lines.some((l) => l.shipped > 0); i++) sims.clock.advance(HOUR);
    await runOrderStatus();
    const row = (await getTracking(node.db, { tenantId: TENANT, cwPoId: po.id }))!;
    const shipped = row.lines.filter((l) => l.shipQuantity > 0);
    expect(shipped.length).toBeGreaterThan(0);
    const cwPo = sims.cw.get('procurement/purchaseorders', po.id) as Json;
    expect(['TDS Shipped', 'TDS Invoiced', 'TDS Closed']).toContain(cwPo.status.name);
    const lines = sims.cw
      .list('procurement/purchaseorders/{parentId}/lineitems')
      .filter((l) => l.purchaseOrderId === po.id) as Json[];
    for (const l of shipped) {
      const cwLine = lines.find((c) => c.id === l.cwLineId)!;
      expect(cwLine.trackingNumber).toContain(l.trackingNumbers[0] ?? '');
      for (const s of l.serialNumbers) expect(String(cwLine.serialNumbers)).toContain(s);
    }
  });

  it('closes the PO with its invoice once everything is invoiced', async () => {
    sims.clock.advance(30 * DAY);
    await runOrderStatus();
    const cwPo = sims.cw.get('procurement/purchaseorders', po.id) as Json;
    expect(cwPo.status.name).toBe('TDS Closed');
    expect(String(cwPo.vendorInvoiceNumber)).not.toBe('');
    const kinds = (await listEvents(node.db, { tenantId: TENANT, cwPoId: po.id })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['status', 'shipment', 'invoice', 'ticket_note']));
    // The console's figures over Create Orders' rows and Order Status' timeline.
    const m = await orderMetrics(node.db, TENANT);
    expect(m.creationToSubmission.count).toBe(1);
    expect(m.creationToSubmission.p95Ms).toBeGreaterThanOrEqual(0);
    expect(m.submissionSuccess).toMatchObject({ done: 1, of: 1 });
    expect(m.orderNumberAssignment).toMatchObject({ done: 1, of: 1, writtenBack: 1 });
    expect(m.trackingCompleteness.rate).toBe(1);
    expect(m.statusUpdateLag.count).toBeGreaterThan(0);
  });

  it('after a deliberate re-order, follows the new TD SYNNEX PO number', async () => {
    const other = demoPos(sims)[2]!;
    const key = { tenantId: TENANT, cwPoId: other.id };
    await requestSend(node.deps, node.engine, { ...key, source: 'button', memberId: 'mbrown' });
    await drain(sims, [node.engine]);
    await runOrderStatus();
    const first = (await getTracking(node.db, key))!.tdsPoNumbers;
    await reorder(node.db, { ...key, requestedBy: 'member:mbrown', now: sims.clock.now() });
    // As the admin route does: a Create Orders run picks the re-order up.
    await node.engine.runNow(TENANT, 'create-orders');
    await drain(sims, [node.engine]);
    const order = (await getOrder(node.db, key))!;
    expect(order).toMatchObject({ state: 'accepted', generation: 1 });
    await runOrderStatus();
    const row = (await getTracking(node.db, key))!;
    expect(row.tdsPoNumbers).not.toEqual(first);
    expect(row.tdsPoNumbers).toEqual([order.tdsPoNumber]);
    expect(row.done).toBe(false);
    expect(row.lines.length).toBeGreaterThan(0);
    expect(row.lines.every((l) => l.tdsPoNumber === order.tdsPoNumber)).toBe(true);
    const events = await listEvents(node.db, key);
    expect(events.some((e) => e.kind === 'linked' && e.message.startsWith('Re-ordered'))).toBe(true);
  });
});
