import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeAll(async () => {
  t = await startSim();
});
afterAll(() => t.close());

type Row = Record<string, unknown> & { id: number };
const q = (s: string) => encodeURIComponent(s);

describe('filtering over HTTP', () => {
  it('filters opportunity lines by opportunity/id (1, 50 and 150 lines are seeded)', async () => {
    const opps = await t.json<Row[]>('sales/opportunities?orderBy=id%20asc&pageSize=3');
    const counts = [];
    for (const o of opps)
      counts.push(
        (await t.json<{ count: number }>(`procurement/products/count?conditions=${q(`opportunity/id=${o.id}`)}`)).count,
      );
    expect(counts).toEqual([1, 50, 150]);
  });
  it("answers a malformed condition with 400 and ConnectWise's guidance text", async () => {
    const res = await t.call(`company/companies?conditions=${q('deletedFlag=1')}`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(
      /^Expected a boolean value, not a numeric\. String values should be enclosed with double or single quotes/,
    );
  });
  it('filters by reference names with contains and datetime on lastUpdated', async () => {
    const pos = await t.json<Row[]>(
      `procurement/purchaseorders?conditions=${q('vendorCompany/name contains "northwind" and status/name in ("New","Open")')}`,
    );
    expect(pos.length).toBeGreaterThan(0);
    for (const po of pos) {
      expect((po.vendorCompany as Row).name).toBe('Northwind Supply');
      expect(['New', 'Open']).toContain((po.status as Row).name);
    }
    const future = await t.json<Row[]>(
      `procurement/purchaseorders?conditions=${q('lastUpdated > [2999-01-01T00:00:00Z]')}`,
    );
    expect(future).toEqual([]);
  });
  it('applies childConditions to one array element', async () => {
    const contact = (await t.json<Row[]>('company/contacts?pageSize=1'))[0]!;
    const email = ((contact.communicationItems as Row[]).find((c) => c.communicationType === 'Email') as Row)
      .value as string;
    const hit = await t.json<Row[]>(
      `company/contacts?childConditions=${q(`communicationItems/value="${email}" AND communicationItems/communicationType="Email"`)}`,
    );
    expect(hit.map((c) => c.id)).toEqual([contact.id]);
    const miss = await t.json<Row[]>(
      `company/contacts?childConditions=${q(`communicationItems/value="${email}" AND communicationItems/communicationType="Phone"`)}`,
    );
    expect(miss).toEqual([]);
  });
  it('applies customFieldConditions by caption and value', async () => {
    const res = await t.json<Row[]>(
      `procurement/purchaseorders?customFieldConditions=${q('caption="Approved By" AND value="Jane Smith"')}`,
    );
    expect(res.length).toBeGreaterThan(0);
    for (const po of res)
      expect(po.customFields).toContainEqual(expect.objectContaining({ caption: 'Approved By', value: 'Jane Smith' }));
  });
  it('POST …/search takes conditions in the body', async () => {
    const res = await t.call('procurement/catalog/search?pageSize=5', {
      method: 'POST',
      json: { conditions: 'productClass="Service"' },
    });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Row[];
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.productClass === 'Service')).toBe(true);
  });
});

describe('shaping and ordering', () => {
  it('returns only the requested fields, including nested ones', async () => {
    const rows = await t.json<Row[]>(`sales/opportunities?fields=${q('id,name,company/identifier')}&pageSize=2`);
    expect(Object.keys(rows[0]!).sort()).toEqual(['company', 'id', 'name']);
    expect(Object.keys(rows[0]!.company as Row)).toEqual(['identifier']);
  });
  it('orders by nested paths ascending and descending', async () => {
    const asc = await t.json<Row[]>(`company/companies?orderBy=${q('name asc')}&pageSize=100`);
    const names = asc.map((c) => String(c.name).toLowerCase());
    expect(names).toEqual([...names].sort());
    const desc = await t.json<Row[]>(
      `procurement/purchaseorders?orderBy=${q('vendorCompany/name desc, id asc')}&pageSize=100`,
    );
    const vendors = desc.map((p) => String((p.vendorCompany as Row).name));
    expect(vendors).toEqual([...vendors].sort().reverse());
  });
  it('omits null fields and adds _info hrefs to references', async () => {
    const companies = await t.json<Row[]>('company/companies?pageSize=100');
    const noZip = companies.filter((c) => !('zip' in c));
    expect(noZip.length).toBeGreaterThan(0);
    expect(JSON.stringify(companies)).not.toContain('null');
    const po = (await t.json<Row[]>('procurement/purchaseorders?pageSize=1'))[0]!;
    expect((po.vendorCompany as Row)._info).toEqual({
      company_href: expect.stringMatching(/\/company\/companies\/\d+$/),
    });
    expect(po._info).toMatchObject({
      lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      lineitems_href: expect.any(String),
    });
  });
  it('has no TD SYNNEX vendor and no TD SYNNEX statuses before activation', async () => {
    expect(await t.json(`company/companies?conditions=${q('name like "TD SYNNEX*"')}`)).toEqual([]);
    const statuses = await t.json<Row[]>('procurement/purchaseorderstatuses');
    expect(statuses.map((s) => s.name)).toEqual(['New', 'Open', 'Closed', 'Cancelled']);
  });
  it('serves the forecast of an opportunity from its product lines', async () => {
    const opp = (await t.json<Row[]>('sales/opportunities?pageSize=1'))[0]!;
    const forecast = await t.json<Row>(`sales/opportunities/${opp.id}/forecast`);
    expect(forecast.forecastItems).toHaveLength(1);
  });
  it('lists the hosted screens including opportunity, purchase order and ticket', async () => {
    const screens = await t.json<Row[]>('system/connectWiseHostedScreens');
    expect(screens.map((s) => s.screenId)).toEqual(expect.arrayContaining(['opportunity', 'purchaseorder', 'ticket']));
  });
});
