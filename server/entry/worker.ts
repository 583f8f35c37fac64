/**
 * Cloudflare Workers entry: the same app over libSQL on HTTP (Turso), static pod files from the ASSETS
 * binding, and the cron trigger. No simulators and no filesystem here; migrations run from Node
 * (`npm run db:migrate`) before deploying.
 */
import type { ExecutionContext, Fetcher, ScheduledController } from '@cloudflare/workers-types/index';
import type { ExecutionContext as HonoExecutionContext } from 'hono';
import { openWebDb } from '../../db/client.ts';
import { createApp } from '../app.ts';
import { DEFAULT_LIMITS, LimiterRegistry } from '../connectors/limiter.ts';
import type { Deps } from '../deps.ts';
import { parseEnv } from '../env.ts';
import { DbUpstreamRecorder } from '../metrics/upstream-recorder.ts';
import { createSecretBox, deriveSigningSecret } from '../security/secrets.ts';
import { createServices, type Services } from '../services.ts';

interface WorkerBindings {
  ASSETS?: Fetcher;
  [key: string]: unknown;
}

const VERSION = '0.1.0';

/**
 * The isolate's services and app, rebuilt only if the bindings change. A per-isolate cache: everything that
 * coordinates isolates (leases, intake, claims) is in libSQL, so a second isolate with its own copy is harmless.
 */
let cached: { key: string; built: Promise<{ services: Services; app: ReturnType<typeof createApp> }> } | undefined;

function setup(bindings: WorkerBindings) {
  const key = `${String(bindings.DATABASE_URL)}|${String(bindings.SECRETS_KEY)}`;
  if (cached?.key === key) return cached.built;
  const built = (async () => {
    const env = parseEnv({ ...bindings, SIMULATORS: 'off' });
    if (!env.SECRETS_KEY || !env.ADMIN_TOKEN) {
      throw new Error('Set the SECRETS_KEY and ADMIN_TOKEN secrets (wrangler secret put …) before deploying.');
    }
    if (env.DATABASE_URL.startsWith('file:')) {
      throw new Error('DATABASE_URL must be a remote libSQL URL (libsql://… or https://…) on Workers.');
    }
    const db = openWebDb(env.DATABASE_URL, env.LIBSQL_AUTH_TOKEN);
    const assets = bindings.ASSETS;
    const deps: Deps = {
      env,
      db,
      secrets: await createSecretBox(env.SECRETS_KEY),
      sessionSecret: await deriveSigningSecret(env.SECRETS_KEY, 'session'),
      adminToken: env.ADMIN_TOKEN,
      version: VERSION,
      now: () => new Date(),
      fetch: (input, init) => fetch(input, init),
      recorder: new DbUpstreamRecorder(db),
      limiters: new LimiterRegistry(DEFAULT_LIMITS),
      assets: assets
        ? async (path) => {
            const response = await assets.fetch(`https://assets.invalid${path}`);
            return response.ok ? (response as unknown as Response) : null;
          }
        : undefined,
      simulatorScreenOrigins: [],
    };
    // A cron invocation is short: ~20 s of steps per tick, the rest continues on the next tick. Intake work is
    // drained by the accepting request's waitUntil; the cron tick is the safety net.
    const services = createServices(deps, { engine: { budgetMs: 20_000, maxConcurrentRuns: 2 } });
    return { services, app: createApp(services) };
  })();
  cached = { key, built };
  return built;
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    const { services, app } = await setup(bindings);
    const { deps } = services;
    // Passing ctx lets routes keep work alive after the response (e.g. "run now" starts its run at once).
    const response = await app.fetch(request, bindings, ctx as unknown as HonoExecutionContext);
    // The isolate may freeze after responding: hand pending metric writes to waitUntil.
    ctx.waitUntil((deps.recorder as DbUpstreamRecorder).flush());
    return response;
  },

  async scheduled(_controller: ScheduledController, bindings: WorkerBindings, ctx: ExecutionContext): Promise<void> {
    const { services } = await setup(bindings);
    const { deps } = services;
    ctx.waitUntil(services.engine.tick());
    ctx.waitUntil((deps.recorder as DbUpstreamRecorder).flush());
  },
};
