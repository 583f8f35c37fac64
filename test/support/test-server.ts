/**
 * A real tds-bridge server for integration tests: Node entry, in-memory libSQL, simulators mounted,
 * the demo tenant connected to them, plus helpers to sign a pod session and read simulator stats.
 */
import { issueSessionToken } from '../../server/auth/session-token.ts';
import { type RunningServer, type StartOptions, start } from '../../server/entry/node.ts';

export interface TestServer extends RunningServer {
  /** A pod session token for the demo tenant (as POST /api/session would return after verification). */
  podToken(member?: string): Promise<string>;
  api<T = unknown>(
    path: string,
    init?: RequestInit & { token?: string; admin?: boolean },
  ): Promise<{ status: number; body: T }>;
  /** Calls the simulators saw on routes containing `fragment` since the last reset of their stats. */
  simCalls(system: 'cw' | 'tds', fragment: string, method?: string): number;
  resetSimStats(): void;
}

/** The URL policy's resolver in tests: no DNS query ever leaves the machine. */
export const noDnsInTests = async (host: string): Promise<string[]> => {
  throw new Error(`tests do not resolve ${host}`);
};

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  const server = await start({
    quiet: true,
    buildPod: false,
    callbackRetryDelaysMs: [50, 100],
    tickIntervalMs: 0,
    // Tests never look names up: a host that "does not resolve" is accepted by the URL policy and never called.
    resolveHost: noDnsInTests,
    ...opts,
    env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on', ...opts.env },
  } as StartOptions);
  const sims = server.simulators;
  if (!sims) throw new Error('test server started without simulators');
  return Object.assign(server, {
    async podToken(member = 'jsmith') {
      const { token } = await issueSessionToken(
        { tid: 'demo', sub: member, name: member },
        server.deps.sessionSecret,
        900,
        server.deps.now(),
      );
      return token;
    },
    async api<T>(path: string, init: RequestInit & { token?: string; admin?: boolean } = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      if (init.admin) headers.set('authorization', `Bearer ${server.deps.adminToken}`);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const response = await fetch(`${server.url}${path}`, { ...init, headers });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    simCalls(system: 'cw' | 'tds', fragment: string, method?: string) {
      const snapshot = sims[system].stats.snapshot();
      return snapshot.routes
        .filter((r) => r.route.includes(fragment) && (!method || r.route.startsWith(`${method} `)))
        .reduce((n, r) => n + r.calls, 0);
    },
    resetSimStats() {
      sims.cw.stats.reset();
      sims.tds.stats.reset();
    },
  });
}
