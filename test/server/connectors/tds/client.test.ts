import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTdsClient, type TdsClientOptions } from '../../../../server/connectors/tds/client.ts';
import type { TdsOrderInput } from '../../../../server/connectors/tds/types.ts';
import type { UpstreamCall } from '../../../../server/connectors/upstream.ts';
import { DEMO, startTdsSim, type TdsSimHarness } from '../../../sim/tds/harness.ts';

let h: TdsSimHarness;
let calls: UpstreamCall[] = [];
const recorder = { record: (c: UpstreamCall) => calls.push(c) };
const noSleep = { sleep: async () => {} };

beforeAll(async () => {
  h = await startTdsSim({ catalogueResultWindow: 300 });
  h.clock.set(new Date('2026-03-02T10:00:00Z'));
});
afterAll(() => h.close());
afterEach(async () => {
  calls = [];
  await fetch(`${h.base}/_sim/faults`, { method: 'DELETE' });
});

const client = (opts: TdsClientOptions = {}, creds = DEMO) =>
  createTdsClient(
    { xmlBaseUrl: h.base, ...creds, oauth: h.sim.oauth },
    { tenantId: 't1', recorder, retryHooks: noSleep, ...opts },
  );

async function faults(config: unknown) {
  await fetch(`${h.base}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
}

let poSeq = 0;
const order = (lines: TdsOrderInput['lines'], po = `CL-${++poSeq}`): TdsOrderInput => ({
  poNumber: po,
  shipTo: { name: 'Contoso', line1: '1 Main St', city: 'Dallas', state: 'TX', zip: '75201', country: 'US' },
  lines,
});
const inStock = (min: number) => {
  const c = h.sim.catalog;
  for (let i = 0; i < c.size; i++) {
    const best = Math.max(
      ...c
        .availability(i, h.clock.now())
        .warehouses.filter((w) => !w.warehouse.virtual)
        .map((w) => w.qty),
    );
    if (c.isAuthorized(i) && c.product(i).status === 'Active' && best >= min) return c.skuOf(i);
  }
  throw new Error('none');
};

describe('TD SYNNEX client: price and availability', () => {
  it('batches more than 100 SKUs into several calls and answers in the order asked', async () => {
    const skus = Array.from({ length: 230 }, (_, i) => h.sim.catalog.skuOf(i * 7));
    const before = h.sim.stats.calls('PriceAvailability');
    const lines = await client().priceAvailability(skus);
    expect(h.sim.stats.calls('PriceAvailability') - before).toBe(3);
    expect(lines.map((l) => l.sku)).toEqual(skus);
    for (const l of lines.filter((x) => x.status === 'Active')) {
      expect(l.totalQuantity).toBe(l.warehouses.filter((w) => !w.dropShip).reduce((n, w) => n + w.qty, 0));
    }
  });

  it('reads a "Not found" line whether TD SYNNEX names the SKU 0 (a public description) or echoes it, and says which', async () => {
    const [zero] = await client().priceAvailability(['99999999']);
    expect(zero).toMatchObject({ sku: '99999999', status: 'Not found', notFoundSku: 'zero', price: null });
    const echoing = await startTdsSim({ notFoundSku: 'echo' });
    try {
      const [echo] = await createTdsClient({ xmlBaseUrl: echoing.base, ...DEMO }).priceAvailability(['99999999']);
      expect(echo).toMatchObject({ sku: '99999999', status: 'Not found', notFoundSku: 'echo' });
    } finally {
      await echoing.close();
    }
    const [found] = await client().priceAvailability([h.sim.catalog.skuOf(10)]);
    expect(found?.notFoundSku).toBeUndefined();
  });
  it('records every attempt with tenant, system, route and outcome', async () => {
    await client().priceAvailability(['111578']);
    expect(calls).toEqual([
      expect.objectContaining({
        tenantId: 't1',
        system: 'tds',
        route: 'POST SynnexXML/PriceAvailability',
        status: 200,
        ok: true,
      }),
    ]);
  });

  it.each([
    ['PO_TIMEOUT', 'tds_business_error'],
    ['ServerError', 'tds_business_error'],
    ['IP Address Invalid', 'tds_ip_refused'],
    ['IncompleteXML01', 'tds_business_error'],
  ])('retries the known transient business error %s (HTTP 200) and then succeeds', async (message, code) => {
    await faults({ failNext: [{ route: 'PriceAvailability', kind: 'business_error', message }] });
    const [line] = await client().priceAvailability(['111578']);
    expect(line?.status).toBe('Active');
    expect(calls.map((c) => [c.ok, c.errorCode])).toEqual([
      [false, code],
      [true, undefined],
    ]);
  });

  it('gives a typed, actionable error when retries are off', async () => {
    await faults({ failNext: [{ route: 'PriceAvailability', kind: 'business_error', message: 'IP Address Invalid' }] });
    await expect(client({ retry: false }).priceAvailability(['111578'])).rejects.toMatchObject({
      code: 'tds_ip_refused',
      retryable: true,
      message: expect.stringMatching(/static IP/),
    });
  });

  it('does not retry refused credentials', async () => {
    await expect(client({}, { ...DEMO, password: 'wrong' }).priceAvailability(['111578'])).rejects.toMatchObject({
      code: 'tds_auth_failed',
      retryable: false,
    });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['throttle', 'tds_rate_limited'],
    ['server_error', 'tds_server_error'],
    ['malformed', 'tds_malformed_response'],
  ])('retries after a %s fault', async (kind, code) => {
    await faults({ retryAfterSeconds: 1, failNext: [{ route: 'PriceAvailability', kind }] });
    await client().priceAvailability(['111578']);
    expect(calls[0]).toMatchObject({ ok: false, errorCode: code });
    expect(calls[1]).toMatchObject({ ok: true });
  });

  it('passes Retry-After on as retryAfterMs', async () => {
    await faults({ retryAfterSeconds: 9, failNext: [{ route: 'PriceAvailability', kind: 'throttle' }] });
    await expect(client({ retry: false }).priceAvailability(['111578'])).rejects.toMatchObject({
      code: 'tds_rate_limited',
      retryAfterMs: 9000,
    });
  });

  it('times out a hanging call as tds_timeout', async () => {
    await faults({ hangMs: 3000, failNext: [{ route: 'PriceAvailability', kind: 'hang' }] });
    await expect(client({ retry: false, timeoutMs: 150 }).priceAvailability(['111578'])).rejects.toMatchObject({
      code: 'tds_timeout',
    });
  });
});

describe('TD SYNNEX client: orders', () => {
  it('submits a PO, normalises a single Item into a list and reads its status', async () => {
    const sku = inStock(1);
    const result = await client().submitOrder(order([{ sku, quantity: 1, unitPrice: 12.5 }]));
    expect(result.code).toBe('accepted');
    expect(result.orderNumbers).toHaveLength(1);
    expect(result.lines).toEqual([
      expect.objectContaining({ sku, quantity: 1, orderType: '99', shipFromWarehouse: '' }),
    ]);
    expect(result.variants).toEqual(
      expect.arrayContaining(['order_type:99', 'ship_from_warehouse:empty', 'order_number_digits:8']),
    );
    const status = await client().orderStatus(result.poNumber);
    expect(status).toMatchObject({ found: true, status: 'accepted' });
    expect(status.lines).toHaveLength(1);
    expect(status.lines[0]?.unitPrice).toBe(12.5);
  });

  it('parses shipments: comma-free tracking numbers, serials, money with commas', async () => {
    const result = await client().submitOrder(order([{ sku: inStock(4), quantity: 4, unitPrice: 1234.5 }]));
    await fetch(`${h.base}/_sim/orders/${result.poNumber}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'invoiced', partial: true }),
    });
    const status = await client().orderStatus(result.poNumber);
    expect(status.status).toBe('partial');
    const line = status.lines[0]!;
    expect(line.unitPrice).toBe(1234.5);
    expect(line.shipQuantity).toBe(2);
    expect(line.trackingNumbers.length).toBe(line.packages.length);
    const [invoice] = await client().invoices({ poNumber: result.poNumber });
    expect(invoice?.lines[0]?.unitPrice).toBe(1234.5);
    expect(invoice?.total).toBeGreaterThan(2469);
    expect(invoice?.trackingNumbers).toEqual(line.trackingNumbers);
    expect(await client().invoices({ orderNumber: invoice!.orderNumber })).toHaveLength(1);
  });

  it('reports a rejected PO as tds_order_rejected with the reason and per-line detail', async () => {
    await expect(client().submitOrder(order([{ sku: '9999999', quantity: 1 }]))).rejects.toMatchObject({
      code: 'tds_order_rejected',
      message: expect.stringMatching(/Invalid SKU 9999999.*Send to TDS/),
      details: expect.objectContaining({
        upstream: expect.objectContaining({ lines: [expect.objectContaining({ sku: '9999999' })] }),
      }),
    });
  });

  it('reports an unauthorized SKU as tds_not_authorized', async () => {
    let apple = '';
    for (let i = 0; i < h.sim.catalog.size && !apple; i++)
      if (!h.sim.catalog.isAuthorized(i)) apple = h.sim.catalog.skuOf(i);
    await expect(client().submitOrder(order([{ sku: apple, quantity: 1 }]))).rejects.toMatchObject({
      code: 'tds_not_authorized',
    });
  });

  it('reports a duplicate PO with the existing order numbers and creates nothing', async () => {
    const first = await client().submitOrder(order([{ sku: '111578', quantity: 1 }]));
    const count = h.sim.orders().length;
    await expect(client().submitOrder(order([{ sku: '111578', quantity: 1 }], first.poNumber))).rejects.toMatchObject({
      code: 'tds_duplicate_po',
      details: expect.objectContaining({
        upstream: expect.objectContaining({ existingOrderNumbers: first.orderNumbers }),
      }),
    });
    expect(h.sim.orders().length).toBe(count);
  });

  it('recovers the order when its own retry meets "duplicate PO" after a lost response', async () => {
    let dropped = false;
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!dropped && String(input).endsWith('/SynnexXML/PO') && String(init?.body).includes('OrderRequest')) {
        dropped = true;
        return new Response('<html>502 Bad Gateway</html>', { status: 502 });
      }
      return res;
    };
    const count = h.sim.orders().length;
    const result = await client({ fetch: lossy }).submitOrder(order([{ sku: '111578', quantity: 1 }]));
    expect(dropped).toBe(true);
    expect(result.recoveredFromDuplicate).toBe(true);
    expect(result.orderNumbers).toHaveLength(1);
    expect(h.sim.orders().length).toBe(count + 1);
  });

  it('refuses an incomplete PO before calling TD SYNNEX', async () => {
    const bad = order([{ sku: '111578', quantity: 0 }]);
    bad.shipTo.zip = '';
    await expect(client().submitOrder(bad)).rejects.toMatchObject({
      code: 'tds_invalid_request',
      message: expect.stringMatching(/quantity 0.*lacks zip/),
    });
    expect(calls).toHaveLength(0);
  });

  it('answers not found for an unknown PO and no invoices', async () => {
    expect(await client().orderStatus('NOPE-1')).toMatchObject({ found: false, status: 'not found', lines: [] });
    expect(await client().invoices({ poNumber: 'NOPE-1' })).toEqual([]);
  });
});

describe('TD SYNNEX client: catalogue and price file', () => {
  it('pages through a category with one token', async () => {
    const tokensBefore = h.sim.stats.calls('auth/token');
    let items = 0;
    let pages = 0;
    expect(h.sim.catalog.categorySize('003503')).toBeLessThan(300);
    for await (const page of client().catalogueSearch({ categoryCode: '003503', pageSize: 50 })) {
      items += page.items.length;
      pages++;
      expect(page.truncated).toBe(false);
    }
    expect(items).toBe(h.sim.catalog.categorySize('003503'));
    expect(pages).toBe(Math.ceil(items / 50));
    expect(h.sim.stats.calls('auth/token') - tokensBefore).toBe(1);
  });

  it('gets a new token when TD SYNNEX says the old one expired', async () => {
    const c = client();
    const first = c.catalogueSearch({ categoryCode: '003503', pageSize: 10 })[Symbol.asyncIterator]();
    expect((await first.next()).done).toBe(false);
    h.clock.advance(2 * 3_600_000);
    const tokensBefore = h.sim.stats.calls('auth/token');
    expect((await first.next()).done).toBe(false);
    expect(h.sim.stats.calls('auth/token') - tokensBefore).toBe(1);
    await first.return?.(undefined);
  });

  it('flags a search cut off by the result window', async () => {
    const pages = [];
    for await (const page of client().catalogueSearch({ categoryCode: '009088257' })) pages.push(page);
    expect(pages.reduce((n, p) => n + p.items.length, 0)).toBe(300);
    expect(pages.at(-1)?.truncated).toBe(true);
    expect(pages.at(-1)?.totalItems).toBe(h.sim.catalog.categorySize('009088257'));
  });

  it('refuses a search with modifiedFrom alone without calling TD SYNNEX', () => {
    return expect(
      client().catalogueSearch({ modifiedFrom: new Date() })[Symbol.asyncIterator]().next(),
    ).rejects.toMatchObject({
      code: 'tds_invalid_request',
    });
  });

  it('downloads and parses the full and the delta price file', async () => {
    let records = 0;
    let header: unknown;
    for await (const e of client().priceFile()) {
      if (e.type === 'record') records++;
      if (e.type === 'header') header = e.header;
    }
    expect(header).toMatchObject({ kind: 'full', tradingPartnerCode: 'FLTM1U100001' });
    expect(records).toBe(h.sim.catalog.size);
    let changed = 0;
    for await (const e of client().priceFile({
      type: 'delta',
      since: new Date(h.clock.now().getTime() - 86_400_000),
    })) {
      if (e.type === 'record') changed++;
    }
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(records / 10);
  });
});
