import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTdsSim, type TdsSimHarness } from './harness.ts';
import { parseB2B, poXml, SHIP_TO } from './po-xml.ts';

const AT = new Date('2026-03-02T10:00:00Z');
let h: TdsSimHarness;
let po = 0;
const nextPo = () => `CW-PO-${++po}`;

beforeAll(async () => {
  h = await startTdsSim();
  h.clock.set(AT);
});
afterAll(() => h.close());

const raw = new Map<string, string>();
const res = (po: string) => ({ text: raw.get(po) ?? '' });

async function submit(xml: string) {
  const answer = await h.post('/SynnexXML/PO', xml);
  expect(answer.status).toBe(200);
  const body = parseB2B(answer.text);
  raw.set(String(body.OrderResponse?.PONumber ?? ''), answer.text);
  return body;
}

function find(pred: (i: number) => boolean): string {
  const c = h.sim.catalog;
  for (let i = 0; i < c.size; i++)
    if (c.isAuthorized(i) && c.product(i).status === 'Active' && pred(i)) return c.skuOf(i);
  throw new Error('no product matches');
}
const stock = (i: number) => h.sim.catalog.availability(i, h.clock.now());
const physical = (i: number) => stock(i).warehouses.filter((w) => !w.warehouse.virtual && w.qty > 0);

describe('TD SYNNEX PO submit', () => {
  it('accepts a PO the way a captured real answer looks: OrderType 99, empty ShipFromWarehouse, 8-digit order numbers', async () => {
    const sku = find((i) => (physical(i)[0]?.qty ?? 0) >= 2);
    const number = nextPo();
    const body = await submit(poXml(number, [{ sku, qty: 1 }]));
    const r = body.OrderResponse;
    expect(r).toMatchObject({ CustomerNumber: DEMO.customerNo, PONumber: number, Code: 'accepted' });
    expect(r.ResponseDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(r.ResponseElapsedTime).toMatch(/^\d+\.\d{2}s$/);
    const [item] = r.Items.Item;
    expect(item).toMatchObject({
      '@_lineNumber': '1',
      SKU: sku,
      OrderQuantity: '1',
      Code: 'accepted',
      // wentige/goapp: supplier/synnex/fixtures/Purchase-Response-1.xml
      OrderType: '99',
      ShipFromWarehouse: '',
    });
    expect(res(number).text).toContain('<ShipFromWarehouse/>');
    expect(item.OrderNumber).toMatch(/^\d{8}$/);
    expect(item.SynnexInternalReference).toBeTruthy();
    expect(h.sim.orders().map((o) => o.poNumber)).toContain(number);
  });

  it('shows SO/BO and the ship-from warehouse with the documented "detailed" answer option', async () => {
    h.sim.settings.orderAnswer = 'detailed';
    try {
      const sku = find((i) => (physical(i)[0]?.qty ?? 0) >= 2);
      const [item] = (await submit(poXml(nextPo(), [{ sku, qty: 1 }]))).OrderResponse.Items.Item;
      expect(item.OrderType).toBe('SO');
      expect(Number(item.ShipFromWarehouse)).toBe(
        physical(h.sim.catalog.indexOfSku(sku) as number).sort((a, b) => b.qty - a.qty)[0]?.warehouse.number ?? -1,
      );
    } finally {
      h.sim.settings.orderAnswer = 'captured';
    }
  });

  it('splits a line over warehouses into several order numbers when no single warehouse has enough', async () => {
    const sku = find((i) => physical(i).length >= 2);
    const index = h.sim.catalog.indexOfSku(sku) as number;
    const total = stock(index).totalQuantity;
    const body = await submit(poXml(nextPo(), [{ sku, qty: total }]));
    const items = body.OrderResponse.Items.Item;
    expect(items.length).toBe(physical(index).length);
    expect(new Set(items.map((i: { OrderNumber: string }) => i.OrderNumber)).size).toBe(items.length);
    expect(items.every((i: { '@_lineNumber': string }) => i['@_lineNumber'] === '1')).toBe(true);
    expect(items.reduce((n: number, i: { OrderQuantity: string }) => n + Number(i.OrderQuantity), 0)).toBe(total);
  });

  it('keeps one warehouse and back-orders the rest when WarehouseSplit is N', async () => {
    const sku = find((i) => physical(i).length >= 2);
    const index = h.sim.catalog.indexOfSku(sku) as number;
    const best = physical(index).sort((a, b) => b.qty - a.qty)[0]!;
    const total = stock(index).totalQuantity;
    const number = nextPo();
    await submit(poXml(number, [{ sku, qty: total }], { flags: '<WarehouseSplit>N</WarehouseSplit>' }));
    // The captured answer hides warehouse and type; the simulator's order list shows them.
    const lines = h.sim.orders().find((o) => o.poNumber === number)?.lines ?? [];
    expect(lines.map((l) => [l.warehouse, l.quantity])).toEqual([
      [best.warehouse.number, best.qty],
      [best.warehouse.number, total - best.qty],
    ]);
    expect(new Set(lines.map((l) => l.orderNumber)).size).toBe(2);
  });

  it('rejects a short line when BackOrderFlag is N', async () => {
    const sku = find((i) => stock(i).totalQuantity === 0 && stock(i).dropShipQuantity === 0);
    const body = await submit(poXml(nextPo(), [{ sku, qty: 1 }], { flags: '<BackOrderFlag>N</BackOrderFlag>' }));
    expect(body.OrderResponse.Code).toBe('rejected');
    expect(body.OrderResponse.Items.Item[0].Reason).toMatch(/BackOrderFlag/);
  });

  it('ships drop-ship-only products from warehouse 98', async () => {
    const sku = find((i) => stock(i).totalQuantity === 0 && stock(i).dropShipQuantity > 1);
    const number = nextPo();
    await submit(poXml(number, [{ sku, qty: 1 }]));
    expect(h.sim.orders().find((o) => o.poNumber === number)?.lines[0]?.warehouse).toBe(98);
  });

  it.each([
    ['an unknown SKU', () => poXml(nextPo(), [{ sku: '9999999', qty: 1 }]), /Invalid SKU 9999999/],
    [
      'a SKU the account may not buy',
      () => poXml(nextPo(), [{ sku: h.sim.catalog.skuOf(findApple()), qty: 1 }]),
      /Not authorized/,
    ],
    ['a zero quantity', () => poXml(nextPo(), [{ sku: '111578', qty: 0 }]), /OrderQuantity/],
    [
      'an incomplete ship-to',
      () => poXml(nextPo(), [{ sku: '111578', qty: 1 }], { shipTo: '<ShipTo><AddressName1>X</AddressName1></ShipTo>' }),
      /Incomplete ship-to address: AddressLine1, City, State, ZipCode missing/,
    ],
    [
      'a bad ZIP code',
      () => poXml(nextPo(), [{ sku: '111578', qty: 1 }], { shipTo: SHIP_TO.replace('75201', '7520') }),
      /Invalid ship-to ZipCode/,
    ],
    [
      'an unknown ship method',
      () => poXml(nextPo(), [{ sku: '111578', qty: 1 }], { shipMethod: 'ZZ' }),
      /Invalid ship method code "ZZ"/,
    ],
    ['no PO number', () => poXml('', [{ sku: '111578', qty: 1 }]), /PONumber is required/],
  ])('rejects %s with a Reason and creates no order', async (_name, xml, reason) => {
    const before = h.sim.orders().length;
    const body = await submit(xml());
    expect(body.OrderResponse.Code).toBe('rejected');
    expect(body.OrderResponse.Reason).toMatch(reason);
    expect(h.sim.orders().length).toBe(before);
  });

  it('rejects the whole PO when one of its lines is bad, marking each line', async () => {
    const body = await submit(
      poXml(nextPo(), [
        { sku: '111578', qty: 1 },
        { sku: '9999999', qty: 1 },
      ]),
    );
    expect(body.OrderResponse.Reason).toMatch(/^1 of 2 line\(s\) rejected; line 2:/);
    expect(body.OrderResponse.Items.Item.map((i: Record<string, string>) => i.Code)).toEqual(['rejected', 'rejected']);
    expect(body.OrderResponse.Items.Item[0].Reason).toMatch(/another line/);
  });

  it('rejects a duplicate PO number, refers to the existing order and does not create a second one', async () => {
    const number = nextPo();
    const first = await submit(poXml(number, [{ sku: '111578', qty: 1 }]));
    const orderNumber = first.OrderResponse.Items.Item[0].OrderNumber;
    const count = h.sim.orders().length;
    const again = await submit(poXml(number, [{ sku: '111578', qty: 2 }]));
    expect(again.OrderResponse.Code).toBe('rejected');
    expect(again.OrderResponse.Reason).toContain(`Duplicate PO number ${number}`);
    expect(again.OrderResponse.Reason).toContain(orderNumber);
    expect(again.OrderResponse.Items.Item[0].OrderNumber).toBe(orderNumber);
    expect(h.sim.orders().length).toBe(count);
  });

  it('answers bad credentials with the SynnexB2B errorMessage envelope', async () => {
    const body = await submit(poXml(nextPo(), [{ sku: '111578', qty: 1 }], { creds: { ...DEMO, password: 'nope' } }));
    expect(body.errorMessage).toBe('Authentication Failed');
    expect(body.errorDetail).toBeTruthy();
    expect(body.OrderResponse).toBeUndefined();
  });

  it('accepts the legacy form field xmldata=', async () => {
    const number = nextPo();
    const res = await h.post(
      '/SynnexXML/PO',
      new URLSearchParams({ xmldata: poXml(number, [{ sku: '111578', qty: 1 }]) }).toString(),
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(parseB2B(res.text).OrderResponse).toMatchObject({ PONumber: number, Code: 'accepted' });
  });

  it('accepts the documented example PO once its credentials are the demo ones', async () => {
    const example = `<?xml version="1.0" encoding="UTF-8"?>
<SynnexB2B>
  <Credential>
    <UserID>api-user@example.com</UserID>
    <Password>secret</Password>
  </Credential>
  <OrderRequest>
    <CustomerNumber>123456</CustomerNumber>
    <PONumber>CW-PO-10042</PONumber>
    <PODateTime>2025-05-01 10:15:00</PODateTime>
    <DropShipFlag>Y</DropShipFlag>
    <SpecialHandle>N</SpecialHandle>
    <BackOrderFlag>N</BackOrderFlag>
    <ShipComplete>Y</ShipComplete>
    <POLineShipComplete>Y</POLineShipComplete>
    <WarehouseSplit>N</WarehouseSplit>
    <ShipFromWarehouse>503</ShipFromWarehouse>
    <Shipment>
      <ShipTo>
        <AddressName1>Contoso Ltd</AddressName1>
        <AddressName2/>
        <AddressLine1>1 Main St</AddressLine1>
        <AddressLine2>Suite 200</AddressLine2>
        <City>Dallas</City><State>TX</State><ZipCode>75201</ZipCode><Country>US</Country>
      </ShipTo>
      <ShipToContact>
        <ContactName>Jane Doe</ContactName>
        <PhoneNumber>2145550100</PhoneNumber>
        <EmailAddress>jane@contoso.example</EmailAddress>
      </ShipToContact>
      <ShipMethod><Code>FX</Code></ShipMethod>
      <FreightAccountNumber/>
    </Shipment>
    <Payment>
      <BillTo code="123456"/>
    </Payment>
    <Items>
      <Item lineNumber="1">
        <SKU>6544282</SKU>
        <CustomerPartNumber>CW-PROD-77</CustomerPartNumber>
        <UnitPrice>389.99</UnitPrice>
        <OrderQuantity>2</OrderQuantity>
      </Item>
    </Items>
    <EndUserPONumber>CUST-PO-9</EndUserPONumber>
  </OrderRequest>
</SynnexB2B>`;
    const verbatim = await submit(example);
    expect(Object.keys(verbatim)).toEqual(['errorMessage', 'errorDetail']);
    const index = h.sim.catalog.indexOfSku('6544282') as number;
    const at503 = stock(index).warehouses.find((w) => w.warehouse.number === 503)?.qty ?? 0;
    const body = await submit(
      example
        .replace('api-user@example.com', DEMO.user)
        .replace('<Password>secret', `<Password>${DEMO.password}`)
        .replace('<CustomerNumber>123456', `<CustomerNumber>${DEMO.customerNo}`),
    );
    // BackOrderFlag N with ShipFromWarehouse 503: accepted only when 503 has both units.
    expect(body.OrderResponse.Code).toBe(at503 >= 2 ? 'accepted' : 'rejected');
    expect(body.OrderResponse.PONumber).toBe('CW-PO-10042');
  });
});

function findApple(): number {
  for (let i = 0; i < h.sim.catalog.size; i++) if (!h.sim.catalog.isAuthorized(i)) return i;
  throw new Error('no unauthorized product');
}
