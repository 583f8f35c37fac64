/**
 * Runs tds-bridge (`npm start`'s entry) in its own process against a prepared database file, so browser
 * timings are not slowed by the benchmark driver sharing the server's event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDemoTenant, type SimulatorAccess } from '../../server/bootstrap/demo-tenant.ts';
import { start } from '../../server/entry/node.ts';
import { newSecretsKey } from '../../server/security/secrets.ts';

export interface ServerProcess {
  url: string;
  stop(): void;
}

export async function startServerProcess(sims: SimulatorAccess, port: number): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tds-bench-'));
  const env = {
    DATABASE_URL: `file:${join(dir, 'bench.db')}`,
    SECRETS_KEY: newSecretsKey(),
    ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
    SIMULATORS: 'off',
    PORT: String(port),
  };
  // Prepare the tenant with the same key the server process will use, then hand the file over.
  const prep = await start({ env, quiet: true, buildPod: false, tickIntervalMs: 0 });
  await ensureDemoTenant(prep.deps, prep.url, sims);
  await prep.close();

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/entry/node.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 60_000;
  while (!/is running/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}
