/**
 * Proof (issue 9): two tds-bridge processes on one database file coordinate through libSQL alone. Concurrent
 * activations create each ConnectWise object once, concurrent "run now" makes one run, and a standby takeover
 * seen in one process makes the other start on the standby too. The simulators run in a third process, as the
 * real ConnectWise would be, so both servers see the same ConnectWise.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoTenant } from '../../../server/bootstrap/demo-tenant.ts';
import { start } from '../../../server/entry/node.ts';
import { newSecretsKey } from '../../../server/security/secrets.ts';
import { DEMO_CREDENTIALS, DEMO_OAUTH } from '../../../sim/tds/account.ts';
import { removeDir, type StartedProcess, startProcess } from '../../support/processes.ts';
import { ADMIN_TOKEN, type ServerProcess, startServerProcess } from './server-process.ts';

// biome-ignore lint/suspicious/noExplicitAny: ConnectWise records read loosely; every field used is asserted
type Json = any;

const CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const dir = mkdtempSync(join(tmpdir(), 'tds-two-'));
const env = { DATABASE_URL: `file:${join(dir, 'bridge.db')}`, SIMULATORS: 'off', SECRETS_KEY: newSecretsKey() };
let sims: StartedProcess;
let simOrigin: string;
let a: ServerProcess;
let b: ServerProcess;

const cw = async (path: string, keys = 'demo-public-key:demo-private-key') => {
  const res = await fetch(`${simOrigin}/sim/cw/v4_6_release/apis/3.0/${path}`, {
    headers: { authorization: `Basic ${btoa(`demo+${keys}`)}`, clientId: CLIENT_ID },
  });
  return (await res.json()) as Json;
};
const unauthorizedSoFar = async () => {
  const stats = (await fetch(`${simOrigin}/sim/cw/_sim/stats`).then((r) => r.json())) as Json;
  const routes: Json[] = Array.isArray(stats.routes) ? stats.routes : Object.values(stats.routes ?? {});
  return routes.reduce((n: number, r: Json) => n + (r.statuses?.['401'] ?? 0), 0);
};

beforeAll(async () => {
  sims = await startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', 'sim/standalone.ts'],
    env: { SIM_PORT: '0', SIM_DATABASE_URL: ':memory:', SIM_CATALOG_SIZE: '2000' },
    ready: /ConnectWise PSA REST: http/,
    name: 'simulators',
  });
  simOrigin = /ConnectWise PSA REST: (http:\/\/[^/]+)\//.exec(sims.output())![1]!;
  // The demo tenant, pointing at the simulators' process, prepared on the file both servers will open.
  const prep = await start({
    env: { ...env, PORT: '0', ADMIN_TOKEN },
    quiet: true,
    buildPod: false,
    tickIntervalMs: 0,
  });
  await ensureDemoTenant(prep.deps, prep.url, {
    simOrigin,
    screensOrigin: `http://localhost:${new URL(simOrigin).port}`,
    cw: { companyId: 'demo', publicKey: 'demo-public-key', privateKey: 'demo-private-key' },
    tds: { credentials: { ...DEMO_CREDENTIALS }, oauth: { ...DEMO_OAUTH } },
  });
  await prep.close();
  [a, b] = await Promise.all([startServerProcess(env, 'server A'), startServerProcess(env, 'server B')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), sims?.stop()]);
  removeDir(dir);
});

describe('two server processes on one database file', () => {
  it('create each ConnectWise object once when both activate at the same time', async () => {
    const answers = await Promise.all([
      a.admin('POST', '/api/admin/tenants/demo/activation/apply'),
      b.admin('POST', '/api/admin/tenants/demo/activation/apply'),
    ]);
    const statuses = answers.map((r) => r.status).sort();
    // One applies; the other is told activation is running (or, if it came second, finds everything there).
    expect(statuses[0]).toBe(200);
    for (const r of answers) {
      if (r.status === 409) expect(r.body).toMatchObject({ error: { code: 'activation_in_progress' } });
      else expect(r.body).toMatchObject({ ok: true });
    }
    const statusesInCw = (await cw('procurement/purchaseorderstatuses?pageSize=1000')) as Json[];
    const names = statusesInCw.map((s) => s.name).filter((n: string) => /TDS/i.test(n));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    const callbacks = (await cw('system/callbacks?pageSize=1000')) as Json[];
    const ours = callbacks.map((c) => `${c.type} ${c.url}`);
    expect(ours.length).toBeGreaterThan(0);
    expect(new Set(ours).size).toBe(ours.length);
    const vendors = (await cw('company/companies?conditions=identifier%3D%22TDSYNNEX%22')) as Json[];
    expect(vendors).toHaveLength(1);
    // And nothing is left to create, whichever process is asked.
    const plan = await b.admin('GET', '/api/admin/tenants/demo/activation/plan');
    expect((plan.body as Json).counts).toMatchObject({ create: 0 });
  }, 60_000);

  it('make one run when both are asked to run the same template now', async () => {
    const body = { template: 'price-availability' };
    const [ra, rb] = await Promise.all([
      a.admin('POST', '/api/admin/tenants/demo/runs', body),
      b.admin('POST', '/api/admin/tenants/demo/runs', body),
    ]);
    expect([ra.status, rb.status]).toEqual([202, 202]);
    const runs = [ra.body as Json, rb.body as Json];
    expect(runs[0].run.id).toBe(runs[1].run.id);
    expect(runs.filter((r) => r.created)).toHaveLength(1);
    const listed = (await a.admin('GET', '/api/admin/tenants/demo/runs?template=price-availability')).body as Json;
    expect(listed.items).toHaveLength(1);
  }, 60_000);

  it('start the other process on the standby after one saw the primary refused', async () => {
    const good = {
      site: `http://localhost:${new URL(simOrigin).port}`,
      apiUrl: `${simOrigin}/sim/cw/v4_6_release/apis/3.0`,
      companyId: 'demo',
      publicKey: 'demo-public-key',
      privateKey: 'demo-private-key',
      clientId: CLIENT_ID,
    };
    const saved = await a.admin('PUT', '/api/admin/tenants/demo/connections/cw', { ...good, role: 'standby' });
    if (saved.status !== 200) console.log(JSON.stringify(saved.body), a.output().slice(-3000));
    expect(saved.status).toBe(200);
    expect(
      (await a.admin('PUT', '/api/admin/tenants/demo/connections/cw', { ...good, privateKey: 'revoked' })).status,
    ).toBe(200);

    const before = await unauthorizedSoFar();
    const planA = await a.admin('GET', '/api/admin/tenants/demo/activation/plan');
    if (planA.status !== 200) console.log(JSON.stringify(planA.body));
    expect(planA.status).toBe(200);
    const afterA = await unauthorizedSoFar();
    expect(afterA).toBeGreaterThan(before); // A tried the revoked primary, then the standby took over
    expect((await b.admin('GET', '/api/admin/tenants/demo/activation/plan')).status).toBe(200);
    expect(await unauthorizedSoFar()).toBe(afterA); // B started on the standby: the primary was not tried again
    const view = (await b.admin('GET', '/api/admin/tenants/demo/connections')).body as Json;
    expect(view.cw.inUse).toBe('standby');
  }, 60_000);
});
