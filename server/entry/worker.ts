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
import { attachEngine, createEngine, engineOf } from '../sync/engine/index.ts';
import { templates } from '../sync/templates/index.ts';

interface WorkerBindings {
  ASSETS?: Fetcher;
  [key: string]: unknown;
}

const VERSION = '0.1.0';

let cached: { key: string; deps: Promise<{ deps: Deps; app: ReturnType<typeof createApp> }> } | undefined;

/** One set of dependencies per isolate (rebuilt only if the bindings change). */
function setup(bindings: WorkerBindings) {
  const key = `${String(bindings.DATABASE_URL)}|${String(bindings.SECRETS_KEY)}`;
  if (cached?.key === key) return cached.deps;
  const deps = (async () => {
    const env = parseEnv({ ...bindings, SIMULATORS: 'off' });
    if (!env.SECRETS_KEY || !env.ADMIN_TOKEN) {
      throw new Error('Set the SECRETS_KEY and ADMIN_TOKEN secrets (wrangler secret put …) before deploying.');
    }
    if (env.DATABASE_URL.startsWith('file:')) {
      throw new Error('DATABASE_URL must be a remote libSQL URL (libsql://… or https://…) on Workers.');
    }
    const db = openWebDb(env.DATABASE_URL, env.LIBSQL_AUTH_TOKEN);
    const assets = bindings.ASSETS;
    const built: Deps = {
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
    // A cron invocation is short: ~20 s of steps per tick, the rest continues on the next tick.
    attachEngine(
      built,
      createEngine({ db, templates: [...templates], deps: built, budgetMs: 20_000, maxConcurrentRuns: 2 }),
    );
    return { deps: built, app: createApp(built) };
  })();
  cached = { key, deps };
  return deps;
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    const { deps, app } = await setup(bindings);
    // Passing ctx lets routes keep work alive after the response (e.g. "run now" starts its run at once).
    const response = await app.fetch(request, bindings, ctx as unknown as HonoExecutionContext);
    // The isolate may freeze after responding: hand pending metric writes to waitUntil.
    ctx.waitUntil((deps.recorder as DbUpstreamRecorder).flush());
    return response;
  },

  async scheduled(_controller: ScheduledController, bindings: WorkerBindings, ctx: ExecutionContext): Promise<void> {
    const { deps } = await setup(bindings);
    ctx.waitUntil(engineOf(deps).tick());
    ctx.waitUntil((deps.recorder as DbUpstreamRecorder).flush());
  },
};
