import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTdsSim, type TdsSimHarness } from './harness.ts';

const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['PriceAvailabilityList', 'AvailabilityByWarehouse'].includes(name),
});
const AT = new Date('2026-03-02T10:00:00Z');

let h: TdsSimHarness;
beforeAll(async () => {
  h = await startTdsSim();
  h.clock.set(AT);
});
afterAll(() => h.close());

function priceRequest(lines: string[], creds = DEMO): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<priceRequest version="2.8">
  <customerNo>${creds.customerNo}</customerNo><userName>${creds.user}</userName><password>${creds.password}</password>
  ${lines.join('\n  ')}
</priceRequest>`;
}
const skuLine = (sku: string, n: number) =>
  `<skuList><synnexSKU>${sku}</synnexSKU><lineNumber>${n}</lineNumber></skuList>`;

async function pna(lines: string[], creds = DEMO) {
  const res = await h.post('/SynnexXML/PriceAvailability', priceRequest(lines, creds));
  expect(res.status).toBe(200);
  return parser.parse(res.text).priceResponse;
}

function findIndex(pred: (i: number) => boolean): number {
  for (let i = 0; i < h.sim.catalog.size; i++) if (pred(i)) return i;
  throw new Error('no product matches');
}

describe('TD SYNNEX P&A', () => {
  it('answers an Active SKU with price, per-warehouse stock and totalQuantity = sum of physical warehouses', async () => {
    const index = findIndex(
      (i) => h.sim.catalog.product(i).status === 'Active' && h.sim.catalog.availability(i, AT).totalQuantity > 0,
    );
    const sku = h.sim.catalog.skuOf(index);
    const body = await pna([skuLine(sku, 7)]);
    expect(body.customerNo).toBe(DEMO.customerNo);
    const [line] = body.PriceAvailabilityList;
    expect(line).toMatchObject({
      synnexSKU: sku,
      status: 'Active',
      GlobalProductStatusCode: 'Active',
      lineNumber: '7',
    });
    expect(Number(line.price)).toBeGreaterThan(0);
    const physical = line.AvailabilityByWarehouse.filter(
      (w: { warehouseInfo: { number: string } }) => w.warehouseInfo.number !== '98',
    );
    const sum = physical.reduce((n: number, w: { qty: string }) => n + Number(w.qty), 0);
    expect(Number(line.totalQuantity)).toBe(sum);
    expect(
      line.AvailabilityByWarehouse.map((w: { warehouseInfo: { number: string } }) => w.warehouseInfo.number),
    ).toEqual(['3', '6', '7', '12', '16', '50', '502', '503', '504', '505', '506', '98']);
    expect(line.AvailabilityByWarehouse.at(-1).warehouseInfo).toEqual({
      number: '98',
      zipcode: '00000',
      city: 'MFG Drop Shipped',
      addr: 'MFG Drop Shipped',
    });
  });

  it('keeps the element order of the real sample response', async () => {
    const res = await h.post('/SynnexXML/PriceAvailability', priceRequest([skuLine('111578', 1)]));
    const order = [
      '<synnexSKU>',
      '<mfgPN>',
      '<mfgCode>',
      '<status>',
      '<description>',
      '<GlobalProductStatusCode>',
      '<price>',
      '<totalQuantity>',
      '<AvailabilityByWarehouse>',
      '<lineNumber>',
    ];
    const positions = order.map((tag) => res.text.indexOf(tag));
    expect(positions.every((p, i) => p > 0 && (i === 0 || p > (positions[i - 1] as number)))).toBe(true);
    expect(res.headers.get('content-type')).toContain('application/xml');
  });

  it('reports Discontinued, Not found (synnexSKU 0, as a public description of the service shows) and Not authorized lines, echoing each lineNumber', async () => {
    const discontinued = h.sim.catalog.skuOf(findIndex((i) => h.sim.catalog.product(i).status === 'Discontinued'));
    const apple = h.sim.catalog.skuOf(findIndex((i) => h.sim.catalog.product(i).manufacturerKey === 'apple'));
    const body = await pna([skuLine(discontinued, 1), skuLine('9999999', 2), skuLine(apple, 3)]);
    const [d, missing, denied] = body.PriceAvailabilityList;
    expect(d).toMatchObject({ status: 'Discontinued', GlobalProductStatusCode: 'Discontinued', lineNumber: '1' });
    expect(missing).toMatchObject({
      synnexSKU: '0',
      status: 'Not found',
      price: '',
      totalQuantity: '0',
      lineNumber: '2',
    });
    expect(missing.AvailabilityByWarehouse).toBeUndefined();
    expect(denied).toMatchObject({ synnexSKU: apple, status: 'Not authorized', price: '', lineNumber: '3' });
    expect(denied.AvailabilityByWarehouse).toBeUndefined();
  });

  it('answers warehouses of the recent public list, and 8-digit SKUs for newer products (td-synnex.md corrections)', async () => {
    const sku = h.sim.catalog.skuOf(findIndex((i) => h.sim.catalog.skuOf(i).length === 8));
    const old = h.sim.catalog.skuOf(findIndex((i) => h.sim.catalog.skuOf(i).length === 7));
    const body = await pna([skuLine(sku, 1), skuLine(old, 2)]);
    expect(body.PriceAvailabilityList.map((l: { synnexSKU: string }) => l.synnexSKU)).toEqual([sku, old]);
    const cities = body.PriceAvailabilityList[0].AvailabilityByWarehouse.map(
      (w: { warehouseInfo: { number: string; city: string } }) => `${w.warehouseInfo.number} ${w.warehouseInfo.city}`,
    );
    expect(cities).toEqual(
      expect.arrayContaining([
        '3 Tracy, CA',
        '7 Southaven, MS',
        '50 Columbus, OH',
        '503 Swedesboro, NJ',
        '505 Fort Worth, TX',
      ]),
    );
    const created = (s: string) => Date.parse(h.sim.catalog.productBySku(s)!.createdAt);
    expect(created(sku)).toBeGreaterThan(created(old));
  });

  it('looks a product up by mfgPN inside skuList', async () => {
    const product = h.sim.catalog.product(4321);
    const body = await pna([`<skuList><mfgPN>${product.mfgPN}</mfgPN><lineNumber>1</lineNumber></skuList>`]);
    expect(body.PriceAvailabilityList[0]).toMatchObject({ mfgPN: product.mfgPN, status: product.status });
  });

  it('shows on-order quantities with and without an ETA somewhere in the catalogue', async () => {
    const skus = Array.from({ length: 100 }, (_, i) => h.sim.catalog.skuOf(i * 150));
    const body = await pna(skus.map((s, i) => skuLine(s, i + 1)));
    const all = body.PriceAvailabilityList.flatMap(
      (l: { AvailabilityByWarehouse?: unknown[] }) => l.AvailabilityByWarehouse ?? [],
    ) as Array<Record<string, string>>;
    expect(all.some((w) => w.onOrderQuantity && w.estimatedArrivalDate)).toBe(true);
    expect(all.some((w) => w.onOrderQuantity && !w.estimatedArrivalDate)).toBe(true);
    expect(all.find((w) => w.estimatedArrivalDate)?.estimatedArrivalDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('accepts 100 lines and refuses 101 with an error envelope', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => skuLine(h.sim.catalog.skuOf(i), i + 1));
    expect((await pna(lines(100))).PriceAvailabilityList).toHaveLength(100);
    const refused = await pna(lines(101));
    expect(refused.PriceAvailabilityList).toBeUndefined();
    expect(refused.errorMessage).toBe('Too many SKUs');
    expect(refused.errorDetail).toContain('101');
  });

  it('answers bad credentials with HTTP 200 and an errorMessage/errorDetail envelope', async () => {
    const body = await pna([skuLine('111578', 1)], { ...DEMO, password: 'wrong' });
    expect(body.errorMessage).toBe('Authentication Failed');
    expect(body.errorDetail).toMatch(/password/);
    expect(body.PriceAvailabilityList).toBeUndefined();
  });

  it('handles the documented example request verbatim (its credentials are refused) and with demo credentials', async () => {
    const example = `<?xml version="1.0" encoding="UTF-8"?>
<priceRequest version="2.8">
  <customerNo>123456</customerNo>
  <userName>api-user@example.com</userName>
  <password>secret</password>
  <skuList>
    <synnexSKU>6544282</synnexSKU>
    <lineNumber>1</lineNumber>
  </skuList>
  <skuList>
    <synnexSKU>439866</synnexSKU>
    <lineNumber>2</lineNumber>
  </skuList>
</priceRequest>`;
    const verbatim = parser.parse((await h.post('/SynnexXML/PriceAvailability', example)).text).priceResponse;
    expect(Object.keys(verbatim)).toEqual(['errorMessage', 'errorDetail']);
    const withDemo = example
      .replace('123456', DEMO.customerNo)
      .replace('api-user@example.com', DEMO.user)
      .replace('<password>secret', `<password>${DEMO.password}`);
    const body = parser.parse((await h.post('/SynnexXML/PriceAvailability', withDemo)).text).priceResponse;
    expect(
      body.PriceAvailabilityList.map((l: { synnexSKU: string; status: string }) => [l.synnexSKU, l.status]),
    ).toEqual([
      ['6544282', 'Active'],
      ['439866', 'Active'],
    ]);
  });

  it('answers a body that is not a priceRequest with IncompleteXML01', async () => {
    const body = parser.parse((await h.post('/SynnexXML/PriceAvailability', 'hello')).text).priceResponse;
    expect(body.errorMessage).toBe('IncompleteXML01');
  });
});
