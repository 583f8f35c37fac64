/** Starts `wrangler dev` (workerd) for a config; `stop()` settles once wrangler and workerd have both exited. */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startProcess } from '../support/processes.ts';

export interface WranglerDev {
  base: string;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startWranglerDev(opts: {
  config?: string;
  vars: Record<string, string>;
  logDir: string;
  timeoutMs?: number;
}): Promise<WranglerDev> {
  const port = await freePort();
  // Each instance needs its own inspector port too: two at once on the default 9229 kill the second.
  const inspectorPort = await freePort();
  const args = [
    'wrangler',
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
  ];
  if (opts.config) args.push('--config', opts.config);
  // Each instance keeps workerd's own local state apart: two on the shared .wrangler/state could crash at start
  // with SQLITE_BUSY_RECOVERY when both opened it at once.
  args.push('--persist-to', join(opts.logDir, 'state'));
  for (const [k, v] of Object.entries(opts.vars)) args.push('--var', `${k}:${v}`);
  const child = await startProcess({
    name: `wrangler dev${opts.config ? ` --config ${opts.config}` : ''}`,
    command: 'npx',
    args,
    env: { WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: opts.logDir, CI: '1' },
    ready: /Ready on/,
    failed: /\[ERROR\]/,
    timeoutMs: opts.timeoutMs ?? 90_000,
  });
  return { base: `http://127.0.0.1:${port}`, output: child.output, stop: child.stop };
}
