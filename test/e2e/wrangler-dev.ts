/** Starts `wrangler dev` (workerd) for a config and stops the whole process tree afterwards. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface WranglerDev {
  base: string;
  output(): string;
  stop(): void;
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
  for (const [k, v] of Object.entries(opts.vars)) args.push('--var', `${k}:${v}`);
  const child: ChildProcess = spawn('npx', args, {
    detached: true, // npx → wrangler → workerd: kill the whole group
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: opts.logDir, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = () => {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (!/Ready on/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null || /\[ERROR\]/.test(output)) {
      stop();
      throw new Error(`wrangler dev did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base: `http://127.0.0.1:${port}`, output: () => output, stop };
}
