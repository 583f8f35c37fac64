/** Starts the TD SYNNEX simulator behind a real HTTP server on a free port (mounted at /sim/tds like the app does). */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSimClock, type SimClock } from '../../../sim/clock.ts';
import { SimStore } from '../../../sim/store.ts';
import { createTdsSimulator, type TdsSimOptions, type TdsSimulator } from '../../../sim/tds/index.ts';

export interface TdsSimHarness {
  sim: TdsSimulator;
  store: SimStore;
  clock: SimClock;
  /** http://127.0.0.1:port/sim/tds */
  base: string;
  /** POST text to a simulator path and return status + body. */
  post(
    path: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export const DEMO = { customerNo: '100001', user: 'demo@tds-bridge.test', password: 'demo-password' };

export async function startTdsSim(
  opts: Partial<Omit<TdsSimOptions, 'store' | 'clock' | 'baseUrl'>> & { dbUrl?: string } = {},
): Promise<TdsSimHarness> {
  const store = await SimStore.open(opts.dbUrl ?? ':memory:');
  const clock = createSimClock(store);
  const sim = await createTdsSimulator({
    catalogSize: 20_000,
    ...opts,
    store,
    clock,
    baseUrl: 'http://127.0.0.1/sim/tds',
  });
  const root = new Hono();
  root.route('/sim/tds', sim.app);
  const server = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sim/tds`;
  return {
    sim,
    store,
    clock,
    base,
    async post(path, body, headers = { 'content-type': 'application/xml' }) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body, headers });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
