/**
 * The ConnectWise simulator answers as public captures of ConnectWise show (connectwise-psa.md, "Corrections
 * from public captures"): each test names the public behaviour it follows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../../../sim/cw/index.ts';
import { TokenBucket } from '../../../sim/cw/rate-limit.ts';
import { API, basic, CLIENT_ID, listen, startSim, type TestSim } from './helpers.ts';

let t: TestSim | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const bare = (sim: TestSim, path: string, headers: Record<string, string>) =>
  Promise.resolve(sim.sim.app.request(`${API}/${path}`, { headers }));
const cookie = (hash: string, extra = '; memberContext=web') =>
  `companyName=demo; memberHash=${hash}; memberId=jsmith${extra}`;

describe('unknown endpoints (amp-labs/connectors: providers/connectwise/test/read/not-found.json)', () => {
  it('answers 404 {"code":"ConnectWiseApi","message":"The endpoint does not exist."}', async () => {
    t = await startSim();
    const res = await t.call('procurement/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'ConnectWiseApi', message: 'The endpoint does not exist.' });
  });
});

describe('refused API keys', () => {
  const wrongKeys = { Authorization: basic('demo-public-key', 'wrong'), clientId: CLIENT_ID };
  it('answers 401 Unauthorized by default', async () => {
    t = await startSim();
    const res = await bare(t, 'system/info', wrongKeys);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'Unauthorized' });
  });
  it('can answer ConnectWiseApi/UserNotAuthenticated (christaylorcodes/ConnectWiseManageAPI issue 18)', async () => {
    t = await startSim({ badCredentials: 'user-not-authenticated' });
    const res = await bare(t, 'system/info', wrongKeys);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'ConnectWiseApi', message: 'UserNotAuthenticated' });
  });
  it('can answer 404 as cloud ConnectWise does for bad auth (Developer Guide), switchable at runtime', async () => {
    t = await startSim();
    const set = await t.call('/_sim/security', { method: 'POST', json: { badCredentials: 'not-found' } });
    expect(await set.json()).toMatchObject({ badCredentials: 'not-found', memberCookies: 'raw' });
    const res = await bare(t, 'system/info', wrongKeys);
    expect(res.status).toBe(404);
    expect((await bare(t, 'system/info', { Authorization: basic(), clientId: CLIENT_ID })).status).toBe(200);
  });
});

describe('member authentication (Ingenio-Tech/ticketwise: src/lib/session.ts; Developer Guide)', () => {
  it('issues member hashes that contain +, / and = like real ones', async () => {
    t = await startSim();
    for (const member of ['jsmith', 'mbrown', 'akhan']) {
      const hash = t.sim.issueMemberHash(member);
      expect(hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(hash).toContain('+');
      expect(hash).toContain('/');
    }
  });
  it('refuses the cookie check without memberContext', async () => {
    t = await startSim();
    const hash = t.sim.issueMemberHash('jsmith');
    expect((await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Cookie: cookie(hash, '') })).status).toBe(
      401,
    );
    expect((await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Cookie: cookie(hash) })).status).toBe(200);
  });
  it('reads cookie values raw by default: the raw hash passes, a URL-encoded one does not', async () => {
    t = await startSim();
    const hash = t.sim.issueMemberHash('jsmith');
    expect((await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Cookie: cookie(hash) })).status).toBe(200);
    const encoded = cookie(encodeURIComponent(hash));
    expect((await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Cookie: encoded })).status).toBe(401);
  });
  it('URL-decodes cookie values when told to: then a raw + is a space and only the encoded hash passes', async () => {
    t = await startSim({ memberCookies: 'url-decoded' });
    const hash = t.sim.issueMemberHash('jsmith');
    expect((await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Cookie: cookie(hash) })).status).toBe(401);
    const encoded = cookie(encodeURIComponent(hash));
    expect((await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Cookie: encoded })).status).toBe(200);
  });
  it('accepts the documented Basic form company+memberId:memberHash as that member', async () => {
    t = await startSim();
    const hash = t.sim.issueMemberHash('jsmith');
    const res = await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Authorization: basic('jsmith', hash) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ identifier: 'jsmith' });
    const other = await bare(t, 'system/myMembers/info', { clientId: CLIENT_ID, Authorization: basic('mbrown', hash) });
    expect(other.status).toBe(401);
  });
});

describe('throttling (Developer Guide: over 1,000 requests a minute will likely be throttled)', () => {
  it('throttles by default after 1,000 requests in a minute', async () => {
    t = await startSim();
    expect(await t.json('/_sim/rate-limit')).toEqual({ perMinute: DEFAULT_RATE_LIMIT_PER_MINUTE });
    // The simulator's bucket with a frozen clock: exactly 1,000 pass, the next waits.
    const bucket = new TokenBucket(DEFAULT_RATE_LIMIT_PER_MINUTE, () => 0);
    const waits = Array.from({ length: 1001 }, () => bucket.take());
    expect(waits.slice(0, 1000).every((w) => w === 0)).toBe(true);
    expect(waits[1000]).toBeGreaterThan(0);
  });
});

describe('callbacks (amp-labs/connectors: internal/webhook/test/event.json)', () => {
  it('carry ProductInstanceId and PartnerId, and key_url may name another host than the API', async () => {
    const received: string[] = [];
    const receiver = await listen(async (req) => {
      received.push(await req.text());
      return new Response(null, { status: 200 });
    });
    try {
      t = await startSim({ keyUrlBase: 'http://sandbox-na.sim.test/sim/cw' });
      await t.call('system/callbacks', {
        method: 'POST',
        json: { url: `${receiver.url}/cb`, type: 'PurchaseOrder', level: 'Owner', objectId: 1 },
      });
      const po = (await t.json<Array<{ id: number }>>('procurement/purchaseorders?pageSize=1'))[0]!;
      await t.call(`procurement/purchaseorders/${po.id}`, {
        method: 'PATCH',
        json: [{ op: 'replace', path: 'vendorOrderNumber', value: 'SO-1' }],
      });
      await t.sim.flushCallbacks();
      const payload = JSON.parse(received[0]!) as Record<string, unknown> & { Metadata: { key_url: string } };
      expect(payload.ProductInstanceId).toEqual(expect.any(String));
      expect(payload.PartnerId).toEqual(expect.any(String));
      expect(payload.FromUrl).toBe('sim.test');
      const keyUrl = new URL(payload.Metadata.key_url);
      expect(keyUrl.host).toBe('sandbox-na.sim.test');
      // The key URL answers on the simulator whatever host reached it.
      const key = await t.sim.app.request(`${keyUrl.pathname.replace('/sim/cw', '')}${keyUrl.search}`);
      expect(await key.json()).toEqual({ signing_key: expect.any(String) });
    } finally {
      await receiver.close();
    }
  });
});
