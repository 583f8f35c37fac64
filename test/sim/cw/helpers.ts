/** Test helpers: a ConnectWise simulator on a fresh in-memory store, called in-process or over real HTTP. */
import { type ServerType, serve } from '@hono/node-server';
import { createSimClock } from '../../../sim/clock.ts';
import { type CwSimOptions, type CwSimulator, createCwSimulator } from '../../../sim/cw/index.ts';
import { SimStore } from '../../../sim/store.ts';

export const CLIENT_ID = '7b2d9a1e-4f3c-4a8e-9d6b-2c1e0f5a3b7d';
export const BASE = 'http://sim.test/sim/cw';
export const API = '/v4_6_release/apis/3.0';

export const basic = (pub = 'demo-public-key', priv = 'demo-private-key', company = 'demo') =>
  `Basic ${Buffer.from(`${company}+${pub}:${priv}`).toString('base64')}`;

export const AUTH = { Authorization: basic(), clientId: CLIENT_ID };

export interface TestSim {
  sim: CwSimulator;
  store: SimStore;
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit & { json?: unknown }): Promise<T>;
  close(): Promise<void>;
}

export async function startSim(opts: Partial<CwSimOptions> = {}): Promise<TestSim> {
  const store = opts.store ?? (await SimStore.open(':memory:'));
  const sim = await createCwSimulator({ store, clock: opts.clock ?? createSimClock(store), baseUrl: BASE, ...opts });
  const call = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers({ ...AUTH });
    for (const [k, v] of new Headers(init.headers)) headers.set(k, v);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return Promise.resolve(sim.app.request(path.startsWith('/') ? path : `${API}/${path}`, { ...init, headers, body }));
  };
  return {
    sim,
    store,
    call,
    async json<T>(path: string, init?: RequestInit & { json?: unknown }) {
      const res = await call(path, init);
      return (await res.json()) as T;
    },
    async close() {
      await sim.flushCallbacks();
      await store.close();
    },
  };
}

/** Serves a Hono-style fetch handler on a random loopback port. */
export async function listen(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; server: ServerType; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
