/**
 * Runs tds-bridge (`npm start`'s entry) in its own process against a prepared database file, so browser
 * timings are not slowed by the benchmark driver sharing the server's event loop.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoTenant, type SimulatorAccess } from '../../server/bootstrap/demo-tenant.ts';
import { start } from '../../server/entry/node.ts';
import { newSecretsKey } from '../../server/security/secrets.ts';
import { spawnUntilReady } from './child.ts';

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
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

  const child = await spawnUntilReady('server/entry/node.ts', env, (output) => /is running/.test(output));
  return { url: `http://127.0.0.1:${port}`, stop: child.stop };
}
