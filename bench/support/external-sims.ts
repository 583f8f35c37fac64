/**
 * Runs the simulators in their own process (`sim/standalone.ts`), so a benchmark measures tds-bridge's
 * own time and memory, not the simulators' — as it would be against the real ConnectWise and TD SYNNEX.
 */
import type { SimulatorAccess } from '../../server/bootstrap/demo-tenant.ts';
import { DEMO_CREDENTIALS, DEMO_OAUTH } from '../../sim/tds/account.ts';
import { spawnUntilReady } from './child.ts';

export interface ExternalSims {
  access: SimulatorAccess;
  origin: string;
  stop(): Promise<void>;
}

export async function startExternalSims(env: Record<string, string> = {}): Promise<ExternalSims> {
  const child = await spawnUntilReady(
    'sim/standalone.ts',
    // The bench lifts ConnectWise's throttling (default 1,000 a minute, as ConnectWise documents) to measure
    // tds-bridge's own side; its report says so.
    { SIM_PORT: '0', SIM_DATABASE_URL: ':memory:', SIM_CW_RATE_LIMIT_PER_MINUTE: '0', ...env },
    (output) => /ConnectWise PSA REST: http/.test(output),
  );
  const origin = /ConnectWise PSA REST: (http:\/\/[^/]+)\//.exec(child.output())?.[1] as string;
  const port = new URL(origin).port;
  return {
    origin,
    access: {
      simOrigin: origin,
      screensOrigin: `http://localhost:${port}`,
      cw: { companyId: 'demo', publicKey: 'demo-public-key', privateKey: 'demo-private-key' },
      tds: { credentials: { ...DEMO_CREDENTIALS }, oauth: { ...DEMO_OAUTH } },
    },
    stop: child.stop,
  };
}
