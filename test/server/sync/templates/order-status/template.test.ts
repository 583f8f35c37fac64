/**
 * Order Status against both simulators over HTTP, on the simulators' clock: POs to TD SYNNEX seeded with their
 * tickets, one placed by Create Orders (its order rows), one whose TD SYNNEX order number a buyer typed by hand
 * (matched by the tenant's PO prefix), one typed by hand that TD SYNNEX does not know (listed to link, never
 * polled). Advancing the TD SYNNEX clock ships and invoices them; the run writes status, tracking, serials, ETA
 * and invoices onto the PO and its lines, notes the ticket, and the ticket badge shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderTracking } from '../../../../../db/schema/order-tracking.ts';
import { orderSubmissions, orders } from '../../../../../db/schema/orders.ts';
import { applyActivation } from '../../../../../server/activation/activate.ts';
import { createApp } from '../../../../../server/app.ts';
import { issueSessionToken } from '../../../../../server/auth/session-token.ts';
import type { CwClient } from '../../../../../server/connectors/cw/index.ts';
import type { TdsClient } from '../../../../../server/connectors/tds/types.ts';
import { orderMetrics } from '../../../../../server/orders/metrics.ts';
import { orderProgress, ticketOrders } from '../../../../../server/orders/progress.ts';
import { getTracking } from '../../../../../server/orders/tracking-repo.ts';
import { createServices } from '../../../../../server/services.ts';
import { queryActivity } from '../../../../../server/sync/engine/index.ts';
import { orderStatusTemplate } from '../../../../../server/sync/templates/order-status/index.ts';
import { cwClientFor } from '../../../../../server/tenants/cw-clients.ts';
import { tdsClientFor } from '../../../../../server/tenants/tds-clients.ts';
import { callsTo, type Harness, startHarness, TENANT, writesIn } from '../product-sync/harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Rec = Record<string, unknown> & { id: number };

let h: Harness;
let cw: CwClient;
let tds: TdsClient;
let placed: Rec; // sent by Create Orders
let typed: Rec; // order number typed by hand, placed under the prefixed PO number
let unknown: Rec; // order number typed by hand, TD SYNNEX knows no such PO
const tdsPo = (po: Rec) => `CW-${String(po.poNumber)}`;

async function lines(po: Rec): Promise<Rec[]> {
  return (await cw.list('procurement/purchaseorders/{parentId}/lineitems', { parentId: po.id })) as Rec[];
}

async function place(po: Rec): Promise<string[]> {
  const items = await lines(po);
  const result = await tds.submitOrder({
    poNumber: tdsPo(po),
    shipTo: { name: 'Contoso', line1: '1 Main St', city: 'Dallas', state: 'TX', zip: '75201', country: 'US' },
    lines: items.map((l) => ({
      lineNumber: Number(l.lineNumber),
      sku: String(l.vendorSku),
      quantity: Number(l.quantity),
      unitPrice: Number(l.unitCost),
    })),
  });
  return result.orderNumbers;
}

const statusOf = async (po: Rec) =>
  ((await cw.get('procurement/purchaseorders', po.id)) as Rec).status as { name: string };
const simOrder = (po: Rec) => h.tds.orders().find((o) => o.poNumber === tdsPo(po));

beforeAll(async () => {
  h = await startHarness({ templates: [orderStatusTemplate], tdsPurchaseOrders: 3, catalogSize: 5_000 });
  await applyActivation(h.deps, TENANT, h.origin, 'test');
  cw = await cwClientFor(h.deps, TENANT);
  tds = await tdsClientFor(h.deps, TENANT);
  const vendor = (await cw.list('company/companies', { conditions: 'identifier="TDSYNNEX"' }))[0] as Rec;
  const pos = (await cw.list('procurement/purchaseorders', {
    conditions: `vendorCompany/id=${vendor.id}`,
    orderBy: 'id asc',
  })) as Rec[];
  [placed, unknown, typed] = pos as [Rec, Rec, Rec];
  // Create Orders' part, as its rows record it: accepted, with the TD SYNNEX order numbers.
  const numbers = await place(placed);
  const at = h.clock.now().toISOString();
  await h.db.insert(orders).values({
    tenantId: TENANT,
    cwPoId: placed.id,
    cwPoNumber: String(placed.poNumber),
    state: 'accepted',
    tdsPoNumber: tdsPo(placed),
    batchCount: 1,
    tdsOrderNumbers: numbers,
    requestedVia: 'button',
    lastRequestedAt: at,
    approvals: [],
    issues: [],
    changes: [],
    writeback: 'done',
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  });
  await h.db.insert(orderSubmissions).values({
    tenantId: TENANT,
    tdsPoNumber: tdsPo(placed),
    cwPoId: placed.id,
    generation: 0,
    lineIds: [],
    state: 'accepted',
    tdsOrderNumbers: numbers,
    createdAt: at,
    updatedAt: at,
  });
  // A buyer placed this one on TD SYNNEX's web site under the prefixed PO number and typed the order number.
  const [typedNumber] = await place(typed);
  await cw.patch('procurement/purchaseorders', typed.id, [
    { op: 'replace', path: 'vendorOrderNumber', value: typedNumber },
  ]);
  await cw.patch('procurement/purchaseorders', unknown.id, [
    { op: 'replace', path: 'vendorOrderNumber', value: '45999999' },
  ]);
  await h.engine.setSettings(TENANT, 'order-status', { notifyContact: true, receiveShippedLines: true });
}, 120_000);
afterAll(() => h?.close());

describe('Order Status', () => {
  it('follows placed and prefix-matched orders at "TDS Accepted", and lists a hand-typed unknown one to link', async () => {
    await h.resetStats();
    const run = await h.run({ templateId: 'order-status' });
    expect(run.state).toBe('succeeded_with_warnings');
    // The first look reads each followed PO's lines (so the "not even read" check below means something).
    expect(callsTo(await h.cwStats(), 'GET', 'lineitems')).toBeGreaterThan(0);
    expect((await statusOf(placed)).name).toBe('TDS Accepted');
    expect((await statusOf(typed)).name).toBe('TDS Accepted');
    expect((await getTracking(h.db, { tenantId: TENANT, cwPoId: typed.id }))?.link).toBe('prefix_match');
    const unlinked = await getTracking(h.db, { tenantId: TENANT, cwPoId: unknown.id });
    expect(unlinked).toMatchObject({ link: 'needs_link', tdsPoNumbers: [], typedOrderNumber: '45999999' });
    expect((await orderProgress(h.deps, TENANT, unknown.id))?.needsLink).toMatch(/link it/);
    // Looked up by PO number only: TD SYNNEX never saw the typed order number as a PO number.
    expect(h.tds.orders().some((o) => o.poNumber === '45999999')).toBe(false);
    const activity = await queryActivity(h.db, { tenantId: TENANT, templateId: 'order-status', limit: 200 });
    expect(activity.items.find((e) => e.code === 'order_needs_link')?.level).toBe('warn');
  });

  it('links a hand-typed order only to a PO number TD SYNNEX knows, then follows it', async () => {
    const app = createApp(createServices(h.deps, { engine: { startOnRequest: false } }));
    const { token } = await issueSessionToken(
      { tid: TENANT, sub: 'akhan', name: 'A Khan' },
      h.deps.sessionSecret,
      900,
      new Date(),
    );
    const link = (body: unknown) =>
      app.request(`/api/pod/purchase-orders/${unknown.id}/link`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await link({ tdsPoNumber: 'has space' })).status).toBe(400);
    expect((await link({ tdsPoNumber: 'x'.repeat(5000) })).status).toBe(413);
    const missing = await link({ tdsPoNumber: 'WEB-NOPE' });
    expect(missing.status).toBe(409);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('tds_po_not_found');
    expect((await link({ tdsPoNumber: tdsPo(placed) })).status).toBe(409); // already followed for another PO
    // The buyer had placed it on TD SYNNEX's web site under their own PO number.
    const c = h.tds.catalog;
    let sku = '';
    for (let i = 0; i < c.size && !sku; i++) {
      const best = Math.max(
        ...c
          .availability(i, h.clock.now())
          .warehouses.filter((w) => !w.warehouse.virtual)
          .map((w) => w.qty),
      );
      if (c.isAuthorized(i) && c.product(i).status === 'Active' && best >= 2) sku = c.skuOf(i);
    }
    const shipTo = { name: 'Contoso', line1: '1 Main St', city: 'Dallas', state: 'TX', zip: '75201', country: 'US' };
    await tds.submitOrder({ poNumber: 'WEB-77', shipTo, lines: [{ lineNumber: 1, sku, quantity: 1 }] });
    const linked = await link({ tdsPoNumber: 'WEB-77' });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ linked: true, tdsPoNumber: 'WEB-77' });
    await h.run({ templateId: 'order-status' });
    expect((await statusOf(unknown)).name).toBe('TDS Accepted');
    expect((await getTracking(h.db, { tenantId: TENANT, cwPoId: unknown.id }))?.link).toBe('buyer_link');
  });

  it('leaves the status alone on an unknown TD SYNNEX code and logs it', async () => {
    await fetch(`${h.origin}/sim/tds/_sim/orders/${tdsPo(typed)}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'accepted', code: 'on hold' }),
    });
    await h.run({ templateId: 'order-status' });
    expect((await statusOf(typed)).name).toBe('TDS Accepted');
    const activity = await queryActivity(h.db, { tenantId: TENANT, templateId: 'order-status', limit: 200 });
    expect(activity.items.find((e) => e.code === 'tds_unknown_status_code')?.message).toMatch(/"on hold"/);
    // Which answer variant was met is recorded too.
    expect(activity.items.find((e) => e.code === 'tds_answer_variant')?.message).toMatch(/line_code_unknown:on hold/);
    await fetch(`${h.origin}/sim/tds/_sim/orders/${tdsPo(typed)}/status`, { method: 'DELETE' });
  });

  it('after the TD SYNNEX clock moves to the first shipment: "TDS Shipped", tracking and serials on PO, lines, ticket and badge', async () => {
    for (let i = 0; i < 24 * 14 && !simOrder(placed)?.lines.some((l) => l.shipped > 0); i++) h.clock.advance(HOUR);
    expect(simOrder(placed)?.lines.some((l) => l.shipped > 0)).toBe(true);
    await h.run({ templateId: 'order-status' });
    const sim = simOrder(placed)!;
    const expected =
      sim.status === 'invoiced'
        ? 'TDS Closed'
        : sim.lines.some((l) => l.code === 'invoiced')
          ? 'TDS Invoiced'
          : 'TDS Shipped';
    expect((await statusOf(placed)).name).toBe(expected);
    const po = (await cw.get('procurement/purchaseorders', placed.id)) as Rec;
    const row = (await getTracking(h.db, { tenantId: TENANT, cwPoId: placed.id }))!;
    const shipped = row.lines.filter((l) => l.shipQuantity > 0);
    expect(shipped.length).toBeGreaterThan(0);
    const trackingNumbers = shipped.flatMap((l) => l.trackingNumbers);
    expect(trackingNumbers.length).toBeGreaterThan(0);
    expect(String(po.trackingNumber)).toContain(trackingNumbers[0]);
    expect(String(po.shipmentDate)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const cwLines = await lines(placed);
    for (const l of shipped) {
      const cwLine = cwLines.find((c) => c.id === l.cwLineId)!;
      expect(String(cwLine.trackingNumber)).toContain(l.trackingNumbers[0] ?? '');
      expect(String(cwLine.vendorOrderNumber)).toContain(l.orderNumber);
      for (const serial of l.serialNumbers) expect(String(cwLine.serialNumbers)).toContain(serial);
      expect(String(cwLine.shipDate)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    // The serials are TD SYNNEX's: the same ones its status answer carries.
    const answer = await tds.orderStatus(tdsPo(placed));
    expect(row.lines.flatMap((l) => l.serialNumbers).sort()).toEqual(
      answer.lines.flatMap((l) => l.serialNumbers).sort(),
    );

    const ticketId = row.ticketId!;
    expect(ticketId).toBeGreaterThan(0);
    const notes = (await cw.list('service/tickets/{parentId}/notes', { parentId: ticketId })) as Rec[];
    const note = notes.find((n) => String(n.text).includes('TD SYNNEX shipped'));
    expect(note).toMatchObject({ processNotifications: true, detailDescriptionFlag: true });
    expect(String(note?.text)).toContain(trackingNumbers[0]);

    const badges = await ticketOrders(h.deps, TENANT, ticketId);
    expect(badges).toEqual([
      expect.objectContaining({
        cwPoId: placed.id,
        status: expected,
        tracking: expect.objectContaining({ number: trackingNumbers[0] }),
      }),
    ]);
    expect(badges[0]?.tracking?.url).toMatch(/^https:\/\/www\.(fedex|ups)\.com\//);
  });

  it('answers the pod: ticket badges and PO progress, 400 on a bad id, 401 without a session', async () => {
    const app = createApp(createServices(h.deps, { engine: { startOnRequest: false } }));
    const { token } = await issueSessionToken(
      { tid: TENANT, sub: 'akhan', name: 'A Khan' },
      h.deps.sessionSecret,
      900,
      new Date(),
    );
    const get = (path: string, auth = true) =>
      app.request(path, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    const row = (await getTracking(h.db, { tenantId: TENANT, cwPoId: placed.id }))!;
    const badges = await get(`/api/pod/tickets/${row.ticketId}/orders`);
    expect(badges.status).toBe(200);
    const body = (await badges.json()) as { orders: Array<{ cwPoId: number; tracking?: { url?: string } }> };
    expect(body.orders.map((o) => o.cwPoId)).toEqual([placed.id]);
    const progress = await get(`/api/pod/purchase-orders/${placed.id}/progress`);
    const p = (await progress.json()) as { progress: { carriers: unknown[]; timeline: unknown[] } };
    expect(p.progress.carriers.length).toBeGreaterThan(0);
    expect(p.progress.timeline.length).toBeGreaterThan(0);
    expect((await get('/api/pod/tickets/abc/orders')).status).toBe(400);
    expect((await get('/api/pod/purchase-orders/-4/progress')).status).toBe(400);
    expect((await get(`/api/pod/tickets/${row.ticketId}/orders`, false)).status).toBe(401);
  });

  it('writes nothing when nothing changed at TD SYNNEX', async () => {
    await h.run({ templateId: 'order-status' });
    await h.resetStats();
    const run = await h.run({ templateId: 'order-status' });
    expect(run.counts).toMatchObject({ updated: 0 });
    const stats = await h.cwStats();
    expect(writesIn(stats)).toBe(0);
    expect(callsTo(stats, 'POST', 'notes')).toBe(0);
    // Not even read: TD SYNNEX had nothing new, so the PO and its lines were left alone.
    expect(callsTo(stats, 'GET', 'lineitems')).toBe(0);
  });

  it('records a failed ticket note and writes it on the next run', async () => {
    await fetch(`${h.origin}/sim/cw/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failNext: [{ route: '/notes', method: 'POST', kind: 'server_error', count: 10 }] }),
    });
    h.clock.advance(30 * DAY);
    await h.run({ templateId: 'order-status' });
    await fetch(`${h.origin}/sim/cw/_sim/faults`, { method: 'DELETE' });
    const failed = (await orderProgress(h.deps, TENANT, placed.id))!.timeline.filter((e) => e.kind === 'ticket_note');
    expect(failed.at(-1)).toMatchObject({ ok: false });
    const ticketId = (await getTracking(h.db, { tenantId: TENANT, cwPoId: placed.id }))!.ticketId!;
    const before = ((await cw.list('service/tickets/{parentId}/notes', { parentId: ticketId })) as Rec[]).length;
    await h.run({ templateId: 'order-status' });
    const notes = (await cw.list('service/tickets/{parentId}/notes', { parentId: ticketId })) as Rec[];
    expect(notes.length).toBe(before + 1);
    expect(String(notes.at(-1)?.text)).toMatch(/invoiced it: invoice/);
    const after = (await orderProgress(h.deps, TENANT, placed.id))!.timeline.filter((e) => e.kind === 'ticket_note');
    expect(after.at(-1)).toMatchObject({ ok: true });
    // The timeline did not repeat the invoice because of the retry.
    const invoices = (await orderProgress(h.deps, TENANT, placed.id))!.timeline.filter((e) => e.kind === 'invoice');
    expect(new Set(invoices.map((e) => e.message)).size).toBe(invoices.length);
  });

  it('closes the PO once every line is invoiced, with invoice number, freight and tax on the PO, and stops polling it', async () => {
    await h.run({ templateId: 'order-status' });
    expect((await statusOf(placed)).name).toBe('TDS Closed');
    const po = (await cw.get('procurement/purchaseorders', placed.id)) as Rec;
    const row = (await getTracking(h.db, { tenantId: TENANT, cwPoId: placed.id }))!;
    expect(row.done).toBe(true);
    expect(row.invoices.length).toBeGreaterThan(0);
    expect(String(po.vendorInvoiceNumber)).toContain(row.invoices[0]?.invoiceNumber);
    expect(po.freightCost).toBeCloseTo(
      row.invoices.reduce((n, i) => n + (i.freight ?? 0), 0),
      2,
    );
    expect(po.salesTax).toBe(0);
    // receiveShippedLines: every fully shipped line was received in ConnectWise.
    for (const l of await lines(placed))
      expect(l).toMatchObject({ receivedStatus: 'FullyReceived', receivedQuantity: l.quantity });
    const progress = (await orderProgress(h.deps, TENANT, placed.id))!;
    expect(progress.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['status', 'shipment', 'invoice', 'ticket_note']),
    );
    expect((await getTracking(h.db, { tenantId: TENANT, cwPoId: typed.id }))?.done).toBe(true);
    await h.resetStats();
    await h.run({ templateId: 'order-status' });
    expect(callsTo(await h.tdsStats(), 'POST', 'SynnexXML/PO')).toBe(0);
  });

  it('exposes the console figures', async () => {
    const m = await orderMetrics(h.db, TENANT);
    expect(m.submissionSuccess).toMatchObject({ done: 1, of: 1, rate: 1 });
    expect(m.orderNumberAssignment).toMatchObject({ done: 1, of: 1, writtenBack: 1 });
    expect(m.trackingCompleteness.rate).toBe(1);
    expect(m.deliveryConfirmation.rate).toBe(1);
    expect(m.deliveryConfirmation.of).toBeGreaterThanOrEqual(2);
    expect(m.notificationSuccess.done).toBeGreaterThan(0);
    // Every note failed on purpose was written on a later run: failures = attempts − successes, over every
    // followed PO's timeline (the pod's view of the same events).
    const followed = await h.db.select({ cwPoId: orderTracking.cwPoId }).from(orderTracking);
    let failedNotes = 0;
    for (const { cwPoId } of followed) {
      const timeline = (await orderProgress(h.deps, TENANT, cwPoId))?.timeline ?? [];
      failedNotes += timeline.filter((e) => e.kind === 'ticket_note' && e.ok === false).length;
    }
    expect(failedNotes).toBeGreaterThan(0);
    expect(m.notificationSuccess.of - m.notificationSuccess.done).toBe(failedNotes);
    expect(m.notificationSuccess.rate).toBeLessThan(1);
    expect(m.statusUpdateLag.count).toBeGreaterThan(0);
    expect(m.statusUpdateLag.p95Ms).toBeGreaterThanOrEqual(0);
  });
});
