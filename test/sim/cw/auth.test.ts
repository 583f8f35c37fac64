import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, basic, CLIENT_ID, startSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startSim();
});
afterEach(() => t.close());

const bare = (path: string, headers: Record<string, string>) =>
  Promise.resolve(t.sim.app.request(`${API}/${path}`, { headers }));

describe('API key authentication', () => {
  it('answers 200 with the demo keys and a GUID clientId', async () => {
    const res = await bare('system/info', { Authorization: basic(), clientId: CLIENT_ID });
    expect(res.status).toBe(200);
    expect(res.headers.get('api-current-version')).toBeTruthy();
    expect(res.headers.get('x-cw-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
  it('refuses a request without clientId, or with a clientId that is not a GUID, with 401', async () => {
    const missing = await bare('system/info', { Authorization: basic() });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'Unauthorized' });
    const notGuid = await bare('system/info', { Authorization: basic(), clientId: 'my-integration' });
    expect(notGuid.status).toBe(401);
  });
  it("refuses missing, wrong or other-company credentials with ConnectWise's 401 body", async () => {
    const variants: Record<string, string>[] = [
      { clientId: CLIENT_ID },
      { clientId: CLIENT_ID, Authorization: basic('demo-public-key', 'wrong') },
      { clientId: CLIENT_ID, Authorization: basic('demo-public-key', 'demo-private-key', 'othermsp') },
      { clientId: CLIENT_ID, Authorization: 'Bearer abc' },
    ];
    for (const headers of variants) {
      const res = await bare('procurement/catalog', headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'Unauthorized', message: 'Authorization is required' });
    }
  });
  it('refuses the inactive API member with 401 UserNotAuthenticated', async () => {
    const res = await bare('system/info', {
      clientId: CLIENT_ID,
      Authorization: basic('inactive-public-key', 'inactive-private-key'),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'ConnectWiseApi', message: 'UserNotAuthenticated' });
  });
  it('lets the restricted API member read purchase orders but answers 403 naming the permission on writes and callbacks', async () => {
    const headers = { clientId: CLIENT_ID, Authorization: basic('restricted-public-key', 'restricted-private-key') };
    expect((await bare('procurement/purchaseorders', headers)).status).toBe(200);
    const patch = await t.sim.app.request(`${API}/procurement/purchaseorders/3301`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify([{ op: 'replace', path: 'vendorOrderNumber', value: 'X' }]),
    });
    expect(patch.status).toBe(403);
    expect((await patch.json()).message).toMatch(/Edit access to Procurement \/ Purchasing/);
    const callbacks = await bare('system/callbacks', headers);
    expect(callbacks.status).toBe(403);
    expect((await callbacks.json()).message).toMatch(/System \/ Callbacks/);
  });
});

describe('cookie member authentication (Hosted API)', () => {
  const cookie = (hash: string, member = 'jsmith', company = 'demo') =>
    `companyName=${company}; memberHash=${hash}; memberId=${member}; memberContext=web`;

  it('accepts an issued member hash on system/myMembers/info and returns that member', async () => {
    const hash = t.sim.issueMemberHash('jsmith');
    const res = await bare('system/myMembers/info', { clientId: CLIENT_ID, Cookie: cookie(hash) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ identifier: 'jsmith', firstName: 'Jane', lastName: 'Smith' });
    expect(t.sim.issueMemberHash('jsmith')).toBe(hash);
  });
  it("refuses a forged hash, another member's hash and another company with 401 Authorization is required", async () => {
    const hash = t.sim.issueMemberHash('jsmith');
    for (const c of [
      cookie('00000000-dead-beef-0000-000000000000'),
      cookie(hash, 'mbrown'),
      cookie(hash, 'jsmith', 'othermsp'),
    ]) {
      const res = await bare('system/myMembers/info', { clientId: CLIENT_ID, Cookie: c });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'Unauthorized', message: 'Authorization is required' });
    }
  });
  it('forgets member hashes on reset', async () => {
    const hash = t.sim.issueMemberHash('jsmith');
    await t.sim.reset();
    expect((await bare('system/myMembers/info', { clientId: CLIENT_ID, Cookie: cookie(hash) })).status).toBe(401);
  });
});

describe('codebase discovery and versions', () => {
  it('answers login/companyinfo for the demo company and 404 for others', async () => {
    const res = await t.sim.app.request('/login/companyinfo/demo');
    expect(await res.json()).toMatchObject({ CompanyID: 'demo', Codebase: 'v2025_1/', IsCloud: 'True' });
    expect((await t.sim.app.request('/login/companyinfo/nobody')).status).toBe(404);
  });
  it('serves the API under the versioned codebase too', async () => {
    const res = await t.sim.app.request('/v2025_1/apis/3.0/system/info', {
      headers: { Authorization: basic(), clientId: CLIENT_ID },
    });
    expect(res.status).toBe(200);
  });
  it('refuses a nonsense model version in Accept', async () => {
    const res = await bare('system/info', {
      Authorization: basic(),
      clientId: CLIENT_ID,
      Accept: 'application/vnd.connectwise.com+json; version=0.0',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/does not support the API version '0.0'/);
  });
});
