/**
 * The Worker build running in workerd (`wrangler dev`) against a remote-style libSQL over HTTP:
 * health answers with the database reachable, the pod page carries frame-ancestors, the cron runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../db/migrate.ts';
import { newSecretsKey } from '../../server/security/secrets.ts';
import { type LibsqlHttpServer, startLibsqlHttpServer } from '../support/libsql-http-server.ts';
import { removeDir } from '../support/processes.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

const ADMIN = 'worker-e2e-admin-token-0123456789';
let dir: string;
let libsql: LibsqlHttpServer;
let worker: WranglerDev;
let cronWorker: WranglerDev;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'worker-e2e-'));
  const file = `file:${join(dir, 'db.sqlite')}`;
  (await openNodeDb(file)).$client.close();
  libsql = await startLibsqlHttpServer(file);
  const vars = {
    DATABASE_URL: libsql.url,
    SECRETS_KEY: newSecretsKey(),
    ADMIN_TOKEN: ADMIN,
  };
  const started = await Promise.allSettled([
    startWranglerDev({ vars, logDir: join(dir, 'logs-a') }),
    startWranglerDev({ vars, logDir: join(dir, 'logs-b'), config: 'test/e2e/wrangler.no-assets.toml' }),
  ]);
  const [a, b] = started;
  if (a.status === 'fulfilled') worker = a.value;
  if (b.status === 'fulfilled') cronWorker = b.value;
  // One failed to start: afterAll stops the other, and the failure is the suite's error.
  for (const result of started) if (result.status === 'rejected') throw result.reason;
}, 180_000);

afterAll(async () => {
  // Both workerd trees must be gone before their log folders are removed (they write until they exit).
  await Promise.all([worker?.stop(), cronWorker?.stop()]);
  await libsql?.close();
  if (dir) removeDir(dir);
});

describe('the Worker in workerd', () => {
  it('answers /api/health with the remote database reachable', async () => {
    const response = await fetch(`${worker.base}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: { reachable: boolean }; simulators: string };
    expect(body).toMatchObject({ status: 'ok', database: { reachable: true }, simulators: 'off' });
  });

  it('serves the pod page with frame-ancestors and without X-Frame-Options', async () => {
    const response = await fetch(`${worker.base}/pod/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(await response.text()).toContain('id="pod-config"');
  });

  it('runs the sync engine in workerd: a requested run reaches its end, and the cron handler ticks', async () => {
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const created = await fetch(`${cronWorker.base}/api/admin/tenants`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        id: 'acme',
        name: 'Acme MSP',
        cwSite: 'https://na.myconnectwise.net',
        cwCompanyId: 'acme',
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const requested = await fetch(`${cronWorker.base}/api/admin/tenants/acme/runs`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ template: 'price-availability' }),
    });
    expect(requested.status).toBe(202);
    const { run } = (await requested.json()) as { run: { id: number } };

    const cron = await fetch(`${cronWorker.base}/cdn-cgi/handler/scheduled?cron=*%2F5+*+*+*+*`);
    expect(cron.status, cronWorker.output().slice(-2000)).toBe(200);

    // No ConnectWise connection yet: the engine runs the step, and the run ends failed with a code that says so.
    // The cron answered after its tick; the run's end is written by then or shortly after (waitUntil).
    let detail: { state: string } | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const response = await fetch(`${cronWorker.base}/api/admin/runs/${run.id}`, { headers: admin });
      detail = (await response.json()) as typeof detail;
      if (detail?.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(detail?.state).toBe('failed');
    expect(JSON.stringify(detail)).toContain('cw_not_connected');
  });
});
