/** Create Orders end to end against the simulators: ready POs become one TD SYNNEX order each, problems are named. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackRegistry } from '../../../../../server/callbacks/registry.ts';
import { approveOrder } from '../../../../../server/orders/actions.ts';
import { getOrder, listSubmissions } from '../../../../../server/orders/repo.ts';
import { PriceAvailabilityService } from '../../../../../server/pricing/pa-service.ts';
import { saveSettings } from '../../../../../server/sync/engine/settings.ts';
import { registerCreateOrdersCallback } from '../../../../../server/sync/templates/create-orders/callback.ts';
import { createOrdersTemplate, requestSend } from '../../../../../server/sync/templates/create-orders/index.ts';
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
} from './harness.ts';

let sims: Sims;
let node: Node;
beforeEach(async () => {
  sims = await startSims();
  node = await startNode(sims, await memoryDb());
  await prepareTenant(sims, node);
});
afterEach(async () => {
  await node.engine.stop();
  node.db.$client.close();
  await sims.close();
});

const send = (cwPoId: number, memberId = 'mbrown') =>
  requestSend(node.deps, node.engine, { tenantId: TENANT, cwPoId, source: 'button', memberId });
/** A purchase-order callback as the receiver hands it over: durable intake work, handled by the registered handler. */
async function deliverPoCallback(input: { entity: Json; memberId: string; key: string }) {
  const callbacks = new CallbackRegistry(node.engine.intake);
  registerCreateOrdersCallback(callbacks, { engine: node.engine, pa: new PriceAvailabilityService(node.deps) });
  const [registration] = callbacks.handlersFor('purchaseorder', 'updated');
  expect(registration?.name).toBe('tds-create-orders');
  const id = Number(input.entity.id);
  await node.engine.intake.accept({
    tenantId: TENANT,
    kind: registration!.kind,
    key: input.key,
    payload: {
      tenantId: TENANT,
      type: 'purchaseorder',
      action: 'updated',
      id,
      entity: input.entity,
      memberId: input.memberId,
      payload: {},
    },
  });
  await node.engine.intake.drain();
}

/** A member sets the PO's status to "Send to TDS" and saves it, two seconds on; returns the saved PO. */
function saveStatusSendToTds(cwPoId: number, member: string): Json {
  const send = sims.cw.list('procurement/purchaseorderstatuses').find((s) => s.name === 'Send to TDS')!;
  sims.clock.advance(2_000);
  return sims.cw.patchAsMember(
    'procurement/purchaseorders',
    cwPoId,
    [{ op: 'replace', path: 'status', value: { id: send.id } }],
    member,
  );
}

/** mbrown raises the first line's quantity on an accepted PO and saves the PO, as on the ConnectWise screen. */
function addToFirstLine(cwPoId: number, more: number) {
  const line = sims.cw
    .list('procurement/purchaseorders/{parentId}/lineitems')
    .find((l) => l.purchaseOrderId === cwPoId)!;
  sims.cw.patchAsMember(
    'procurement/purchaseorders/{parentId}/lineitems',
    Number(line.id),
    [{ op: 'replace', path: 'quantity', value: Number(line.quantity) + more }],
    'mbrown',
  );
  sims.cw.patchAsMember(
    'procurement/purchaseorders',
    cwPoId,
    [{ op: 'replace', path: 'internalNotes', value: `${more} more` }],
    'mbrown',
  );
}
const tdsOrdersFor = (poNumber: string) => sims.tds.orders().filter((o) => o.poNumber.startsWith(`CW-${poNumber}`));

describe('Create Orders', () => {
  it('sends a ready PO once and writes the order number, status and message back', async () => {
    const [po] = demoPos(sims);
    const asked = await send(po!.id);
    expect(asked.outcome).toBe('created');
    expect(asked.order.state).toBe('requested');
    await drain(sims, [node.engine]);
    const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    expect(order?.state, JSON.stringify(order)).toBe('accepted');
    expect(order?.writeback).toBe('done');
    const placed = tdsOrdersFor(po!.poNumber);
    expect(placed).toHaveLength(1);
    expect(order?.tdsOrderNumbers).toEqual(placed[0]!.orderNumbers);
    const cwPo = sims.cw.get('procurement/purchaseorders', po!.id) as Json;
    expect(cwPo.status.name).toBe('TDS Accepted');
    expect(cwPo.vendorOrderNumber).toBe(placed[0]!.orderNumbers.join(', '));
    const fields = Object.fromEntries((cwPo.customFields as Json[]).map((f) => [f.caption, f.value]));
    expect(fields['TDS Order Numbers']).toBe(placed[0]!.orderNumbers.join(', '));
    expect(fields['TDS Message']).toContain('Accepted by TD SYNNEX');
    const notes = sims.cw
      .list('procurement/purchaseorders/{parentId}/notes')
      .filter((n) => n.purchaseHeaderRecID === po!.id);
    expect(notes.some((n) => String(n.text).includes(placed[0]!.orderNumbers[0]!))).toBe(true);

    // Pressing again, and a status reset to "Send to TDS", never make a second order.
    expect((await send(po!.id)).outcome).toBe('already_placed');
    await drain(sims, [node.engine]);
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(1);
  });

  it('names what to fix on an invalid PO and sends nothing', async () => {
    const pos = demoPos(sims);
    for (const po of pos.slice(3, 6)) await send(po.id);
    await drain(sims, [node.engine]);
    const codes = [];
    for (const po of pos.slice(3, 6)) {
      const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: po.id });
      expect(order?.state).toBe('invalid');
      codes.push(order!.issues.map((i) => i.code));
      expect(tdsOrdersFor(po.poNumber)).toHaveLength(0);
      const cwPo = sims.cw.get('procurement/purchaseorders', po.id) as Json;
      const message = (cwPo.customFields as Json[]).find((f) => f.caption === 'TDS Message')?.value;
      expect(message).toContain('Not sent to TD SYNNEX');
    }
    expect(codes).toEqual([['ship_to_incomplete'], ['line_unmapped'], ['quantity_invalid']]);
  });

  it('sends a large PO in batches under derived PO numbers', async () => {
    await node.engine.setSettings(TENANT, 'create-orders', { maxLinesPerOrder: 5 });
    const big = demoPos(sims)[6]!;
    await send(big.id);
    await drain(sims, [node.engine]);
    const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: big.id });
    expect(order?.state).toBe('accepted');
    expect(order?.batchCount).toBe(3);
    const subs = await listSubmissions(node.db, { tenantId: TENANT, cwPoId: big.id });
    expect(subs.map((s) => s.tdsPoNumber)).toEqual([
      `CW-${big.poNumber}-B1`,
      `CW-${big.poNumber}-B2`,
      `CW-${big.poNumber}-B3`,
    ]);
    expect(
      tdsOrdersFor(big.poNumber)
        .map((o) => o.poNumber)
        .sort(),
    ).toEqual(subs.map((s) => s.tdsPoNumber).sort());
  });

  it('tells the buyer which lines are not ordered when TD SYNNEX rejects one batch of a split PO', async () => {
    await node.engine.setSettings(TENANT, 'create-orders', { maxLinesPerOrder: 5 });
    const big = demoPos(sims)[6]!;
    sims.tds.faults.configure({
      failNext: [{ route: '/SynnexXML/PO', kind: 'business_error', message: 'Credit hold on account' }],
    });
    await send(big.id);
    await drain(sims, [node.engine]);
    const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: big.id });
    expect(order?.state).toBe('accepted');
    const subs = await listSubmissions(node.db, { tenantId: TENANT, cwPoId: big.id });
    expect(subs.map((s) => s.state)).toEqual(['rejected', 'accepted', 'accepted']);
    const lineNumbers = order!
      .submitted!.lines.filter((l) => subs[0]!.lineIds.includes(l.lineId))
      .map((l) => l.lineNumber);
    const cwPo = sims.cw.get('procurement/purchaseorders', big.id) as Json;
    const message = (cwPo.customFields as Json[]).find((f) => f.caption === 'TDS Message')?.value as string;
    expect(message).toContain('Partly accepted by TD SYNNEX');
    expect(message).toContain(`CW-${big.poNumber}-B1 (PO lines ${lineNumbers.join(', ')}) was rejected: `);
    expect(message).toContain('Credit hold on account');
    expect(message).toContain('NOT ordered');
    const note = sims.cw
      .list('procurement/purchaseorders/{parentId}/notes')
      .find((n) => n.purchaseHeaderRecID === big.id && String(n.text).includes('Partly accepted'));
    expect(note?.flagged).toBe(true);
  });

  it('recognises "IP Address Invalid", names the fix, places nothing, and sends when the buyer asks again', async () => {
    const [, po] = demoPos(sims);
    sims.tds.faults.configure({
      failNext: [{ route: '/SynnexXML/PO', kind: 'business_error', message: 'IP Address Invalid' }],
    });
    await send(po!.id);
    await drain(sims, [node.engine]);
    const failed = await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    expect(failed?.state).toBe('failed');
    expect(failed?.rejectionCode).toBe('tds_ip_refused');
    expect(failed?.rejectionReason).toContain('register the static IP');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(0);
    const cwPo = sims.cw.get('procurement/purchaseorders', po!.id) as Json;
    expect(cwPo.status.name).toBe('TDS Rejected');
    // The address is registered; the buyer presses again.
    expect((await send(po!.id)).outcome).toBe('restarted');
    await drain(sims, [node.engine]);
    expect((await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id }))?.state).toBe('accepted');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(1);
  });

  it('holds a PO above the approval amount until a second member approves', async () => {
    await node.engine.setSettings(TENANT, 'create-orders', { approvalAmount: 1 });
    const [po] = demoPos(sims);
    await send(po!.id, 'mbrown');
    await drain(sims, [node.engine]);
    const waiting = await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    expect(waiting?.state).toBe('awaiting_approval');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(0);
    await approveOrder(node.db, { tenantId: TENANT, cwPoId: po!.id, memberId: 'jsmith', now: sims.clock.now() });
    await send(po!.id, 'jsmith');
    await drain(sims, [node.engine]);
    expect((await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id }))?.state).toBe('accepted');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(1);
  });

  it('flags a quantity changed after acceptance on the PO and in the order, and never changes the TD SYNNEX order', async () => {
    const [po] = demoPos(sims);
    await send(po!.id);
    await drain(sims, [node.engine]);
    sims.clock.advance(2_000);
    addToFirstLine(po!.id, 5);
    const entity = sims.cw.get('procurement/purchaseorders', po!.id) as Json;
    await deliverPoCallback({ entity, memberId: 'mbrown', key: `test:${po!.id}:changed` });
    const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    expect(order?.changes.map((c) => c.kind)).toEqual(['quantity']);
    const message = ((sims.cw.get('procurement/purchaseorders', po!.id) as Json).customFields as Json[]).find(
      (f) => f.caption === 'TDS Message',
    )?.value;
    expect(message).toContain('Quantities changed');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(1);
    expect(tdsOrdersFor(po!.poNumber)[0]!.lines.reduce((n, l) => n + l.quantity, 0)).toBe(
      order!.submitted!.lines.reduce((n, l) => n + l.quantity, 0),
    );
  });

  it('sends a PO saved as "Send to TDS" in ConnectWise only when the member who saved it has an allowed role', async () => {
    const [po] = demoPos(sims);
    await saveSettings(node.db, createOrdersTemplate(), TENANT, { allowedRoles: ['Admin'] }, 'test', sims.clock.now());
    const saveAsSend = (member: string) => saveStatusSendToTds(po!.id, member);
    const sweepAndSettle = async () => {
      await node.engine.runNow(TENANT, 'create-orders', { requestedBy: 'test' });
      await drain(sims, [node.engine]);
      return getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    };

    // mbrown (Technician) sets the status; the 5-minute sweep finds it: refused, named on the PO, nothing placed.
    saveAsSend('mbrown');
    const refused = await sweepAndSettle();
    expect(refused?.state).toBe('invalid');
    expect(refused?.issues.map((i) => i.code)).toEqual(['sender_not_allowed']);
    expect(refused?.issues[0]?.message).toContain('mbrown');
    expect(refused?.issues[0]?.message).toContain('Technician');
    const message = ((sims.cw.get('procurement/purchaseorders', po!.id) as Json).customFields as Json[]).find(
      (f) => f.caption === 'TDS Message',
    )?.value;
    expect(message).toContain('may not send orders to TD SYNNEX');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(0);

    // jsmith (Admin) saves it again: sent once.
    saveAsSend('jsmith');
    const sent = await sweepAndSettle();
    expect(sent?.state, JSON.stringify(sent?.issues)).toBe('accepted');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(1);
  });

  it('refuses a ConnectWise callback from a member whose role may not send', async () => {
    const [, po] = demoPos(sims);
    await saveSettings(node.db, createOrdersTemplate(), TENANT, { allowedRoles: ['Admin'] }, 'test', sims.clock.now());
    const entity = saveStatusSendToTds(po!.id, 'akhan');
    await deliverPoCallback({ entity, memberId: 'akhan', key: `test:${po!.id}:send` });
    await drain(sims, [node.engine]);
    const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    expect(order?.requestedVia).toBe('callback');
    expect(order?.state).toBe('invalid');
    expect(order?.issues.map((i) => i.code)).toEqual(['sender_not_allowed']);
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(0);
  });

  it('finds a change to an accepted PO on the next scheduled run when its callback never came', async () => {
    const [po] = demoPos(sims);
    await send(po!.id);
    await drain(sims, [node.engine]);
    sims.clock.advance(60_000);
    addToFirstLine(po!.id, 2);
    // No callback is delivered (the harness's ConnectWise sends them nowhere): only the schedule can see it.
    sims.clock.advance(5 * 60_000);
    await node.engine.runNow(TENANT, 'create-orders', { requestedBy: 'schedule-test' });
    await drain(sims, [node.engine]);
    const order = await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id });
    expect(order?.changes.map((c) => c.kind)).toEqual(['quantity']);
    const message = ((sims.cw.get('procurement/purchaseorders', po!.id) as Json).customFields as Json[]).find(
      (f) => f.caption === 'TDS Message',
    )?.value;
    expect(message).toContain('Quantities changed');
    expect(tdsOrdersFor(po!.poNumber)).toHaveLength(1);

    // The next runs neither flag it again nor write to the PO again.
    const notes = () =>
      sims.cw.list('procurement/purchaseorders/{parentId}/notes').filter((n) => n.purchaseHeaderRecID === po!.id)
        .length;
    const noted = notes();
    for (let i = 0; i < 2; i++) {
      sims.clock.advance(5 * 60_000);
      await node.engine.runNow(TENANT, 'create-orders', { requestedBy: 'schedule-test' });
      await drain(sims, [node.engine]);
    }
    expect((await getOrder(node.db, { tenantId: TENANT, cwPoId: po!.id }))?.changes).toHaveLength(1);
    expect(notes()).toBe(noted);
  });
});
