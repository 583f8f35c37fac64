/**
 * Runs the simulators in their own process (`sim/standalone.ts`), so a benchmark measures tds-bridge's
 * own time and memory, not the simulators' — as it would be against the real ConnectWise and TD SYNNEX.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatorAccess } from '../../server/bootstrap/demo-tenant.ts';
import { DEMO_CREDENTIALS, DEMO_OAUTH } from '../../sim/tds/account.ts';

export interface ExternalSims {
  access: SimulatorAccess;
  origin: string;
  stop(): void;
}

export async function startExternalSims(env: Record<string, string> = {}): Promise<ExternalSims> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sim/standalone.ts'], {
    cwd: root,
    env: { ...process.env, SIM_PORT: '0', SIM_DATABASE_URL: ':memory:', ...env },
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
  let origin: string | undefined;
  while (!origin) {
    origin = /ConnectWise PSA REST: (http:\/\/[^/]+)\//.exec(output)?.[1];
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`simulators did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = new URL(origin).port;
  return {
    origin,
    access: {
      simOrigin: origin,
      screensOrigin: `http://localhost:${port}`,
      cw: { companyId: 'demo', publicKey: 'demo-public-key', privateKey: 'demo-private-key' },
      tds: { credentials: { ...DEMO_CREDENTIALS }, oauth: { ...DEMO_OAUTH } },
    },
    stop: () => child.kill('SIGTERM'),
  };
}
