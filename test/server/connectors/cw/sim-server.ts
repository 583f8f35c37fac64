/** A ConnectWise simulator mounted at /sim/cw on a real loopback HTTP server, as the product's server mounts it. */
import { Hono } from 'hono';
import { createSimClock } from '../../../../sim/clock.ts';
import { type CwSimOptions, type CwSimulator, createCwSimulator } from '../../../../sim/cw/index.ts';
import { SimStore } from '../../../../sim/store.ts';
import { listen } from '../../../sim/cw/helpers.ts';

export const CLIENT_ID = '7b2d9a1e-4f3c-4a8e-9d6b-2c1e0f5a3b7d';

export interface SimServer {
  sim: CwSimulator;
  origin: string;
  baseUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

export async function serveSim(opts: Partial<CwSimOptions> = {}): Promise<SimServer> {
  let handler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = await listen((req) => handler(req));
  const store = await SimStore.open(':memory:');
  const baseUrl = `${server.url}/sim/cw`;
  const sim = await createCwSimulator({ store, clock: createSimClock(store), baseUrl, ...opts });
  const parent = new Hono();
  parent.route('/sim/cw', sim.app);
  handler = (req) => parent.fetch(req);
  return {
    sim,
    origin: server.url,
    baseUrl,
    apiUrl: `${baseUrl}/v4_6_release/apis/3.0`,
    async close() {
      await sim.flushCallbacks();
      await server.close();
      await store.close();
    },
  };
}
