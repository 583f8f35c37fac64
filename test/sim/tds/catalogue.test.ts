import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTdsSim, type TdsSimHarness } from './harness.ts';

let h: TdsSimHarness;
let token = '';

beforeAll(async () => {
  h = await startTdsSim({ catalogSize: 120_000 });
  h.clock.set(new Date('2026-03-02T10:00:00Z'));
  token = await getToken();
});
afterAll(() => h.close());

async function tokenResponse(form: Record<string, string>) {
  return fetch(`${h.base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}
async function getToken(): Promise<string> {
  const res = await tokenResponse({
    grant_type: 'client_credentials',
    client_id: h.sim.oauth.clientId,
    client_secret: h.sim.oauth.clientSecret,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
async function search(body: unknown, bearer = token) {
  const res = await fetch(`${h.base}/resellers/v2/products/catalogue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

describe('TD SYNNEX REST catalogue auth', () => {
  it('issues a Bearer token for client credentials', async () => {
    const res = await tokenResponse({
      grant_type: 'client_credentials',
      client_id: h.sim.oauth.clientId,
      client_secret: h.sim.oauth.clientSecret,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(String(body.access_token).length).toBeGreaterThan(20);
  });

  it('refuses a wrong secret and other grant types', async () => {
    const wrong = await tokenResponse({
      grant_type: 'client_credentials',
      client_id: h.sim.oauth.clientId,
      client_secret: 'x',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect((await tokenResponse({ grant_type: 'password' })).status).toBe(400);
  });

  it('answers 401 without a token, with an unknown token, and once the token expired in simulator time', async () => {
    expect((await search({ categoryCode: '006' }, '')).status).toBe(401);
    expect((await search({ categoryCode: '006' }, 'nope')).status).toBe(401);
    const shortLived = await getToken();
    expect((await search({ categoryCode: '006', pageSize: 1 }, shortLived)).status).toBe(200);
    h.clock.advance(3601 * 1000);
    const expired = await search({ categoryCode: '006', pageSize: 1 }, shortLived);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    expect(expired.json.error.message).toMatch(/expired/);
    token = await getToken();
  });
});

describe('TD SYNNEX REST catalogue search', () => {
  it('requires a search parameter: modifiedFrom alone is a 400', async () => {
    const res = await search({ modifiedFrom: '2026-03-01T00:00:00.000' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('missing_search_parameter');
    expect((await search({ tdsynnexPartNumber: [], manufPartNumber: [] })).status).toBe(400);
  });

  it('refuses pageSize above 100', async () => {
    expect((await search({ categoryCode: '006', pageSize: 101 })).status).toBe(400);
  });

  it('filters by category code prefix at every level and pages through the results', async () => {
    for (const prefix of ['003', '003503', '003503481']) {
      const { json } = await search({ categoryCode: prefix, pageSize: 100 });
      expect(json.paging.totalItems).toBe(h.sim.catalog.categorySize(prefix));
      expect(json.data.every((p: { categoryCode: string }) => p.categoryCode.startsWith(prefix))).toBe(true);
    }
    const one = await search({ categoryCode: '006052', page: 1, pageSize: 50 });
    const two = await search({ categoryCode: '006052', page: 2, pageSize: 50 });
    const ids = new Set(
      [...one.json.data, ...two.json.data].map((p: { tdsynnexPartNumber: string }) => p.tdsynnexPartNumber),
    );
    expect(ids.size).toBe(100);
  });

  it('returns the documented item fields, price and stock only when asked', async () => {
    const plain = (await search({ categoryCode: '006052285', pageSize: 1 })).json.data[0];
    expect(Object.keys(plain)).toEqual(
      expect.arrayContaining([
        'tdsynnexPartNumber',
        'manufPartNumber',
        'upcEan',
        'manufacturer',
        'productDescription',
        'class',
        'classDesc',
        'subclass',
        'subclassDesc',
        'categoryCode',
        'productStatusCode',
      ]),
    );
    expect(plain.price).toBeUndefined();
    expect(plain.isPhysicalProduct).toBeUndefined();
    const full = (await search({ categoryCode: '006052285', pageSize: 1, includePrice: true, includeStock: true })).json
      .data[0];
    expect(full.price).toMatchObject({ currencyCode: 'USD' });
    expect(full.price.listPrice).toBeGreaterThan(full.price.customerPrice);
    expect(full.stock).toHaveProperty('quantityAvailableTotal');
    expect(full.stock).toHaveProperty('quantityIncomingByDate');
  });

  it('filters by manufacturer, part numbers and modifiedFrom', async () => {
    const apc = await search({ manufacturer: 'APC', categoryCode: '008', pageSize: 100 });
    expect(apc.json.data.length).toBeGreaterThan(10);
    expect(apc.json.data.every((p: { manufacturer: string }) => p.manufacturer === 'APC by Schneider Electric')).toBe(
      true,
    );
    const bySku = await search({ tdsynnexPartNumber: ['111578', '9999999'] });
    expect(bySku.json.data.map((p: { tdsynnexPartNumber: string }) => p.tdsynnexPartNumber)).toEqual(['111578']);
    expect(bySku.json.data[0].isPhysicalProduct).toBe(true);
    const byPn = await search({ manufPartNumber: ['NET7'] });
    expect(byPn.json.data[0].tdsynnexPartNumber).toBe('111578');
    const since = new Date(h.clock.now().getTime() - 86_400_000).toISOString();
    const changed = await search({ categoryCode: '009', modifiedFrom: since });
    expect(changed.json.paging.totalItems).toBeGreaterThan(100);
    expect(changed.json.paging.totalItems).toBeLessThan(h.sim.catalog.categorySize('009') / 10);
  });

  it('silently stops at the 10,000-row window: pages beyond it are empty though totalItems is larger', async () => {
    const size = h.sim.catalog.categorySize('009088257');
    expect(size).toBeGreaterThan(20_000);
    const last = await search({ categoryCode: '009088257', page: 100, pageSize: 100 });
    expect(last.json.data).toHaveLength(100);
    const beyond = await search({ categoryCode: '009088257', page: 101, pageSize: 100 });
    expect(beyond.json.data).toEqual([]);
    expect(beyond.json.paging.totalItems).toBe(size);
    expect(beyond.json.paging.totalPages).toBe(100);
  });

  it('answers 429 with Retry-After when throttled through faults', async () => {
    await fetch(`${h.base}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ retryAfterSeconds: 7, failNext: [{ route: '/resellers/', kind: 'throttle' }] }),
    });
    const res = await search({ categoryCode: '006' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await search({ categoryCode: '006', pageSize: 1 })).status).toBe(200);
  });
});
