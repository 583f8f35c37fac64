import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimClock } from '../../../sim/clock.ts';
import { tdsProductByMfgPN } from '../../../sim/data/tds-catalog.ts';
import { SimStore } from '../../../sim/store.ts';
import { startSim, type TestSim } from './helpers.ts';

const open: TestSim[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function sim(opts: Parameters<typeof startSim>[0] = {}) {
  const t = await startSim(opts);
  open.push(t);
  return t;
}
type Row = Record<string, unknown> & { id: number };

describe('throttling', () => {
  it("returns 429 with Retry-After and ConnectWise's throttling body beyond capacity", async () => {
    const t = await sim({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await t.call('system/info')).status).toBe(200);
    const res = await t.call('system/info');
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toEqual({
      error: 'ConnectWiseAPI',
      message: `Too many requests. Please try again in ${wait} seconds.`,
    });
  });
  it('changes capacity at runtime through /_sim/rate-limit, 0 meaning off', async () => {
    const t = await sim({ rateLimitPerMinute: 1 });
    await t.call('system/info');
    expect((await t.call('system/info')).status).toBe(429);
    const set = await t.call('/_sim/rate-limit', { method: 'POST', json: { perMinute: 0 } });
    expect(await set.json()).toEqual({ perMinute: 0 });
    for (let i = 0; i < 5; i++) expect((await t.call('system/info')).status).toBe(200);
  });
});

describe('faults', () => {
  it('renders server errors, throttling and expired credentials as ConnectWise would', async () => {
    const t = await sim();
    await t.call('/_sim/faults', {
      method: 'POST',
      json: {
        retryAfterSeconds: 7,
        failNext: [
          { route: 'procurement/catalog', kind: 'server_error' },
          { route: 'procurement/catalog', kind: 'throttle' },
          { route: 'procurement/catalog', kind: 'expired_credentials' },
        ],
      },
    });
    const a = await t.call('procurement/catalog');
    expect(a.status).toBe(500);
    expect(await a.json()).toMatchObject({ code: 'ConnectWiseApi' });
    const b = await t.call('procurement/catalog');
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBe('7');
    const c = await t.call('procurement/catalog');
    expect(c.status).toBe(401);
    expect((await t.call('procurement/catalog')).status).toBe(200);
  });
  it('answers malformed with 200 and the real body cut short', async () => {
    const t = await sim();
    await t.call('/_sim/faults', {
      method: 'POST',
      json: { failNext: [{ route: 'procurement/catalog', kind: 'malformed' }] },
    });
    const res = await t.call('procurement/catalog?pageSize=3');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('[{"id":')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('stats, reset and persistence', () => {
  it('counts calls per route pattern', async () => {
    const t = await sim();
    await t.call('procurement/catalog/1501');
    await t.call('procurement/catalog/1502');
    const stats = (await t.json<{ routes: Row[] }>('/_sim/stats')).routes;
    expect(stats).toContainEqual(
      expect.objectContaining({ route: 'GET procurement/catalog/{id}', calls: 2, statuses: { '200': 2 } }),
    );
  });
  it('drops changes and reseeds the same records on reset', async () => {
    const t = await sim();
    const before = await t.json<Row[]>('company/companies?pageSize=100');
    await t.call('company/companies', { method: 'POST', json: { identifier: 'NewCo', name: 'New Co' } });
    await t.call('/_sim/reset', { method: 'POST' });
    const after = await t.json<Row[]>('company/companies?pageSize=100');
    expect(after.map((c) => [c.id, c.identifier])).toEqual(before.map((c) => [c.id, c.identifier]));
  });
  it('keeps API changes across a reopen of the same store file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-sim-'));
    dirs.push(dir);
    const url = `file:${join(dir, 'sim.db')}`;
    const store1 = await SimStore.open(url);
    const first = await startSim({ store: store1, clock: createSimClock(store1) });
    const created = (await (
      await first.call('procurement/manufacturers', { method: 'POST', json: { name: 'Persisted Inc' } })
    ).json()) as Row;
    await first.close();
    const store2 = await SimStore.open(url);
    const second = await sim({ store: store2, clock: createSimClock(store2) });
    expect(await second.json(`procurement/manufacturers/${created.id}`)).toMatchObject({ name: 'Persisted Inc' });
    const next = (await (
      await second.call('procurement/manufacturers', { method: 'POST', json: { name: 'Next Inc' } })
    ).json()) as Row;
    expect(next.id).toBe(created.id + 1);
  });
});

describe('seed data', () => {
  it('is the same for the same seed', async () => {
    const a = await sim({ seed: 7 });
    const b = await sim({ seed: 7 });
    const ids = async (t: TestSim) =>
      (await t.json<Row[]>('procurement/catalog?pageSize=1000')).map((c) => c.identifier);
    expect(await ids(a)).toEqual(await ids(b));
    const c = await sim({ seed: 8 });
    expect(await ids(c)).not.toEqual(await ids(a));
  });
  it('has complete and incomplete customer addresses, inactive and API members, lines not sold by TD SYNNEX', async () => {
    const t = await sim();
    const customers = await t.json<Row[]>('company/companies?conditions=types/name%3D%22Client%22&pageSize=100');
    expect(customers.some((c) => c.addressLine1 && c.city && c.zip)).toBe(true);
    expect(customers.some((c) => !c.zip || !c.addressLine1 || !c.city)).toBe(true);
    const members = await t.json<Row[]>('system/members');
    expect(members.map((m) => m.identifier)).toEqual(expect.arrayContaining(['tds-api', 'jsmith', 'dlee']));
    expect(members.find((m) => m.identifier === 'dlee')!.inactiveFlag).toBe(true);
    const services = await t.json<{ count: number }>(
      'procurement/products/count?conditions=productClass%3D%22Service%22',
    );
    expect(services.count).toBeGreaterThan(0);
  });
  it('records TD SYNNEX products by part number without vendorSku, some of them discontinued at TD SYNNEX', async () => {
    const t = await sim();
    const items = await t.json<Row[]>('procurement/catalog?pageSize=1000');
    const atTds = items
      .map((i) => ({ item: i, tds: tdsProductByMfgPN(String(i.manufacturerPartNumber ?? '')) }))
      .filter((x) => x.tds);
    expect(atTds.length).toBeGreaterThan(200);
    expect(atTds.every((x) => x.item.vendorSku === undefined)).toBe(true);
    expect(atTds.some((x) => x.tds!.status === 'Discontinued')).toBe(true);
    expect(items.some((i) => i.productClass === 'Service')).toBe(true);
  });
});
