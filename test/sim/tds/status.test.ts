import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTdsSim, type TdsSimHarness } from './harness.ts';
import { invoiceXml, parseB2B, poXml, statusXml } from './po-xml.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: TdsSimHarness;
let seq = 0;

beforeAll(async () => {
  h = await startTdsSim();
  h.clock.set(new Date('2026-03-02T10:00:00Z'));
});
afterAll(() => h.close());

function serializedInStock(minQty: number): string {
  const c = h.sim.catalog;
  const now = h.clock.now();
  for (let i = 0; i < c.size; i++) {
    const p = c.product(i);
    if (!p.serialized || p.status !== 'Active' || !c.isAuthorized(i)) continue;
    const best = Math.max(
      ...c
        .availability(i, now)
        .warehouses.filter((w) => !w.warehouse.virtual)
        .map((w) => w.qty),
    );
    if (best >= minQty) return p.sku;
  }
  throw new Error('no serialized product in stock');
}

async function order(qty = 1, sku = serializedInStock(qty)) {
  const po = `ST-${++seq}`;
  const res = parseB2B((await h.post('/SynnexXML/PO', poXml(po, [{ sku, qty }]))).text);
  expect(res.OrderResponse.Code).toBe('accepted');
  return { po, orderNumber: res.OrderResponse.Items.Item[0].OrderNumber as string };
}

async function status(po: string) {
  return parseB2B((await h.post('/SynnexXML/PO', statusXml(po))).text).OrderStatusResponse;
}

async function force(po: string, body: unknown) {
  return fetch(`${h.base}/_sim/orders/${po}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('TD SYNNEX order status over simulator time', () => {
  it('moves accepted → shipped → invoiced with only the line codes seen in production answers (varconnect parser)', async () => {
    const { po, orderNumber } = await order(1);
    const first = await status(po);
    expect(first).toMatchObject({ PONumber: po, Code: 'accepted' });
    expect(first.Items.Item[0]).toMatchObject({ Code: 'accepted', OrderNumber: orderNumber, ShipQuantity: '0' });
    h.clock.advance(HOUR + 1000);
    expect((await status(po)).Code).toBe('accepted');
    h.clock.advance(DAY);
    const shipped = await status(po);
    expect(['shipped', 'invoiced']).toContain(shipped.Code);
    const item = shipped.Items.Item[0];
    expect(item.ShipQuantity).toBe('1');
    expect(item.ShipDatetime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(item.Packages.Package[0].TrackingNumber).toMatch(/^\d{12}$/);
    expect(item.Packages.Package[0].SerialNo).toHaveLength(1);
    h.clock.advance(DAY);
    expect((await status(po)).Code).toBe('invoiced');
    h.clock.advance(6 * DAY);
    const later = await status(po);
    expect(later.Code).toBe('invoiced');
    expect(later.Items.Item[0].Code).toBe('invoiced');
  });

  it('keeps released, backordered, partial and closed as the documented "extended" line-code option', async () => {
    h.sim.settings.lineCodes = 'extended';
    try {
      const { po } = await order(1);
      h.clock.advance(HOUR + 1000);
      expect((await status(po)).Code).toBe('released');
      h.clock.advance(9 * DAY);
      expect((await status(po)).Items.Item[0].Code).toBe('closed');
    } finally {
      h.sim.settings.lineCodes = 'observed';
    }
  });

  it('sends the back-order ETA as ETADate (varconnect parser), or EtaDate when set to', async () => {
    const c = h.sim.catalog;
    let sku = '';
    for (let i = 0; i < c.size && !sku; i++) {
      const a = c.availability(i, h.clock.now());
      if (c.product(i).status === 'Active' && c.isAuthorized(i) && a.totalQuantity === 0 && a.dropShipQuantity === 0)
        sku = c.skuOf(i);
    }
    const { po } = await order(1, sku);
    const item = (await status(po)).Items.Item[0];
    expect(item.ETADate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item.EtaDate).toBeUndefined();
    h.sim.settings.etaElement = 'EtaDate';
    try {
      expect((await status(po)).Items.Item[0].EtaDate).toBe(item.ETADate);
    } finally {
      h.sim.settings.etaElement = 'ETADate';
    }
  });

  it('switches answer shapes at PUT /_sim/settings and refuses unknown values', async () => {
    const put = (body: unknown) =>
      fetch(`${h.base}/_sim/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ lineCodes: 'sometimes' })).status).toBe(400);
    const res = await put({ lineCodes: 'extended' });
    expect(await res.json()).toMatchObject({ lineCodes: 'extended', orderAnswer: 'captured' });
    try {
      const { po } = await order(1);
      h.clock.advance(HOUR + 1000);
      expect((await status(po)).Code).toBe('released');
    } finally {
      await put({ lineCodes: 'observed' });
    }
    expect(await (await fetch(`${h.base}/_sim/settings`)).json()).toMatchObject({ lineCodes: 'observed' });
  });

  it('can show any code TD SYNNEX might send (a forced unknown code)', async () => {
    const { po } = await order(1);
    expect((await force(po, { status: 'accepted', code: 'on hold' })).status).toBe(200);
    const body = await status(po);
    expect(body.Code).toBe('on hold');
    expect(body.Items.Item[0].Code).toBe('on hold');
  });

  it('reports the documented line fields', async () => {
    const { po } = await order(1);
    h.clock.advance(2 * DAY);
    const item = (await status(po)).Items.Item[0];
    for (const field of [
      'OrderNumber',
      'OrderType',
      'SKU',
      'MfgPN',
      'ProductName',
      'OrderQuantity',
      'ShipQuantity',
      'UnitPrice',
      'ShipFromWarehouse',
      'ShipFromCity',
      'ShipFromState',
      'ShipFromZip',
      'ShipMethod',
      'ShipMethodDescription',
      'Freight',
      'HandlingFee',
      'Tax',
      'RecyclingFee',
      'CustPoLineNo',
    ]) {
      expect(item[field], field).toBeDefined();
    }
    expect(item.ShipMethod).toBe('FX');
    expect(item.ShipMethodDescription).toBe('FedEx Express Saver');
  });

  it('answers an unknown PO with header Code "not found"', async () => {
    const body = await status('NO-SUCH-PO');
    expect(body).toMatchObject({ PONumber: 'NO-SUCH-PO', Code: 'not found' });
    expect(body.Items).toBeUndefined();
  });

  it.each(['accepted', 'released', 'shipped', 'invoiced', 'closed'])(
    'can be forced to %s and stays there',
    async (forced) => {
      const { po } = await order(1);
      expect((await force(po, { status: forced })).status).toBe(200);
      expect((await status(po)).Code).toBe(forced);
      h.clock.advance(30 * DAY);
      expect((await status(po)).Code).toBe(forced);
    },
  );

  it('can be forced to a partial shipment with packages, tracking and serial numbers', async () => {
    const { po } = await order(4);
    expect((await force(po, { status: 'shipped', partial: true })).status).toBe(200);
    const body = await status(po);
    expect(body.Code).toBe('partial');
    const item = body.Items.Item[0];
    // No `partial` line code in production answers: a partly shipped line is `shipped` with fewer units.
    expect(item.Code).toBe('shipped');
    expect(Number(item.ShipQuantity)).toBe(2);
    const packages = item.Packages.Package;
    expect(packages.reduce((n: number, p: { ShipItemQuantity: string }) => n + Number(p.ShipItemQuantity), 0)).toBe(2);
    expect(packages.flatMap((p: { SerialNo: string[] }) => p.SerialNo)).toHaveLength(2);
    expect(item.EstimatedShipDate).toBeUndefined();
  });

  it('refuses a partial shipment of a single unit and can be un-forced', async () => {
    const { po } = await order(1);
    expect((await force(po, { status: 'shipped', partial: true })).status).toBe(409);
    expect((await force(po, { status: 'bogus' })).status).toBe(400);
    expect((await force('NOPE', { status: 'shipped' })).status).toBe(404);
    await force(po, { status: 'not found' });
    expect((await status(po)).Code).toBe('not found');
    const cleared = await fetch(`${h.base}/_sim/orders/${po}/status`, { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect((await status(po)).Code).not.toBe('not found');
  });

  it('shows natural partial shipments: some lines ship in two waves', async () => {
    let partialSeen = false;
    for (let k = 0; k < 12 && !partialSeen; k++) {
      const { po } = await order(4);
      const sub = await status(po);
      expect(sub.Code).toBe('accepted');
      for (let hours = 0; hours < 72 && !partialSeen; hours += 2) {
        h.clock.advance(2 * HOUR);
        if ((await status(po)).Code === 'partial') partialSeen = true;
      }
    }
    expect(partialSeen).toBe(true);
  });

  it('lists orders with their computed status at /_sim/orders', async () => {
    const { po } = await order(1);
    const list = (await (await fetch(`${h.base}/_sim/orders`)).json()) as Array<{ poNumber: string; status: string }>;
    expect(list.find((o) => o.poNumber === po)?.status).toBe('accepted');
  });
});

describe('TD SYNNEX invoices', () => {
  async function invoices(query: { po?: string; order?: string }) {
    return parseB2B((await h.post('/webservice/invoice/query', invoiceXml(query))).text).InvoiceResponse;
  }

  it('answers PascalCase InvoiceResponse/Invoice as a production parser reads it (varconnect synnex_api.js)', async () => {
    const { po, orderNumber } = await order(3);
    expect((await invoices({ po })).ErrorDetail).toMatch(/No invoice/);
    await force(po, { status: 'invoiced' });
    const byPo = await invoices({ po });
    expect(byPo.CustomerPONumber).toBe(po);
    const [invoice] = byPo.Invoice;
    expect(invoice.InvoiceNumber).toBeTruthy();
    expect(invoice.InvoiceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(invoice.InternalReferenceNumber).toBe(orderNumber);
    const item = invoice.Items.Item[0];
    expect(item.ShipQuantity).toBe('3');
    expect(item.ManuafacturerPartNumber).toBeTruthy();
    expect(item.SKU).toBeTruthy();
    expect(item.SerialNo).toHaveLength(3);
    expect(item.SerialNo[0]).toMatch(/^SN: \S+$/);
    expect(invoice.Tracking.TrackNumber.split(',').length).toBeGreaterThanOrEqual(1);
    expect(invoice.Summary).toMatchObject({ SalesTax: '0.00', RecyclingFee: '0.00' });
    expect(invoice.Summary.Freight).toMatch(/^\d/);
    expect(invoice.Summary.TotalInvoiceAmount).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    const byOrder = await invoices({ order: orderNumber });
    expect(byOrder.Invoice[0].InvoiceNumber).toBe(invoice.InvoiceNumber);
  });

  it('formats amounts of a thousand and more with thousands separators and joins tracking numbers with commas', async () => {
    const c = h.sim.catalog;
    let sku = '';
    for (let i = 0; i < c.size && !sku; i++) {
      const p = c.product(i);
      const best = Math.max(
        ...c
          .availability(i, h.clock.now())
          .warehouses.filter((w) => !w.warehouse.virtual)
          .map((w) => w.qty),
      );
      if (p.status === 'Active' && c.isAuthorized(i) && c.priceAt(i, h.clock.now()).unitCost > 1200 && best >= 3)
        sku = p.sku;
    }
    const { po } = await order(3, sku);
    await force(po, { status: 'invoiced' });
    const invoice = (await invoices({ po })).Invoice[0];
    expect(invoice.Items.Item[0].UnitPrice).toMatch(/^\d{1,3},\d{3}\.\d{2}$/);
    expect(invoice.Summary.TotalInvoiceAmount).toMatch(/^\d{1,3},\d{3}\.\d{2}$/);
    const packages = invoice.Summary.BoxCount;
    expect(invoice.Tracking.TrackNumber.split(',')).toHaveLength(Number(packages));
  });

  it('answers unknown orders and bad logins in InvoiceResponse/ErrorDetail', async () => {
    expect((await invoices({ po: 'NOPE' })).ErrorDetail).toMatch(/No order found/);
    const res = await h.post(
      '/webservice/invoice/query',
      invoiceXml({ po: 'X' }, { customerNo: '100001', user: 'x', password: 'y' }),
    );
    expect(parseB2B(res.text).InvoiceResponse.ErrorDetail).toMatch(/^Authentication Failed/);
  });
});
