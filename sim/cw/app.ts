/**
 * The simulator's Hono app. `/_sim/*` control routes answer first (no faults, throttling or auth);
 * everything else passes stats → response headers → faults, then is routed by path: companyinfo,
 * the callback key_url, or the REST API under any codebase (`v4_6_release`, `v2025_1`, …).
 */
import { type Context, Hono } from 'hono';
import type { SimClock } from '../clock.ts';
import { controlRoutes } from '../control.ts';
import { type FaultInjector, faultMiddleware } from '../faults.ts';
import type { SimStats } from '../stats.ts';
import type { CallbackDispatcher } from './callbacks/dispatcher.ts';
import { CwHttpError, endpointMissingError, notFoundError } from './errors.ts';
import { cwFaultRenderer, errorResponse } from './fault-render.ts';
import { API_PATH, type ApiDeps, handleApi } from './routes/api.ts';
import { simRoutes } from './routes/sim-control.ts';
import { CW_VERSION, companyInfo } from './routes/system.ts';

export interface AppDeps extends ApiDeps {
  companyId: string;
  companyName: string;
  stats: SimStats;
  faults: FaultInjector;
  clock: SimClock;
  callbacks: CallbackDispatcher;
  reset(): Promise<void>;
  issueMemberHash(member: string): string;
}

const KEY_URL = /\/system\/callbackkey\/index\.rails$/i;
const COMPANY_INFO = /\/login\/companyinfo\/([^/]+)\/?$/i;

export function buildApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Requests replayed for the `malformed` fault skip stats and faults the second time round.
  const replayed = new WeakSet<Request>();

  app.route('/_sim', controlRoutes(deps));
  app.route('/_sim', simRoutes(deps));

  app.use('*', async (c, next) => (replayed.has(c.req.raw) ? next() : deps.stats.middleware()(c, next)));
  app.use('*', async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('api-current-version', CW_VERSION.apiVersion);
    headers.set('x-cw-request-id', crypto.randomUUID());
    headers.set('x-server-name', 'SIM-CW-API01');
    headers.set('Cache-Control', 'no-cache');
  });
  const faults = faultMiddleware(
    deps.faults,
    cwFaultRenderer(async (c: Context) => {
      const copy = new Request(c.req.raw);
      replayed.add(copy);
      return app.fetch(copy);
    }),
  );
  app.use('*', async (c, next) => (replayed.has(c.req.raw) ? next() : faults(c, next)));

  app.all('*', async (c) => {
    const path = c.req.path;
    try {
      const info = COMPANY_INFO.exec(path);
      if (info && c.req.method === 'GET') {
        return c.json(companyInfo(decodeURIComponent(info[1]!), deps.companyId, deps.companyName));
      }
      if (KEY_URL.test(path) && c.req.method === 'GET') {
        const key = deps.callbacks.keyById(c.req.query('id') ?? '', c.req.query('companyName') ?? '');
        if (!key) throw notFoundError('The signing key was not found.');
        return c.json({ signing_key: key.signingKey });
      }
      const api = API_PATH.exec(path);
      if (api) return handleApi(c, deps, api);
      throw endpointMissingError();
    } catch (error) {
      if (error instanceof CwHttpError) return errorResponse(error);
      throw error;
    }
  });
  return app;
}
