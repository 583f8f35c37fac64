/**
 * Pod sign-in against a ConnectWise that refuses raw cookie values: public integrations send the member cookies
 * raw first and URL-encoded only when ConnectWise refuses them (Ingenio-Tech/ticketwise: src/lib/session.ts), and
 * real member hashes contain `+ / =`. Sign-in works either way, and the activity log says which form was needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 5_000 });
});
afterAll(() => server.close());

const signIn = (memberHash: string, memberid = 'jsmith') =>
  server.api<{ member?: { identifier: string } }>('/api/session', {
    method: 'POST',
    body: JSON.stringify({
      memberAuthentication: {
        site: `${server.screensUrl}/`,
        companyid: 'demo',
        memberid,
        memberHash,
        memberContext: 'web',
      },
      screen: 'opportunity',
      recordId: 801,
    }),
  });

const cookieEntries = async () => {
  const res = await server.api<{ items: Array<{ code: string; message: string }> }>(
    '/api/admin/tenants/demo/activity?code=cw_member_cookie_encoded',
    { admin: true },
  );
  return res.body.items;
};

describe('pod sign-in with real-looking member hashes', () => {
  it('signs in with raw cookie values and logs nothing special', async () => {
    const hash = server.simulators!.cw.issueMemberHash('jsmith');
    expect(hash).toMatch(/\+/);
    const res = await signIn(hash);
    expect(res.status).toBe(201);
    expect(await cookieEntries()).toEqual([]);
  });

  it('falls back to URL-encoded values when ConnectWise refuses the raw ones, and logs that variant', async () => {
    await fetch(`${server.url}/sim/cw/_sim/security`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberCookies: 'url-decoded' }),
    });
    const hash = server.simulators!.cw.issueMemberHash('mbrown');
    const res = await signIn(hash, 'mbrown');
    expect(res.status).toBe(201);
    expect(res.body.member?.identifier).toBe('mbrown');
    const entries = await cookieEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.message).toMatch(/only with URL-encoded cookie values/);
  });
});
