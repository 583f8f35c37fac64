import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPriceAnswer } from '../../../../server/connectors/tds/pna-reader.ts';
import { readPriceResponse } from '../../../../server/connectors/tds/xml-services.ts';
import { DEMO, startTdsSim, type TdsSimHarness } from '../../../sim/tds/harness.ts';

let h: TdsSimHarness;
beforeAll(async () => {
  h = await startTdsSim();
  h.clock.set(new Date('2026-03-02T10:00:00Z'));
});
afterAll(() => h.close());

const batchOf = (requests: Array<{ sku?: string; mfgPN?: string }>) =>
  requests.map((request, i) => ({ request, lineNumber: i + 1 }));

async function simAnswer(requests: Array<{ sku?: string; mfgPN?: string }>): Promise<string> {
  const lines = requests.map((r, i) =>
    r.sku
      ? `<skuList><synnexSKU>${r.sku}</synnexSKU><lineNumber>${i + 1}</lineNumber></skuList>`
      : `<skuList><mfgPN>${r.mfgPN}</mfgPN><lineNumber>${i + 1}</lineNumber></skuList>`,
  );
  const res = await h.post(
    '/SynnexXML/PriceAvailability',
    `<?xml version="1.0"?><priceRequest version="2.8"><customerNo>${DEMO.customerNo}</customerNo><userName>${DEMO.user}</userName><password>${DEMO.password}</password>${lines.join('')}</priceRequest>`,
  );
  return res.text;
}

/** A real answer's shape (wentige/goapp: supplier/synnex/fixtures/PriceAvail-Response-1.xml), one line. */
const line = (inner: string, lineNumber = 1) =>
  `<PriceAvailabilityList><synnexSKU>5688596</synnexSKU><mfgPN>STEB8000100</mfgPN><mfgCode>6790</mfgCode><status>Active</status>${inner}<lineNumber>${lineNumber}</lineNumber></PriceAvailabilityList>`;
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<priceResponse>\n  ${body}\n</priceResponse>\n`;
const one = [{ request: { sku: '5688596' }, lineNumber: 1 }];

describe('the targeted P&A reader', () => {
  it("reads the simulator's answers exactly as the fast-xml-parser path does (100 lines: active, not found, not authorized, drop-ship)", async () => {
    const requests = [
      ...Array.from({ length: 96 }, (_, i) => ({ sku: h.sim.catalog.skuOf(i * 131) })),
      { sku: '99999999' },
      { mfgPN: h.sim.catalog.product(7).mfgPN },
      { mfgPN: 'NO-SUCH-PART' },
      { sku: h.sim.catalog.skuOf(3) },
    ];
    const xml = await simAnswer(requests);
    const batch = batchOf(requests);
    const fast = readPriceAnswer(xml, batch);
    expect(fast).toEqual(readPriceResponse(xml, batch));
    expect(fast.some((l) => l.status === 'Not found')).toBe(true);
    expect(fast.some((l) => l.warehouses.some((w) => w.dropShip))).toBe(true);
    expect(fast.some((l) => l.price !== null && l.price > 0)).toBe(true);
  });

  it('reads the public real answer (Canadian account, two warehouses)', () => {
    const xml = doc(
      `<customerNo>1150897</customerNo><userName>roi@btxcdn.com</userName>${line(
        `<description>EXPANSION DESKTOP 8TB USB3</description><GlobalProductStatusCode>Active</GlobalProductStatusCode><price>203.00</price><totalQuantity>882</totalQuantity>
    <AvailabilityByWarehouse>
      <warehouseInfo>
        <number>26</number>
        <zipcode>B3S 1B3</zipcode>
        <city>Halifax, NS</city>
        <addr>115 Chain Lake Drive</addr>
      </warehouseInfo>
      <qty>6</qty>
    </AvailabilityByWarehouse>
    <AvailabilityByWarehouse><warehouseInfo><number>29</number><zipcode>N1H 1B4</zipcode><city>Guelph, ON</city><addr>107 Woodlawn Road West</addr></warehouseInfo><qty>476</qty></AvailabilityByWarehouse>`,
      )}`,
    );
    const [read] = readPriceAnswer(xml, one);
    expect(read).toMatchObject({
      sku: '5688596',
      price: 203,
      totalQuantity: 882,
      description: 'EXPANSION DESKTOP 8TB USB3',
    });
    expect(read?.warehouses.map((w) => [w.number, w.city, w.qty])).toEqual([
      [26, 'Halifax, NS', 6],
      [29, 'Guelph, ON', 476],
    ]);
    expect(readPriceAnswer(xml, one)).toEqual(readPriceResponse(xml, one));
  });

  it('decodes entities and character references, keeps CDATA literal, ignores attributes, comments and whitespace', () => {
    const xml = doc(
      line(
        `<!-- a comment with <tags> --><description lang="en" note='a > b'>  DELL &amp; HP &lt;24&quot;&gt; caf&#233; &#x2013; <![CDATA[R&D <raw> &amp;]]>  </description>
        <price currency="USD">1,234.50</price><totalQuantity> 1,200 </totalQuantity>
        <AvailabilityByWarehouse><warehouseInfo><number>98</number><city>MFG Drop Shipped</city></warehouseInfo><qty>5</qty><onOrderQuantity>10</onOrderQuantity><estimatedArrivalDate>2026-04-01</estimatedArrivalDate></AvailabilityByWarehouse>`,
      ),
    );
    const [read] = readPriceAnswer(xml, one);
    expect(read?.description).toBe('DELL & HP <24"> café – R&D <raw> &amp;');
    expect(read?.price).toBe(1234.5);
    expect(read?.totalQuantity).toBe(1200);
    expect(read?.dropShipQuantity).toBe(5);
    expect(read?.warehouses[0]).toMatchObject({
      dropShip: true,
      onOrderQuantity: 10,
      estimatedArrivalDate: '2026-04-01',
    });
  });

  it('reads empty and self-closing elements as empty values (no price → null)', () => {
    const xml = doc(line('<description/><price></price><totalQuantity/><GlobalProductStatusCode />'));
    const [read] = readPriceAnswer(xml, one);
    expect(read).toMatchObject({ price: null, totalQuantity: 0, description: '', warehouses: [] });
  });

  it('refuses a cut-off answer as a retryable malformed response', async () => {
    const xml = await simAnswer([{ sku: h.sim.catalog.skuOf(1) }]);
    for (const cut of [xml.slice(0, xml.length - 20), xml.slice(0, xml.indexOf('<price>') + 4)]) {
      expect(() => readPriceAnswer(cut, one)).toThrow(
        expect.objectContaining({ code: 'tds_malformed_response', retryable: true }),
      );
    }
  });

  it('refuses mismatched tags, an HTML error page and a body that is not XML', () => {
    const bad = [
      doc(line('<price>1.00</totalQuantity>')),
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      'Service Unavailable',
      '',
    ];
    for (const body of bad) {
      expect(() => readPriceAnswer(body, one), body).toThrow(
        expect.objectContaining({ code: 'tds_malformed_response' }),
      );
    }
  });

  it('refuses a price or quantity that is not a number, without using the answer', () => {
    expect(() => readPriceAnswer(doc(line('<price>call us</price>')), one)).toThrow(
      expect.objectContaining({ code: 'tds_malformed_response', retryable: false }),
    );
    expect(() => readPriceAnswer(doc(line('<totalQuantity>2.5</totalQuantity>')), one)).toThrow(
      expect.objectContaining({ code: 'tds_malformed_response' }),
    );
  });

  it('turns the error envelope into the business error (bad login → tds_auth_failed)', async () => {
    const res = await h.post(
      '/SynnexXML/PriceAvailability',
      `<priceRequest><customerNo>1</customerNo><userName>x</userName><password>wrong</password><skuList><synnexSKU>1</synnexSKU><lineNumber>1</lineNumber></skuList></priceRequest>`,
    );
    expect(() => readPriceAnswer(res.text, one)).toThrow(expect.objectContaining({ code: 'tds_auth_failed' }));
    expect(() =>
      readPriceAnswer(doc('<ErrorMessage>ServerError</ErrorMessage><ErrorDetail>try later</ErrorDetail>'), one),
    ).toThrow(expect.objectContaining({ code: 'tds_business_error', retryable: true }));
  });

  it('says which requested line TD SYNNEX left out', () => {
    expect(() => readPriceAnswer(doc(line('', 2)), one)).toThrow(/left out line 1/);
  });
});
