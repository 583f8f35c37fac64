/**
 * The Worker build running in workerd (`wrangler dev`) against a remote-style libSQL over HTTP:
 * health answers with the database reachable, the pod page carries frame-ancestors, the cron runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../db/migrate.ts';
import { newSecretsKey } from '../../server/security/secrets.ts';
import { type LibsqlHttpServer, startLibsqlHttpServer } from '../support/libsql-http-server.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

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
    ADMIN_TOKEN: 'worker-e2e-admin-token-0123456789',
  };
  [worker, cronWorker] = await Promise.all([
    startWranglerDev({ vars, logDir: join(dir, 'logs-a') }),
    startWranglerDev({ vars, logDir: join(dir, 'logs-b'), config: 'test/e2e/wrangler.no-assets.toml' }),
  ]);
}, 180_000);

afterAll(async () => {
  worker?.stop();
  cronWorker?.stop();
  await libsql?.close();
  rmSync(dir, { recursive: true, force: true });
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

  it('runs the cron handler', async () => {
    const response = await fetch(`${cronWorker.base}/cdn-cgi/handler/scheduled?cron=*%2F5+*+*+*+*`);
    expect(response.status, cronWorker.output().slice(-2000)).toBe(200);
  });
});
