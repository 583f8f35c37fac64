/**
 * The TdsClient contract: the same expectations against the simulator (always, over real HTTP) and against
 * a real TD SYNNEX endpoint when TDS_XML_URL, TDS_CUSTOMER_NO, TDS_USER and TDS_PASSWORD are set.
 * Against a real endpoint only read-only calls run, unless TDS_CONTRACT_ALLOW_ORDERS=1 (use the testec sandbox).
 * Optional: TDS_INVOICE_URL, TDS_REST_URL + TDS_CLIENT_ID + TDS_CLIENT_SECRET, TDS_CONTRACT_SKUS (comma list),
 * TDS_CONTRACT_TRY_BAD_LOGIN=1 (a failed login may count against the account).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTdsClient, type TdsClientConfig } from '../../../../server/connectors/tds/client.ts';
import type { TdsClient } from '../../../../server/connectors/tds/types.ts';
import { DEMO, startTdsSim, type TdsSimHarness } from '../../../sim/tds/harness.ts';

interface Target {
  name: string;
  config: () => TdsClientConfig;
  skus: () => string[];
  orders: boolean;
  badLogin: boolean;
}

const env = process.env;
const real = Boolean(env.TDS_XML_URL && env.TDS_CUSTOMER_NO && env.TDS_USER && env.TDS_PASSWORD);
let sim: TdsSimHarness | undefined;

const targets: Target[] = [
  {
    name: 'simulator',
    config: () => ({ xmlBaseUrl: sim!.base, ...DEMO, oauth: sim!.sim.oauth }),
    skus: () => ['111578', '6544282', '439866'],
    orders: true,
    badLogin: true,
  },
];
if (real) {
  targets.push({
    name: 'TD SYNNEX',
    config: () => ({
      xmlBaseUrl: env.TDS_XML_URL!,
      invoiceUrl: env.TDS_INVOICE_URL,
      restBaseUrl: env.TDS_REST_URL,
      customerNo: env.TDS_CUSTOMER_NO!,
      user: env.TDS_USER!,
      password: env.TDS_PASSWORD!,
      ...(env.TDS_CLIENT_ID && env.TDS_CLIENT_SECRET
        ? { oauth: { clientId: env.TDS_CLIENT_ID, clientSecret: env.TDS_CLIENT_SECRET } }
        : {}),
    }),
    skus: () =>
      (env.TDS_CONTRACT_SKUS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    orders: env.TDS_CONTRACT_ALLOW_ORDERS === '1',
    badLogin: env.TDS_CONTRACT_TRY_BAD_LOGIN === '1',
  });
} else {
  console.log(
    'TD SYNNEX contract: real endpoint skipped (set TDS_XML_URL, TDS_CUSTOMER_NO, TDS_USER and TDS_PASSWORD to run it); simulator only.',
  );
}

beforeAll(async () => {
  sim = await startTdsSim();
});
afterAll(() => sim?.close());

const KNOWN_STATUSES = ['Active', 'Discontinued', 'Not found', 'Not authorized'];

describe.each(targets)('TdsClient contract against $name', (target) => {
  let client: TdsClient;
  beforeAll(() => {
    client = createTdsClient(target.config(), {
      tenantId: 'contract',
      retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxInlineWaitMs: 5000 },
    });
  });

  it('answers one price line per SKU asked, in order, with consistent stock', async () => {
    const skus = [...target.skus(), '99999999'];
    const lines = await client.priceAvailability(skus);
    expect(lines.map((l) => l.requested.sku)).toEqual(skus);
    for (const line of lines) {
      expect(KNOWN_STATUSES).toContain(line.status);
      if (line.status === 'Active' || line.status === 'Discontinued') {
        expect(line.price).toBeTypeOf('number');
        expect(line.totalQuantity).toBe(line.warehouses.filter((w) => !w.dropShip).reduce((n, w) => n + w.qty, 0));
        for (const w of line.warehouses) expect(Number.isInteger(w.number)).toBe(true);
      }
    }
    expect(lines.at(-1)?.status).toBe('Not found');
  });

  it('reports an unknown PO as not found and with no invoices', async () => {
    const po = `NO-SUCH-PO-${Date.now()}`;
    expect(await client.orderStatus(po)).toMatchObject({ found: false, lines: [] });
    expect(await client.invoices({ poNumber: po })).toEqual([]);
  });

  it('refuses a wrong password with tds_auth_failed', async (ctx) => {
    if (!target.badLogin) return ctx.skip();
    const bad = createTdsClient({ ...target.config(), password: 'definitely-wrong' }, { retry: false });
    await expect(bad.priceAvailability([target.skus()[0] ?? '111578'])).rejects.toMatchObject({
      code: 'tds_auth_failed',
    });
  });

  it('accepts a PO, shows its status and refuses the same PO number again', async (ctx) => {
    if (!target.orders) return ctx.skip();
    const [sku] = target.skus();
    const po = `TDSB-CONTRACT-${Date.now()}`;
    const input = {
      poNumber: po,
      shipTo: {
        name: 'tds-bridge contract test',
        line1: '1 Main St',
        city: 'Dallas',
        state: 'TX',
        zip: '75201',
        country: 'US',
      },
      lines: [{ sku: sku!, quantity: 1 }],
    };
    const result = await client.submitOrder(input);
    expect(result.code).toBe('accepted');
    expect(result.orderNumbers.length).toBeGreaterThan(0);
    const status = await client.orderStatus(po);
    expect(status.found).toBe(true);
    expect(status.lines.map((l) => l.orderNumber)).toEqual(expect.arrayContaining(result.orderNumbers));
    await expect(client.submitOrder(input)).rejects.toMatchObject({ code: 'tds_duplicate_po' });
  });

  it('pages the catalogue for a category', async (ctx) => {
    if (!target.config().oauth) return ctx.skip();
    const iterator = client.catalogueSearch({ categoryCode: '006052285', pageSize: 25 })[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.(undefined);
    expect(first.done).toBe(false);
    const item = first.value!.items[0]!;
    expect(item.tdsynnexPartNumber).toBeTruthy();
    expect(item.manufPartNumber).toBeTruthy();
    expect(item.price?.customerPrice).toBeTypeOf('number');
  });
});
