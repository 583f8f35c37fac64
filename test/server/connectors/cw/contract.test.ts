/**
 * Contract suite for the ConnectWise client. Always runs against the simulator over real HTTP; runs the
 * read-only part against a real ConnectWise too when CW_API_URL, CW_COMPANY_ID, CW_PUBLIC_KEY,
 * CW_PRIVATE_KEY and CW_CLIENT_ID are set (CW_API_URL up to /apis/3.0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CwClientOptions, HttpCwClient } from '../../../../server/connectors/cw/index.ts';
import { UpstreamError } from '../../../../server/connectors/upstream-error.ts';
import { CLIENT_ID, type SimServer, serveSim } from './sim-server.ts';

const env = process.env;
const real = env.CW_API_URL && env.CW_COMPANY_ID && env.CW_PUBLIC_KEY && env.CW_PRIVATE_KEY && env.CW_CLIENT_ID;
if (!real)
  console.info('[cw contract] CW_API_URL etc. not set: skipped the run against a real ConnectWise (simulator only).');

interface Target {
  name: string;
  options(): CwClientOptions;
  /** Only the simulator may be written to. */
  writable: boolean;
}

let server: SimServer;
beforeAll(async () => {
  server = await serveSim({ sizes: { catalogItems: 2100 } });
});
afterAll(() => server.close());

const targets: Target[] = [
  {
    name: 'simulator',
    writable: true,
    options: () => ({
      apiUrl: server.apiUrl,
      companyId: 'demo',
      publicKey: 'demo-public-key',
      privateKey: 'demo-private-key',
      clientId: CLIENT_ID,
    }),
  },
];
if (real) {
  targets.push({
    name: 'real ConnectWise',
    writable: false,
    options: () => ({
      apiUrl: env.CW_API_URL!,
      companyId: env.CW_COMPANY_ID!,
      publicKey: env.CW_PUBLIC_KEY!,
      privateKey: env.CW_PRIVATE_KEY!,
      clientId: env.CW_CLIENT_ID!,
    }),
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error.code;
    throw error;
  }
  return 'no error';
}

describe.each(targets)('CwClient against $name', (target) => {
  const client = () => new HttpCwClient(target.options());

  it('reads system/info', async () => {
    expect((await client().systemInfo()).version).toMatch(/^v/);
  });
  it('lists a page with conditions, fields and orderBy, and counts the same conditions', async () => {
    const rows = await client().list('procurement/catalog', {
      conditions: 'inactiveFlag = false',
      orderBy: 'id desc',
      pageSize: 5,
      fields: 'id,identifier',
    });
    expect(rows.length).toBeLessThanOrEqual(5);
    const ids = rows.map((r) => r.id!);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await client().count('procurement/catalog', { conditions: 'inactiveFlag = false' })).toBeGreaterThanOrEqual(
      rows.length,
    );
  });
  it('iterates forward-only across pages and matches /count', async () => {
    const cap = target.writable ? Number.POSITIVE_INFINITY : 2500;
    let n = 0;
    const seen = new Set<number>();
    for await (const item of client().iterate('procurement/catalog')) {
      seen.add(item.id);
      if (++n >= cap) break;
    }
    expect(seen.size).toBe(n);
    if (target.writable) expect(n).toBe(await client().count('procurement/catalog'));
  });
  it('maps a missing record to cw_not_found and bad keys to cw_unauthorized', async () => {
    expect(await codeOf(client().get('procurement/catalog', 987654321))).toBe('cw_not_found');
    const bad = new HttpCwClient({ ...target.options(), privateKey: 'definitely-wrong' });
    expect(await codeOf(bad.systemInfo())).toBe('cw_unauthorized');
  });
  it("maps malformed conditions to cw_bad_request with ConnectWise's text", async () => {
    try {
      await client().list('procurement/catalog', { conditions: 'inactiveFlag = 1' });
      throw new Error('accepted');
    } catch (error) {
      expect((error as UpstreamError).code).toBe('cw_bad_request');
      expect((error as UpstreamError).message).toMatch(/Expected a boolean value/);
    }
  });
  it('searches with conditions in the body', async () => {
    const rows = await client().search('procurement/catalog', { conditions: 'inactiveFlag = false' }, { pageSize: 3 });
    expect(rows.length).toBeLessThanOrEqual(3);
  });
});

describe('CwClient against the simulator only (writes, faults, member auth)', () => {
  const options = () => targets[0]!.options();
  const client = (extra: Partial<CwClientOptions> = {}) => new HttpCwClient({ ...options(), ...extra });
  const faults = (body: unknown) =>
    fetch(`${server.baseUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('creates, patches, replaces and deletes', async () => {
    const c = client();
    const made = await c.create('procurement/manufacturers', { name: 'Contract Co' });
    expect(made.id).toBeGreaterThan(0);
    const patched = await c.patch('procurement/manufacturers', made.id, [
      { op: 'replace', path: 'name', value: 'Contract Co 2' },
    ]);
    expect(patched.name).toBe('Contract Co 2');
    const put = await c.put('procurement/manufacturers', made.id, { name: 'Contract Co 3', inactiveFlag: true });
    expect(put).toMatchObject({ name: 'Contract Co 3', inactiveFlag: true });
    await c.delete('procurement/manufacturers', made.id);
    expect(await codeOf(c.get('procurement/manufacturers', made.id))).toBe('cw_not_found');
  });
  it('reports field errors of InvalidObject as cw_invalid_object', async () => {
    try {
      await client().create('procurement/catalog', { identifier: 'X'.repeat(80) });
      throw new Error('accepted');
    } catch (error) {
      const e = error as UpstreamError;
      expect(e.code).toBe('cw_invalid_object');
      expect(e.message).toMatch(/identifier: The field identifier must be a string with a maximum length of 75/);
      const { cwFieldErrors } = await import('../../../../server/connectors/cw/index.ts');
      expect(cwFieldErrors(e).map((f) => f.field)).toEqual(
        expect.arrayContaining(['identifier', 'description', 'type']),
      );
    }
  });
  it('reads child collections by parentId', async () => {
    const [po] = await client().list('procurement/purchaseorders', { pageSize: 1 });
    const lines = await client().list('procurement/purchaseorders/{parentId}/lineitems', { parentId: po!.id });
    expect(lines.every((l) => l.purchaseOrderId === po!.id)).toBe(true);
    expect(await codeOf(client().list('procurement/purchaseorders/{parentId}/lineitems'))).toBe('cw_invalid_request');
  });
  it('names the permission on cw_forbidden for the restricted key', async () => {
    const restricted = client({ publicKey: 'restricted-public-key', privateKey: 'restricted-private-key' });
    try {
      await restricted.create('system/callbacks', { url: 'https://example.com/cb', type: 'Ticket', level: 'Owner' });
      throw new Error('accepted');
    } catch (error) {
      expect((error as UpstreamError).code).toBe('cw_forbidden');
      expect((error as UpstreamError).message).toMatch(/System \/ Callbacks/);
    }
  });
  it('turns 429 into cw_rate_limited with retryAfterMs, and retries idempotent calls with a policy', async () => {
    await faults({ retryAfterSeconds: 2, failNext: [{ route: 'system/info', kind: 'throttle' }] });
    try {
      await client().systemInfo();
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: 'cw_rate_limited', retryAfterMs: 2000 });
    }
    await faults({ retryAfterSeconds: 1, failNext: [{ route: 'system/info', kind: 'server_error', count: 2 }] });
    const waits: number[] = [];
    const info = await client({
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10, maxInlineWaitMs: 10 },
      retryHooks: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    }).systemInfo();
    expect(info.version).toBeTruthy();
    expect(waits).toHaveLength(2);
  });
  it('never retries a POST that failed', async () => {
    await faults({ failNext: [{ route: 'procurement/manufacturers', method: 'POST', kind: 'server_error' }] });
    const attempts: unknown[] = [];
    const c = client({
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxInlineWaitMs: 10 },
      recorder: { record: (x) => attempts.push(x) },
    });
    expect(await codeOf(c.create('procurement/manufacturers', { name: 'Once Only' }))).toBe('cw_server_error');
    expect(attempts).toHaveLength(1);
  });
  it('reports a truncated body as cw_malformed_response and a hang as cw_timeout', async () => {
    await faults({ failNext: [{ route: 'procurement/catalog', kind: 'malformed' }] });
    expect(await codeOf(client().list('procurement/catalog', { pageSize: 2 }))).toBe('cw_malformed_response');
    await faults({ hangMs: 2000, failNext: [{ route: 'system/info', kind: 'hang' }] });
    expect(await codeOf(client({ timeoutMs: 150 }).systemInfo())).toBe('cw_timeout');
  });
  it('records every call with route pattern and status', async () => {
    const calls: { route: string; status: number; ok: boolean }[] = [];
    await client({ recorder: { record: (c) => calls.push(c) } }).get('procurement/catalog', 1501);
    expect(calls).toEqual([
      expect.objectContaining({ route: 'GET procurement/catalog/{id}', status: 200, ok: true, system: 'cw' }),
    ]);
  });
  it('does not fetch the next forward-only page before the current one is consumed', async () => {
    await fetch(`${server.baseUrl}/_sim/stats`, { method: 'DELETE' });
    const iterator = client().iterate('procurement/catalog', { pageSize: 100 })[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    const stats = (await (await fetch(`${server.baseUrl}/_sim/stats`)).json()) as { totalCalls: number };
    expect(stats.totalCalls).toBe(1);
  });
  it('verifies a member session and refuses forged, foreign and mismatched ones', async () => {
    const c = client();
    const hash = server.sim.issueMemberHash('jsmith');
    const auth = {
      site: `${server.origin}/`,
      companyid: 'demo',
      memberid: 'jsmith',
      memberHash: hash,
      memberContext: 'web',
    };
    expect(await c.verifyMember(auth)).toMatchObject({ identifier: 'jsmith' });
    expect(await codeOf(c.verifyMember({ ...auth, memberHash: '00000000-dead-beef-0000-000000000000' }))).toBe(
      'cw_member_unverified',
    );
    expect(await codeOf(c.verifyMember({ ...auth, companyid: 'othermsp' }))).toBe('cw_member_unverified');
    expect(await codeOf(c.verifyMember({ ...auth, memberid: 'mbrown' }))).toBe('cw_member_unverified');
    expect(await codeOf(c.verifyMember({ ...auth, site: 'https://evil.example.com/' }))).toBe('cw_member_unverified');
  });
  it('signs a member in with raw cookie values first, and URL-encoded ones only when ConnectWise refuses the raw form (Ingenio-Tech/ticketwise: src/lib/session.ts)', async () => {
    const security = (json: Record<string, string>) =>
      fetch(`${server.baseUrl}/_sim/security`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    const hash = server.sim.issueMemberHash('jsmith');
    expect(hash).toMatch(/[+/=]/);
    const auth = { companyid: 'demo', memberid: 'jsmith', memberHash: hash, memberContext: 'web' };
    const calls: string[] = [];
    const c = client({ recorder: { record: (call) => calls.push(`${call.route} ${call.status}`) } });
    try {
      expect(await c.verifyMember(auth)).toMatchObject({ identifier: 'jsmith', cookieForm: 'raw' });
      expect(calls).toEqual(['GET system/myMembers/info 200']);
      await security({ memberCookies: 'url-decoded' });
      calls.length = 0;
      expect(await c.verifyMember(auth)).toMatchObject({ identifier: 'jsmith', cookieForm: 'url-encoded' });
      expect(calls).toEqual(['GET system/myMembers/info 401', 'GET system/myMembers/info 200']);
      // A forged hash is refused in both forms; cloud's 404 for bad auth counts as a refusal too.
      await security({ badCredentials: 'not-found' });
      expect(await codeOf(c.verifyMember({ ...auth, memberHash: 'Zm9yZ2Vk+/Zm9yZ2Vk=' }))).toBe('cw_member_unverified');
    } finally {
      await security({ memberCookies: 'raw', badCredentials: 'unauthorized' });
    }
  });
  it('refuses a clientId that is not a GUID before sending anything', () => {
    expect(() => client({ clientId: 'not-a-guid' })).toThrow(/GUID/);
  });
});
