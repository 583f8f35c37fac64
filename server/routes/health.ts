/** `GET /api/health`: liveness for load balancers and the console; no session needed, no secrets shown. */
import { Hono } from 'hono';
import { pingDb } from '../../db/client.ts';
import type { AppEnv } from '../app.ts';

export function healthRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const deps = c.var.deps;
    const reachable = await pingDb(deps.db);
    return c.json(
      {
        status: reachable ? 'ok' : 'degraded',
        version: deps.version,
        time: deps.now().toISOString(),
        database: { reachable },
        simulators: deps.simulators ? 'on' : 'off',
        // Which mode runs, without the reason: that names tenants and hosts, and this route is public.
        simulatorMode: {
          setting: deps.simulatorMode?.setting ?? deps.env.SIMULATORS,
          mounted: Boolean(deps.simulators),
        },
      },
      reachable ? 200 : 503,
    );
  });
}
