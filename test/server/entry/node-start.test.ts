import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../../server/entry/node.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tds-start-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const startOnFile = () =>
  start({
    env: { PORT: '0', DATABASE_URL: `file:${join(dir, 'tds-bridge.db')}`, SIMULATORS: 'auto' },
    quiet: true,
    buildPod: false,
    tickIntervalMs: 0,
  });

describe('npm start on an embedded database', () => {
  it('seeds once, keeps keys and data across restarts, and never stores a secret in clear', async () => {
    const first = await startOnFile();
    const adminToken = first.deps.adminToken;
    const cw = first.simulators!.cw;
    // Something a member did in the sandbox, and something the product recorded.
    const hash = cw.issueMemberHash('jsmith');
    await fetch(`${first.url}/sim/cw/v4_6_release/apis/3.0/sales/opportunities/801`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        cookie: `companyName=demo; memberHash=${hash}; memberId=jsmith; memberContext=web`,
      },
      body: JSON.stringify([{ op: 'replace', path: 'name', value: 'Renamed before restart' }]),
    });
    await first.db.$client.execute(
      "insert into audit_log (tenant_id, actor, action) values ('demo', 'test', 'before_restart')",
    );
    const setupsBefore = cw.list('system/connectwisehostedsetups').length;
    await first.close();

    const second = await startOnFile();
    try {
      expect(second.deps.adminToken).toBe(adminToken);
      expect(readFileSync(join(dir, 'admin-token'), 'utf8').trim()).toBe(adminToken);
      expect(second.simulators!.cw.get('sales/opportunities', 801)?.name).toBe('Renamed before restart');
      expect(second.simulators!.cw.list('system/connectwisehostedsetups')).toHaveLength(setupsBefore);
      const tenants = await second.db.$client.execute('select id from tenants');
      expect(tenants.rows.map((r) => r.id)).toEqual(['demo']);
      const audit = await second.db.$client.execute(
        "select count(*) as n from audit_log where action = 'before_restart'",
      );
      expect(Number(audit.rows[0]?.n)).toBe(1);
      // Stored credentials decrypt with the kept key (the pod can still sign in)…
      const health = await (await fetch(`${second.url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: { reachable: true }, simulators: 'on' });
      const session = await fetch(`${second.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          memberAuthentication: {
            site: `${second.screensUrl}/`,
            companyid: 'demo',
            memberid: 'jsmith',
            memberHash: second.simulators!.cw.issueMemberHash('jsmith'),
          },
        }),
      });
      expect(session.status).toBe(201);
    } finally {
      await second.close();
    }
    // …and are never in the database file in clear.
    for (const file of readdirSync(dir).filter((f) => f.startsWith('tds-bridge.db'))) {
      const raw = readFileSync(join(dir, file));
      expect(raw.includes('demo-private-key'), file).toBe(false);
      expect(raw.includes('demo-password'), file).toBe(false);
    }
  });
});

describe('the app', () => {
  it('answers with one error envelope, a request id and secure headers, and lets only tenants frame the pod', async () => {
    const server = await start({
      env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on' },
      quiet: true,
      buildPod: false,
      tickIntervalMs: 0,
    });
    try {
      const missing = await fetch(`${server.url}/api/nothing-here`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        error: { code: 'not_found', message: 'Nothing at GET /api/nothing-here.' },
      });
      expect(missing.headers.get('x-request-id')).toBeTruthy();
      expect(missing.headers.get('x-content-type-options')).toBe('nosniff');

      const pod = await fetch(`${server.url}/pod/?host=cw&screen=opportunity&id=801`);
      expect(pod.status).toBe(200);
      expect(pod.headers.get('x-frame-options')).toBeNull();
      const csp = pod.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`frame-ancestors ${server.screensUrl}`);
      expect(csp).not.toContain('*');
      const html = await pod.text();
      expect(
        JSON.parse(/<script type="application\/json" id="pod-config">(.*?)<\/script>/.exec(html)?.[1] ?? '{}'),
      ).toMatchObject({
        allowedHostOrigins: [server.screensUrl],
      });

      const landing = await fetch(`${server.url}/`);
      expect(landing.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(await landing.text()).toContain('/sim/cw/screens/opportunity/801');
    } finally {
      await server.close();
    }
  });
});
