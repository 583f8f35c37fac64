/**
 * tds-bridge as its own Node process on a database file, for the tests that kill a server or run two on one
 * database. The child (`server-child.ts`) is `start()` with a short intake lease; it prints `READY <url>`.
 * Simulator state is kept in the data folder (sim.db), so a restarted server finds the same ConnectWise.
 */
import { fileURLToPath } from 'node:url';
import { type StartedProcess, startProcess } from '../../support/processes.ts';

export const ADMIN_TOKEN = 'process-tests-admin-token-0123456789';

export interface ServerProcess extends StartedProcess {
  url: string;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** SIGKILL to the whole process group, then waits until it is gone. */
  kill(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>, name: string): Promise<ServerProcess> {
  const started = await startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', fileURLToPath(new URL('./server-child.ts', import.meta.url))],
    env: { PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, PUBLIC_URL: '', ...env },
    ready: /READY http:\/\/\S+\n/,
    failed: /could not start/,
    name,
  });
  const url = /READY (http:\/\/\S+)\n/.exec(started.output())![1]!;
  return {
    ...started,
    url,
    async admin(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async kill() {
      try {
        process.kill(-started.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await started.stop();
    },
  };
}

/** Waits for `probe` to return a value, checking after each event loop turn that awaited I/O; fails after `ms`. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // A poll interval, not a wait standing in for the event: it keeps the loop from hammering the server.
    await new Promise((r) => setTimeout(r, 25));
  }
}
