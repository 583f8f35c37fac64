import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTdsCatalog } from '../../../sim/data/tds-catalog.ts';
import { detailLine, headerLine, PRICE_FILE_FIELDS, priceFileStream } from '../../../sim/tds/pricefile.ts';
import { DEMO, startTdsSim, type TdsSimHarness } from './harness.ts';

const AT = Date.parse('2026-03-02T10:00:00Z');
const REAL_LINE =
  '627674~DTL~NET7~APC-NET7~111578~A~APC NET7 NETWORK SURGEARREST, 7 OUTLET - BEIGE - LIMITED LIFETIME WARRANTY - CAB~APC BY SCHNEIDER ELECTRIC~2399~2826~0~0~19.99~34.00~0~0~Y~0~Y~0~19.99~2573~ ~0~008112000~0~225~1.95~N~0~~PH~~731304000204~39121610~CONT-SURGE~030523~NNY~~B~S~~~~N~~N~~~~~~13.00~7.00~2.00~0~~~~~253~0~0~0~~~~PH         NN~0~';
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;

let h: TdsSimHarness;
beforeAll(async () => {
  h = await startTdsSim({ catalogSize: 5_000 });
  h.clock.set(new Date(AT));
});
afterAll(() => h.close());

async function download(query: string, auth = basic(DEMO.user, DEMO.password)) {
  const res = await fetch(`${h.base}/pricefile/${DEMO.customerNo}.ap${query}`, { headers: { authorization: auth } });
  return { res, lines: res.status === 200 ? (await res.text()).split('\r\n').filter(Boolean) : [] };
}

describe('TD SYNNEX price file', () => {
  it('starts with the HDR line in the documented shape', async () => {
    const { res, lines } = await download('?type=full');
    expect(res.headers.get('content-disposition')).toContain('100001.ap');
    expect(lines[0]).toMatch(/^FLTM1U100001~HDR~\d{6}~\d{6}~C~~~~~$/);
    expect(lines[0]).toBe(headerLine({ customerNo: '100001', type: 'full', since: 0, now: h.clock.now().getTime() }));
  });

  it('has one DTL line of 70 fields (71 on a few rows) per product in a full file', async () => {
    const { lines } = await download('?type=full');
    const details = lines.slice(1);
    expect(details).toHaveLength(5_000);
    const counts = details.map((l) => l.split('~').length);
    expect(counts.every((n) => n === PRICE_FILE_FIELDS || n === PRICE_FILE_FIELDS + 1)).toBe(true);
    expect(counts.filter((n) => n === 71).length).toBeGreaterThan(50);
    expect(details.every((l) => l.split('~')[1] === 'DTL' && l.split('~')[0] === '100001')).toBe(true);
  });

  it('puts each value where the 2025 layout says, matching the real sample line for the same SKU', () => {
    const catalog = createTdsCatalog();
    const p = catalog.productBySku('111578')!;
    const ours = detailLine(catalog, p, { customerNo: '627674', type: 'full', since: 0, now: AT }).split('~');
    const real = REAL_LINE.split('~');
    expect(ours).toHaveLength(real.length);
    for (const field of [1, 2, 3, 4, 5, 6, 7, 8, 17, 19, 23, 25, 28, 29, 34, 35, 41]) {
      expect(ours[field - 1], `field ${field}`).toBe(real[field - 1]);
    }
    for (const field of [13, 14, 21]) expect(ours[field - 1]).toMatch(/^\d+\.\d{2}$/);
    expect(ours[39]).toBe('A');
    expect(ours[36]).toMatch(/^\d{6}$/);
  });

  it('makes field 10 the sum of the warehouse columns and field 70 the drop-ship quantity', async () => {
    const catalog = createTdsCatalog({ size: 5_000 });
    const warehouseFields = [15, 16, 20, 22, 24, 30, 56, 61, 62, 63, 64, 69];
    for (let i = 0; i < 300; i++) {
      const f = detailLine(catalog, catalog.product(i), { customerNo: '1', type: 'full', since: 0, now: AT }).split(
        '~',
      );
      const sum = warehouseFields.reduce((n, k) => n + Number(f[k - 1] || 0), 0);
      expect(Number(f[9])).toBe(sum);
      expect(Number(f[69] || 0)).toBe(catalog.availability(i, AT).dropShipQuantity);
    }
  });

  it('serves a delta (U) with only the products changed since the given time', async () => {
    const since = new Date(AT - 86_400_000).toISOString();
    const { lines } = await download(`?type=delta&since=${since}`);
    expect(lines[0]).toMatch(/~U~~~~~$/);
    const skus = lines.slice(1).map((l) => l.split('~')[4] as string);
    expect(skus.length).toBeGreaterThan(30);
    expect(skus.length).toBeLessThan(300);
    const catalog = h.sim.catalog;
    for (const sku of skus.slice(0, 40)) {
      expect(catalog.changedBetween(catalog.indexOfSku(sku) as number, Date.parse(since), h.clock.now())).toBe(true);
    }
    expect(lines.slice(1).every((l) => ['A', 'C'].includes(l.split('~')[5] as string))).toBe(true);
  });

  it('requires the EC login of the customer in the file name', async () => {
    expect((await download('', basic(DEMO.user, 'wrong'))).res.status).toBe(401);
    expect((await download('', '')).res.status).toBe(401);
    const other = await fetch(`${h.base}/pricefile/999999.ap`, {
      headers: { authorization: basic(DEMO.user, DEMO.password) },
    });
    expect(other.status).toBe(401);
  });

  it('generates the 120,000-line file as a stream, a few hundred lines per chunk', async () => {
    const catalog = createTdsCatalog();
    const reader = priceFileStream(catalog, { customerNo: '100001', type: 'full', since: 0, now: AT }).getReader();
    let chunks = 0;
    let lines = 0;
    let biggest = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      biggest = Math.max(biggest, value.byteLength);
      for (const byte of value) if (byte === 10) lines++;
    }
    expect(lines).toBe(120_001);
    expect(chunks).toBeGreaterThan(200);
    expect(biggest).toBeLessThan(500 * 1024);
  }, 30_000);
});
