import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../../server/wire/session.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const auth = (over: Record<string, string> = {}) => ({
  site: `${server.screensUrl}/`,
  companyid: 'demo',
  memberid: 'jsmith',
  memberHash: server.simulators!.cw.issueMemberHash('jsmith'),
  memberContext: 'web',
  ...over,
});
const signIn = (memberAuthentication: Record<string, string>) =>
  server.api<SessionResponse & { error?: { code: string; message: string } }>('/api/session', {
    method: 'POST',
    body: JSON.stringify({ memberAuthentication, screen: 'opportunity', recordId: 801 }),
  });

describe('POST /api/session', () => {
  it('verifies the member with ConnectWise and returns a session the pod API accepts', async () => {
    const res = await signIn(auth());
    expect(res.status).toBe(201);
    expect(res.body.member).toMatchObject({ identifier: 'jsmith', name: 'Jane Smith' });
    expect(res.body.tenant.id).toBe('demo');
    const record = await server.api<{ name: string }>('/api/pod/record?screen=opportunity&id=801', {
      token: res.body.token,
    });
    expect(record.status).toBe(200);
    expect(record.body.name).toBe(server.simulators!.cw.get('sales/opportunities', 801)?.name);
  });

  it('refuses a forged member hash with a message that says what to do', async () => {
    const res = await signIn(auth({ memberHash: '00000000-dead-beef-0000-000000000000' }));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('member_not_verified');
    expect(res.body.error?.message).toMatch(/ConnectWise did not confirm/);
  });

  it('refuses a member claiming to be someone else', async () => {
    const res = await signIn(auth({ memberid: 'mbrown' }));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('member_not_verified');
  });

  it('refuses a company that is not connected, naming it', async () => {
    const res = await signIn(auth({ companyid: 'othermsp' }));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'tenant_not_connected' });
    expect(res.body.error?.message).toContain('othermsp');
  });

  it('refuses member authentication from another ConnectWise site as if the company were unknown', async () => {
    const res = await signIn(auth({ site: 'https://na.myconnectwise.net/' }));
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('tenant_not_connected');
    expect(res.body.error?.message).not.toContain(server.screensUrl);
  });

  it('says what to send when the body is not member authentication', async () => {
    const res = await server.api<{ error: { code: string } }>('/api/session', { method: 'POST', body: '{"hello":1}' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_session_request');
  });

  it('asks the pod to sign in again when its token expired or is not ours', async () => {
    const res = await signIn(auth());
    const realNow = server.deps.now;
    try {
      server.deps.now = () => new Date(Date.now() - 3_600_000);
      const old = await signIn(auth());
      server.deps.now = realNow;
      const expired = await server.api<{ error: { code: string; message: string } }>(
        '/api/pod/record?screen=ticket&id=1',
        {
          token: old.body.token,
        },
      );
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('session_expired');
    } finally {
      server.deps.now = realNow;
    }
    const tampered = await server.api<{ error: { code: string } }>('/api/pod/record?screen=ticket&id=1', {
      token: `${res.body.token.slice(0, -4)}AAAA`,
    });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('session_invalid');
    const missing = await server.api<{ error: { code: string } }>('/api/pod/record?screen=ticket&id=1');
    expect(missing.body.error.code).toBe('session_required');
  });
});
