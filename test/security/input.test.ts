/**
 * Findings 5 and 7: malformed input is a 400, never a 500 (lone surrogates in member authentication, ids
 * like 0x321 or 8.01e2, a negative minimum margin), API members cannot open pod sessions, and a stranger
 * cannot tell an unknown company from a known one on another site. Plus the per-tenant sign-in budget.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openNodeDb } from '../../db/migrate.ts';
import { createApp } from '../../server/app.ts';
import { admitVerification, SIGN_IN_LIMITS } from '../../server/auth/sign-in-guard.ts';
import { parseId } from '../../server/http/input.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 100 });
  app = createApp(server.services);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

let ip = 0;
const signIn = async (over: Record<string, string>) => {
  const res = await app.request('http://127.0.0.1/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': `192.0.2.${++ip % 250}` },
    body: JSON.stringify({
      memberAuthentication: {
        site: `${server.screensUrl}/`,
        companyid: 'demo',
        memberid: 'jsmith',
        memberHash: server.simulators!.cw.issueMemberHash('jsmith'),
        memberContext: 'web',
        ...over,
      },
    }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
};

describe('member authentication', () => {
  it('answers 400, not 500, for a lone UTF-16 surrogate in memberid, memberHash or memberContext', async () => {
    for (const field of ['memberid', 'memberHash', 'memberContext', 'companyid']) {
      for (const value of ['\uD800', 'ab\uDFFF', '\uDBFFx']) {
        const res = await signIn({ [field]: value });
        expect(res.status, `${field}=${JSON.stringify(value)}`).toBe(400);
        expect(res.body.error?.code).toBe('invalid_session_request');
      }
    }
  });

  it('refuses control characters and oversized values before ConnectWise sees them', async () => {
    server.resetSimStats();
    expect((await signIn({ memberHash: 'a\r\nSet-Cookie: x=1' })).status).toBe(400);
    expect((await signIn({ memberHash: 'h'.repeat(5000) })).status).toBe(400);
    expect(server.simCalls('cw', 'myMembers/info')).toBe(0);
  });

  it('refuses an API member (licence class A): only members who sign in to ConnectWise open pods', async () => {
    const res = await signIn({ memberid: 'tds-api', memberHash: server.simulators!.cw.issueMemberHash('tds-api') });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('member_not_allowed');
    expect((await signIn({})).status).toBe(201);
  });

  it('answers a wrong site exactly like an unknown company (no tenant discovery)', async () => {
    const wrongSite = await signIn({ site: 'https://na.myconnectwise.net/' });
    const unknown = await signIn({ companyid: 'nosuchco', site: 'https://na.myconnectwise.net/' });
    expect(wrongSite.status).toBe(unknown.status);
    expect(wrongSite.body.error?.code).toBe(unknown.body.error?.code);
    expect(wrongSite.body.error?.message.replace('demo', 'nosuchco')).toBe(unknown.body.error?.message);
    expect(JSON.stringify(wrongSite.body)).not.toContain('Demo MSP');
  });

  it('limits ConnectWise verifications per tenant whatever the number of addresses', async () => {
    const db = await openNodeDb(':memory:');
    const frozen = new Date('2026-11-30T12:00:01Z');
    try {
      for (let i = 0; i < SIGN_IN_LIMITS.perTenant.limit; i++)
        await admitVerification({ db, now: () => frozen }, 'acme');
      await expect(admitVerification({ db, now: () => frozen }, 'acme')).rejects.toMatchObject({ status: 429 });
      await expect(admitVerification({ db, now: () => frozen }, 'other')).resolves.toBeUndefined();
    } finally {
      db.$client.close();
    }
  });
});

describe('ids', () => {
  it('reads only decimal digits in the safe integer range', () => {
    expect(parseId('801')).toBe(801);
    for (const raw of ['0x321', '8.01e2', '801.0', ' 801', '+801', '-1', '0', '9007199254740993', '1e3', '']) {
      expect(parseId(raw), raw).toBeUndefined();
    }
  });

  it('refuses 0x321 and 8.01e2 on every route that takes an id', async () => {
    const token = await server.podToken();
    const headers = { authorization: `Bearer ${token}` };
    for (const id of ['0x321', '8.01e2']) {
      const record = await app.request(`http://127.0.0.1/api/pod/record?screen=opportunity&id=${id}`, { headers });
      expect(record.status, id).toBe(400);
      const pricing = await app.request(`http://127.0.0.1/api/pod/opportunities/${id}/pricing`, { headers });
      expect(pricing.status, id).toBe(400);
      const run = await app.request(`http://127.0.0.1/api/admin/runs/${id}`, {
        headers: { authorization: `Bearer ${server.deps.adminToken}` },
      });
      expect(run.status, id).toBe(400);
    }
  });
});

describe('settings', () => {
  it('refuses a negative minimum margin', async () => {
    const res = await server.api<{ error?: { code: string } }>(
      '/api/admin/tenants/demo/templates/price-availability/settings',
      {
        method: 'PUT',
        admin: true,
        body: JSON.stringify({ minMarginPct: -1 }),
      },
    );
    expect(res.status).toBe(400);
    const ok = await server.api('/api/admin/tenants/demo/templates/price-availability/settings', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({ minMarginPct: 0 }),
    });
    expect(ok.status).toBe(200);
  });
});
