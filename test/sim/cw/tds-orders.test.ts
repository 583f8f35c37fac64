/** The demo's purchase orders to TD SYNNEX (ready and fixable, tied to tickets) and the editable PO screen. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screenRoutes } from '../../../sim/cw/screens/screens.ts';
import { DEMO_TDS_PURCHASE_ORDERS } from '../../../sim/data/cw-seed.ts';
import { listen, startSim, type TestSim } from './helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely in assertions
type Row = Record<string, any> & { id: number };

let t: TestSim;
beforeEach(async () => {
  t = await startSim({ callbackRetryDelaysMs: [20, 40], sizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS } });
});
afterEach(() => t.close());

const tdsPos = async () => {
  const [vendor] = await t.json<Row[]>('company/companies?conditions=identifier%3D%22TDSYNNEX%22');
  const pos = await t.json<Row[]>(`procurement/purchaseorders?conditions=vendorCompany/id=${vendor!.id}&pageSize=100`);
  return { vendor: vendor!, pos };
};
const linesOf = (po: Row) => t.json<Row[]>(`procurement/purchaseorders/${po.id}/lineitems?pageSize=100`);

describe('purchase orders to TD SYNNEX in the demo data', () => {
  it('seeds the TD SYNNEX vendor with POs to it, each tied to a ticket whose products are the PO lines', async () => {
    const { vendor, pos } = await tdsPos();
    expect(vendor).toMatchObject({ name: 'TD SYNNEX', city: 'Clearwater' });
    expect(pos.length).toBeGreaterThanOrEqual(7);
    for (const po of pos) {
      const [ticket] = await t.json<Row[]>(`service/tickets?conditions=poNumber%3D%22${po.poNumber}%22`);
      expect(ticket, `ticket for ${po.poNumber}`).toBeDefined();
      const products = await t.json<Row[]>(`procurement/products?conditions=ticket/id=${ticket!.id}&pageSize=100`);
      const lines = await linesOf(po);
      expect(products.map((p) => [p.catalogItem.id, p.quantity])).toEqual(lines.map((l) => [l.product.id, l.quantity]));
    }
  });

  it('has ready POs and POs with a problem a buyer can fix', async () => {
    const { pos } = await tdsPos();
    const all = await Promise.all(pos.map(async (po) => ({ po, lines: await linesOf(po) })));
    const shipToIncomplete = all.filter(({ po }) => !po.customerCity || !po.customerZip);
    const zeroQuantity = all.filter(({ lines }) => lines.some((l) => l.quantity === 0));
    const otherVendorLine = all.filter(({ lines }) =>
      lines.some((l) => String(l.product.identifier).startsWith('NW-')),
    );
    const ready = all.filter(
      ({ po, lines }) =>
        po.customerCity &&
        po.customerZip &&
        lines.every((l) => l.quantity > 0 && !String(l.product.identifier).startsWith('NW-')),
    );
    expect(shipToIncomplete).toHaveLength(1);
    expect(zeroQuantity).toHaveLength(1);
    expect(otherVendorLine).toHaveLength(1);
    expect(ready.length).toBeGreaterThanOrEqual(4);
    // Lines carry TD SYNNEX SKUs as vendor SKU; one ready PO leaves it to the manufacturer part number.
    expect(ready.flatMap((r) => r.lines).filter((l) => !l.vendorSku)).toHaveLength(1);
    expect(ready.some((r) => r.lines.length > 10)).toBe(true);
  });
});

describe('the simulated purchase-order screen', () => {
  it('saves a status and the "Send to TDS" field as the member, which fires the PurchaseOrder callback', async () => {
    const received: Row[] = [];
    const receiver = await listen(async (req) => {
      received.push(JSON.parse(await req.text()));
      return new Response(null, { status: 200 });
    });
    try {
      const status = await t.json<Row>('procurement/purchaseorderstatuses', {
        method: 'POST',
        json: { name: 'Send to TDS', sortOrder: 10, closedFlag: false, defaultFlag: false, inactiveFlag: false },
      });
      const udf = await t.json<Row>('system/userDefinedFields', {
        method: 'POST',
        json: { caption: 'Send to TDS', screenId: 'purchaseorder', sequenceNumber: 5, fieldTypeIdentifier: 'Checkbox' },
      });
      await t.call('system/callbacks', {
        method: 'POST',
        json: { url: `${receiver.url}/cb`, type: 'PurchaseOrder', level: 'Owner', objectId: 1, description: 'tds' },
      });
      const { pos } = await tdsPos();
      const po = pos[0]!;
      const screens = screenRoutes({ cw: t.sim });
      const page = await (await screens.request(`/purchaseorder/${po.id}?member=mbrown`)).text();
      expect(page).toContain('id="po-status"');
      expect(page).toContain('id="po-send-to-tds"');
      const res = await screens.request(`/purchaseorder/${po.id}?member=mbrown`, {
        method: 'POST',
        body: new URLSearchParams({ status: String(status.id), sendToTds: 'on' }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('notice=Saved');
      await t.sim.flushCallbacks();
      const after = await t.json<Row>(`procurement/purchaseorders/${po.id}`);
      expect(after.status.name).toBe('Send to TDS');
      expect(after.customFields.find((f: Row) => f.id === udf.id).value).toBe(true);
      expect(after._info.updatedBy).toBe('mbrown');
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ Type: 'purchaseorder', ID: po.id, Action: 'updated' });
      const shown = await (await screens.request(`/purchaseorder/${po.id}?member=mbrown`)).text();
      expect(shown).toMatch(/<dt>Send to TDS<\/dt><dd>Yes<\/dd>/);
    } finally {
      await receiver.close();
    }
  });
});
