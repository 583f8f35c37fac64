/**
 * Console sign-in: the one-time link exchanged for an HttpOnly SameSite=Strict cookie kept in libSQL,
 * the admin token at the sign-in page, and ConnectWise members let in by role for their tenant only.
 */

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit.ts';
import { consoleSessions } from '../../../db/schema/console.ts';
import { issueSessionToken } from '../../../server/auth/session-token.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

async function signInWithLink(server: TestServer, url: string) {
  const token = new URL(url).searchParams.get('token') ?? '';
  const page = await fetch(url);
  const form = new URLSearchParams({ token });
  const res = await fetch(`${server.url}/console/sign-in`, { method: 'POST', body: form, redirect: 'manual' });
  return { page, res, cookie: res.headers.get('set-cookie') ?? '' };
}

const cookiePair = (setCookie: string) => setCookie.split(';')[0] ?? '';

describe('console sign-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('exchanges a one-time link for an HttpOnly, SameSite=Strict session stored in libSQL; the link works once', async () => {
    const created = await server.api<{ url: string; operator: string }>('/api/admin/console/links', {
      method: 'POST',
      admin: true,
      body: JSON.stringify({ operator: 'Dana Ops' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/\/console\/sign-in\?token=[A-Za-z0-9_-]{40,}$/);

    const { page, res, cookie } = await signInWithLink(server, created.body.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in as Dana Ops');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/');
    expect(cookie).toMatch(/^tds_console=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const rows = await server.db.select().from(consoleSessions);
    expect(rows.map((r) => r.actor)).toContain('operator:Dana Ops');
    expect(JSON.stringify(rows)).not.toContain(cookiePair(cookie).split('=')[1]);

    const me = await fetch(`${server.url}/api/admin/me`, { headers: { cookie: cookiePair(cookie) } });
    expect(await me.json()).toEqual({ kind: 'operator_session', actor: 'operator:Dana Ops', tenants: 'all' });

    const again = await signInWithLink(server, created.body.url);
    expect(again.page.status).toBe(410);
    expect(again.res.status).toBe(401);
    expect(again.cookie).toBe('');
  });

  it('names the operator in what it changes, and refuses changes without the console header', async () => {
    const { body } = await server.api<{ url: string }>('/api/admin/console/links', {
      method: 'POST',
      admin: true,
      body: JSON.stringify({ operator: 'Lee' }),
    });
    const cookie = cookiePair((await signInWithLink(server, body.url)).cookie);
    const forged = await fetch(`${server.url}/api/admin/tenants/demo/schedules/product-sync/pause`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forged.status).toBe(403);
    const paused = await fetch(`${server.url}/api/admin/tenants/demo/schedules/product-sync/pause`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-tds-bridge-console': '1' },
      body: '{}',
    });
    expect(paused.status).toBe(200);
    const audit = await server.db.select().from(auditLog).where(eq(auditLog.action, 'sync.schedule.pause'));
    expect(audit.map((a) => a.actor)).toContain('operator:Lee');
    await fetch(`${server.url}/api/admin/tenants/demo/schedules/product-sync/resume`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-tds-bridge-console': '1' },
      body: '{}',
    });

    const out = await fetch(`${server.url}/console/sign-out`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect((await fetch(`${server.url}/api/admin/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('accepts the admin token at the sign-in page and refuses a wrong one', async () => {
    const wrong = await fetch(`${server.url}/console/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ adminToken: 'nope' }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/console/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ adminToken: server.deps.adminToken }),
      redirect: 'manual',
    });
    expect(right.status).toBe(303);
    const me = await fetch(`${server.url}/api/admin/me`, {
      headers: { cookie: cookiePair(right.headers.get('set-cookie') ?? '') },
    });
    expect((await me.json()).actor).toBe('admin');
  });

  it('lets in members of the roles a tenant allows, for that tenant only', async () => {
    const members = await fetch(
      `${server.url}/sim/cw/v4_6_release/apis/3.0/system/members?conditions=${encodeURIComponent('identifier in ("jsmith","akhan")')}`,
      {
        headers: {
          authorization: `Basic ${btoa('demo+demo-public-key:demo-private-key')}`,
          clientid: '00000000-0000-0000-0000-000000000000',
        },
      },
    ).then((r) => r.json() as Promise<Array<{ id: number; identifier: string }>>);
    const id = (who: string) => members.find((m) => m.identifier === who)?.id as number;
    const token = async (who: string) =>
      (
        await issueSessionToken(
          { tid: 'demo', sub: who, mid: id(who), name: who },
          server.deps.sessionSecret,
          900,
          server.deps.now(),
        )
      ).token;
    const jsmith = await token('jsmith');
    const before = await server.api<{ error: { code: string } }>('/api/admin/tenants/demo/health', { token: jsmith });
    expect(before.status).toBe(403);
    expect(before.body.error.code).toBe('console_role_not_allowed');

    const granted = await server.api('/api/admin/tenants/demo/console-roles', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({ roles: ['Admin'] }),
    });
    expect(granted.status).toBe(200);
    const health = await server.api<{ tenantId: string }>('/api/admin/tenants/demo/health', { token: jsmith });
    expect(health.status).toBe(200);
    // The console asks every few seconds: the role is read from ConnectWise once, not per request.
    server.resetSimStats();
    for (let i = 0; i < 5; i++) {
      expect((await server.api('/api/admin/tenants/demo/activity?limit=1', { token: jsmith })).status).toBe(200);
    }
    expect(server.simCalls('cw', 'system/members')).toBe(0);
    expect((await server.api<{ actor: string }>('/api/admin/me', { token: jsmith })).body).toMatchObject({
      kind: 'member_session',
      actor: 'member:jsmith',
      tenants: ['demo'],
    });
    // Another tenant does not exist for this member; a technician is refused; members cannot mint links.
    expect((await server.api('/api/admin/tenants/other/health', { token: jsmith })).status).toBe(404);
    const technician = await server.api<{ error: { message: string; details: unknown } }>(
      '/api/admin/tenants/demo/health',
      { token: await token('akhan') },
    );
    expect(technician.status).toBe(403);
    // The refusal names the member's role, the roles that may, and who decides.
    expect(technician.body.error.message).toMatch(/\(Technician\).*"Admin".*operator.*Setup → Console access/);
    expect(technician.body.error.details).toEqual({ role: 'Technician', allowedRoles: ['Admin'] });
    const link = await server.api('/api/admin/console/links', {
      method: 'POST',
      token: jsmith,
      body: JSON.stringify({ operator: 'x' }),
    });
    expect(link.status).toBe(403);
  });

  it('shows a visitor without a link how to get one', async () => {
    const signIn = await fetch(`${server.url}/console/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('tds-bridge console --as');
  });
});
