import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTdsSim, type TdsSimHarness } from './harness.ts';
import { invoiceXml, parseB2B, poXml, statusXml } from './po-xml.ts';

const priceXml = `<priceRequest><customerNo>100001</customerNo><userName>demo@tds-bridge.test</userName><password>demo-password</password><skuList><synnexSKU>111578</synnexSKU><lineNumber>1</lineNumber></skuList></priceRequest>`;
const parse = (xml: string) => new XMLParser().parse(xml);

let h: TdsSimHarness;
beforeAll(async () => {
  h = await startTdsSim();
});
afterAll(() => h.close());

async function faults(config: unknown) {
  const res = await fetch(`${h.base}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  expect(res.status).toBe(200);
}

describe('TD SYNNEX business errors and faults', () => {
  it.each(['IP Address Invalid', 'PO_TIMEOUT', 'ServerError', 'IncompleteXML01', 'DatabaseIssue'])(
    'sends %s with HTTP 200 in the envelope of each XML service',
    async (message) => {
      await faults({
        failNext: [
          { route: '/SynnexXML/PriceAvailability', kind: 'business_error', message },
          { route: '/SynnexXML/PO', kind: 'business_error', message },
          { route: '/webservice/invoice', kind: 'business_error', message },
        ],
      });
      const pna = await h.post('/SynnexXML/PriceAvailability', priceXml);
      expect(pna.status).toBe(200);
      expect(parse(pna.text).priceResponse.errorMessage).toBe(message);
      expect(parse(pna.text).priceResponse.errorDetail).toBeTruthy();
      const po = await h.post('/SynnexXML/PO', statusXml('X'));
      expect(po.status).toBe(200);
      expect(parseB2B(po.text)).toMatchObject({ errorMessage: message });
      const inv = await h.post('/webservice/invoice/query', invoiceXml({ po: 'X' }));
      expect(parseB2B(inv.text).InvoiceResponse.ErrorDetail).toMatch(new RegExp(`^${message}:`));
      expect((await h.post('/SynnexXML/PO', statusXml('X'))).text).toContain('not found');
    },
  );

  it.each([
    ['nested', (b: Record<string, Record<string, string>>) => b.OrderResponse],
    ['biz-error', (b: Record<string, Record<string, string>>) => b.BizError],
  ] as const)(
    'can send business errors %s (ErrorMessage/ErrorDetail, TD SYNNEX integration notes)',
    async (layout, at) => {
      h.sim.settings.errorLayout = layout;
      try {
        await faults({ failNext: [{ route: '/SynnexXML/PO', kind: 'business_error', message: 'PO_TIMEOUT' }] });
        const body = parseB2B((await h.post('/SynnexXML/PO', statusXml('X'))).text);
        expect(body.errorMessage).toBeUndefined();
        expect(at(body)).toMatchObject({ ErrorMessage: 'PO_TIMEOUT' });
        expect(at(body)?.ErrorDetail).toBeTruthy();
      } finally {
        h.sim.settings.errorLayout = 'top-level';
      }
    },
  );

  it('answers an HTML 500 page for server_error, 429 with Retry-After for throttle', async () => {
    await faults({
      retryAfterSeconds: 3,
      failNext: [
        { route: 'PriceAvailability', kind: 'server_error', count: 1 },
        { route: '/SynnexXML/PO', kind: 'throttle' },
      ],
    });
    const failed = await h.post('/SynnexXML/PriceAvailability', priceXml);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toContain('text/html');
    const throttled = await h.post('/SynnexXML/PO', statusXml('X'));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
  });

  it('cuts the body short for malformed and refuses logins for expired_credentials', async () => {
    await faults({ failNext: [{ route: 'PriceAvailability', kind: 'malformed' }] });
    const cut = await h.post('/SynnexXML/PriceAvailability', priceXml);
    expect(cut.status).toBe(200);
    expect(cut.text).not.toContain('</priceResponse>');
    await faults({ expiredCredentials: true });
    const refused = await h.post('/SynnexXML/PriceAvailability', priceXml);
    expect(parse(refused.text).priceResponse.errorMessage).toBe('Authentication Failed');
    await fetch(`${h.base}/_sim/faults`, { method: 'DELETE' });
    expect(
      parse((await h.post('/SynnexXML/PriceAvailability', priceXml)).text).priceResponse.PriceAvailabilityList,
    ).toBeDefined();
  });

  it('counts calls per route pattern in /_sim/stats, including the price file', async () => {
    await fetch(`${h.base}/_sim/stats`, { method: 'DELETE' });
    await h.post('/SynnexXML/PriceAvailability', priceXml);
    await h.post('/SynnexXML/PriceAvailability', priceXml);
    await fetch(`${h.base}/pricefile/100001.ap`);
    const stats = (await (await fetch(`${h.base}/_sim/stats`)).json()) as {
      routes: Array<{ route: string; calls: number; statuses: Record<string, number> }>;
    };
    expect(stats.routes.find((r) => r.route === 'POST /SynnexXML/PriceAvailability')?.calls).toBe(2);
    expect(stats.routes.find((r) => r.route === 'GET /pricefile/{customerNo}.ap')?.statuses['401']).toBe(1);
    expect(h.sim.stats.calls('PriceAvailability')).toBe(2);
  });

  it('forgets orders on reset but keeps counting order numbers', async () => {
    const first = parseB2B((await h.post('/SynnexXML/PO', poXml('RESET-1', [{ sku: '111578', qty: 1 }]))).text);
    const firstNumber = Number(first.OrderResponse.Items.Item[0].OrderNumber);
    expect(h.sim.orders().length).toBeGreaterThan(0);
    const res = await fetch(`${h.base}/_sim/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(h.sim.orders()).toEqual([]);
    const again = parseB2B((await h.post('/SynnexXML/PO', poXml('RESET-1', [{ sku: '111578', qty: 1 }]))).text);
    expect(again.OrderResponse.Code).toBe('accepted');
    expect(Number(again.OrderResponse.Items.Item[0].OrderNumber)).toBeGreaterThan(firstNumber);
  });
});

describe('TD SYNNEX simulator persistence', () => {
  it('keeps orders and their progress across a reopen of the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tds-sim-'));
    try {
      const url = `file:${join(dir, 'sim.db')}`;
      const one = await startTdsSim({ dbUrl: url });
      one.clock.set(new Date('2026-03-02T10:00:00Z'));
      await one.post('/SynnexXML/PO', poXml('KEEP-1', [{ sku: '111578', qty: 1 }]));
      await one.close();
      const two = await startTdsSim({ dbUrl: url });
      try {
        expect(two.sim.orders().map((o) => [o.poNumber, o.status])).toEqual([['KEEP-1', 'accepted']]);
        two.clock.advance(3 * 86_400_000);
        expect(parseB2B((await two.post('/SynnexXML/PO', statusXml('KEEP-1'))).text).OrderStatusResponse.Code).toBe(
          'invoiced',
        );
        const dup = parseB2B((await two.post('/SynnexXML/PO', poXml('KEEP-1', [{ sku: '111578', qty: 1 }]))).text);
        expect(dup.OrderResponse.Reason).toMatch(/Duplicate PO/);
      } finally {
        await two.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
