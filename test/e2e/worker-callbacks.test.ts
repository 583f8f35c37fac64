/**
 * Proof (issue 9) in workerd: a ConnectWise callback answered by one Worker isolate (`wrangler dev` A) is done by
 * another (B) when A goes away before its `waitUntil` work finished — both on one libSQL database, the
 * simulators in their own process as the real ConnectWise and TD SYNNEX would be.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../db/migrate.ts';
import { intakeRequests } from '../../db/schema/intake.ts';
import { newSecretsKey } from '../../server/security/secrets.ts';
import { type LibsqlHttpServer, startLibsqlHttpServer } from '../support/libsql-http-server.ts';
import { removeDir, type StartedProcess, startProcess } from '../support/processes.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

// biome-ignore lint/suspicious/noExplicitAny: ConnectWise records read loosely; every field used is asserted
type Json = any;

const ADMIN = 'worker-callbacks-admin-token-0123456789';
const CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OPPORTUNITY = 805;
let dir: string;
let file: string;
let libsql: LibsqlHttpServer;
let sims: StartedProcess;
let simOrigin: string;
let a: WranglerDev;
let b: WranglerDev;

const cwApi = () => `${simOrigin}/sim/cw/v4_6_release/apis/3.0`;
const basic = `Basic ${btoa('demo+demo-public-key:demo-private-key')}`;
const admin = (base: string, method: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const syncPrice = async () => {
  const res = await fetch(`${cwApi()}/sales/opportunities/${OPPORTUNITY}`, {
    headers: { authorization: basic, clientId: CLIENT_ID },
  });
  const fields: Json[] = ((await res.json()) as Json).customFields ?? [];
  return { fields, value: fields.find((f) => f.caption === 'TDS Sync Price')?.value };
};
async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // A poll interval, not a wait standing in for the event: it keeps the loop from hammering the server.
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'worker-callbacks-'));
  file = `file:${join(dir, 'db.sqlite')}`;
  (await openNodeDb(file)).$client.close();
  libsql = await startLibsqlHttpServer(file);
  sims = await startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', 'sim/standalone.ts'],
    env: { SIM_PORT: '0', SIM_DATABASE_URL: ':memory:', SIM_CATALOG_SIZE: '2000' },
    ready: /ConnectWise PSA REST: http/,
    name: 'simulators',
  });
  simOrigin = /ConnectWise PSA REST: (http:\/\/[^/]+)\//.exec(sims.output())![1]!;
  const vars = { DATABASE_URL: libsql.url, SECRETS_KEY: newSecretsKey(), ADMIN_TOKEN: ADMIN };
  const config = 'test/e2e/wrangler.no-assets.toml';
  const started = await Promise.allSettled([
    startWranglerDev({ vars, config, logDir: join(dir, 'logs-a') }),
    startWranglerDev({ vars, config, logDir: join(dir, 'logs-b') }),
  ]);
  if (started[0].status === 'fulfilled') a = started[0].value;
  if (started[1].status === 'fulfilled') b = started[1].value;
  for (const result of started) if (result.status === 'rejected') throw result.reason;
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), sims?.stop()]);
  await libsql?.close();
  if (dir) removeDir(dir);
});

describe('a callback answered by one Worker isolate', () => {
  it('is done by another isolate on the same database after the first went away', async () => {
    const screens = `http://localhost:${new URL(simOrigin).port}`;
    const tenant = await admin(a.base, 'POST', '/api/admin/tenants', {
      id: 'demo',
      name: 'Demo MSP',
      cwSite: screens,
      cwCompanyId: 'demo',
      // The pod's framing origin is irrelevant here (no simulators in a Worker, so no http pod origins).
      podOrigins: ['https://screens.example'],
    });
    expect(tenant.status, await tenant.clone().text()).toBe(201);
    const cwSaved = await admin(a.base, 'PUT', '/api/admin/tenants/demo/connections/cw', {
      site: screens,
      apiUrl: cwApi(),
      companyId: 'demo',
      publicKey: 'demo-public-key',
      privateKey: 'demo-private-key',
      clientId: CLIENT_ID,
    });
    expect(cwSaved.status, await cwSaved.clone().text()).toBe(200);
    const tdsSaved = await admin(a.base, 'PUT', '/api/admin/tenants/demo/connections/tds', {
      customerNo: '100001',
      user: 'demo@tds-bridge.test',
      password: 'demo-password',
      environment: 'simulator',
      xmlUrl: `${simOrigin}/sim/tds`,
      restUrl: `${simOrigin}/sim/tds`,
      oauthClientId: 'tds-bridge-demo',
      oauthClientSecret: 'demo-client-secret',
    });
    expect(tdsSaved.status, await tdsSaved.clone().text()).toBe(200);
    // Registers the callbacks at A's address (the origin of this request).
    const activated = await admin(a.base, 'POST', '/api/admin/tenants/demo/activation/apply');
    expect(activated.status, await activated.clone().text()).toBe(200);

    // TD SYNNEX answers after a minute: A's waitUntil work is still waiting when A goes away.
    await fetch(`${simOrigin}/sim/tds/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latency: { ms: 60_000 } }),
    });
    const { memberHash } = (await fetch(`${simOrigin}/sim/cw/_sim/member-hash`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: 'jsmith' }),
    }).then((r) => r.json())) as { memberHash: string };
    const { fields } = await syncPrice();
    const patched = await fetch(`${cwApi()}/sales/opportunities/${OPPORTUNITY}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        clientId: CLIENT_ID,
        cookie: `companyName=demo; memberHash=${memberHash}; memberId=jsmith; memberContext=web`,
      },
      body: JSON.stringify([
        {
          op: 'replace',
          path: 'customFields',
          value: fields.map((f) => (f.caption === 'TDS Sync Price' ? { ...f, value: 'Get TDS Price' } : f)),
        },
      ]),
    });
    expect(patched.status).toBe(200);
    const answered = await until(async () => {
      const log = (await fetch(`${simOrigin}/sim/cw/_sim/callbacks/deliveries`).then((r) => r.json())) as Json[];
      return log.find((d) => d.url.startsWith(`${a.base}/api/callbacks/cw/demo`) && d.recordId === OPPORTUNITY)
        ?.attempts[0];
    }, 'A to answer the callback');
    expect(answered.status, a.output().slice(-2000)).toBe(202);
    await a.stop();
    await fetch(`${simOrigin}/sim/tds/_sim/faults`, { method: 'DELETE' });
    expect((await syncPrice()).value).toBe('Get TDS Price');

    // B's cron tick is the safety net: once A's lease on the request lapses, B does the work. Watched in the
    // database: polling the simulated ConnectWise would spend the request budget B needs for the work itself.
    const stoppedAt = Date.now();
    const db = await openNodeDb(file);
    try {
      const states = await until(async () => {
        const cron = await fetch(`${b.base}/cdn-cgi/handler/scheduled?cron=*%2F5+*+*+*+*`);
        expect(cron.status, b.output().slice(-2000)).toBe(200);
        const rows = await db
          .select()
          .from(intakeRequests)
          .where(eq(intakeRequests.kind, 'cw-callback:tds-sync-price'));
        return rows.some((r) => r.state === 'pending') ? undefined : rows.map((r) => r.state);
      }, 'B to finish the work');
      console.log(`B finished A's callback work ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after A stopped`);
      expect(states).toEqual(['done']);
      expect((await syncPrice()).value).toBe('TDS Price Updated');
    } finally {
      db.$client.close();
    }
  }, 240_000);
});
