/**
 * The Worker build running in workerd (`wrangler dev`), against a remote-style libSQL over HTTP:
 * health answers with the database reachable, and the cron handler runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../db/migrate.ts';
import { newSecretsKey } from '../../server/security/secrets.ts';
import { type LibsqlHttpServer, startLibsqlHttpServer } from '../support/libsql-http-server.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let dir: string;
let libsql: LibsqlHttpServer;
let wrangler: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'worker-e2e-'));
  const file = `file:${join(dir, 'db.sqlite')}`;
  (await openNodeDb(file)).$client.close();
  libsql = await startLibsqlHttpServer(file);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  wrangler = spawn(
    'npx',
    [
      'wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false',
      '--var', `DATABASE_URL:${libsql.url}`, '--var', `SECRETS_KEY:${newSecretsKey()}`,
      '--var', 'ADMIN_TOKEN:worker-e2e-admin-token-0123456789',
    ],
    {
      detached: true,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(dir, 'wrangler-logs'), CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  wrangler.stdout?.on('data', collect);
  wrangler.stderr?.on('data', collect);
  const deadline = Date.now() + 90_000;
  while (!/Ready on/.test(output)) {
    if (Date.now() > deadline || wrangler.exitCode !== null || /\[ERROR\]/.test(output)) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  if (wrangler?.pid) {
    try {
      process.kill(-wrangler.pid, 'SIGTERM');
    } catch {}
  }
  await libsql?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Worker in workerd', () => {
  it('answers /api/health with the remote database reachable', async () => {
    const response = await fetch(`${base}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: { reachable: boolean }; simulators: string };
    expect(body).toMatchObject({ status: 'ok', database: { reachable: true }, simulators: 'off' });
  });

  it('serves the pod page with frame-ancestors and without X-Frame-Options', async () => {
    const response = await fetch(`${base}/pod/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(await response.text()).toContain('id="pod-config"');
  });

  it('runs the cron handler', async () => {
    const response = await fetch(`${base}/cdn-cgi/handler/scheduled?cron=*%2F5+*+*+*+*`);
    expect(response.status).toBe(200);
  });
});
