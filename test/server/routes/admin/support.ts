/**
 * An admin API under test: real libSQL, a real engine with an in-test template, the app's own error
 * handlers, and the admin routes mounted at /api/admin exactly as server/app.ts mounts them.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { openNodeDb } from '../../../../db/migrate.ts';
import type { AppEnv } from '../../../../server/app.ts';
import { DEFAULT_LIMITS, LimiterRegistry } from '../../../../server/connectors/limiter.ts';
import { noopRecorder } from '../../../../server/connectors/upstream.ts';
import type { Deps } from '../../../../server/deps.ts';
import { parseEnv } from '../../../../server/env.ts';
import { handleError, handleNotFound } from '../../../../server/http/error-handler.ts';
import { adminRoutes } from '../../../../server/routes/admin/index.ts';
import { createSecretBox, newSecretsKey } from '../../../../server/security/secrets.ts';
import { createServices } from '../../../../server/services.ts';
import type { Engine, Template } from '../../../../server/sync/engine/index.ts';
import { addTenant, type FakeClock, fakeClock, pagedTemplate } from '../../sync/engine/support.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on every field they use
export type LooseJson = any;

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface AdminHarness {
  db: Db;
  deps: Deps;
  engine: Engine;
  clock: FakeClock;
  template: ReturnType<typeof pagedTemplate>;
  /** Calls the app with the admin token (unless `token: null`) and parses JSON. */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string | null; raw?: string },
  ): Promise<{ status: number; body: LooseJson; headers: Headers }>;
  close(): void;
}

export async function adminHarness(opts: { templates?: Template[] } = {}): Promise<AdminHarness> {
  const db = await openNodeDb(':memory:');
  const clock = fakeClock('2026-03-02T12:00:00.000Z');
  const template = pagedTemplate({
    pages: 3,
    settingsSchema: z.object({ label: z.string().default('default'), cap: z.number().int().max(20_000).default(100) }),
  });
  const deps: Deps = {
    env: parseEnv({}),
    db,
    secrets: await createSecretBox(newSecretsKey()),
    sessionSecret: 'session-secret-for-tests',
    adminToken: ADMIN_TOKEN,
    version: 'test',
    now: clock.now,
    fetch: globalThis.fetch,
    recorder: noopRecorder,
    limiters: new LimiterRegistry(DEFAULT_LIMITS),
    simulatorScreenOrigins: [],
  };
  const services = createServices(deps, {
    templates: opts.templates ?? [template],
    engine: { startOnRequest: false, intake: { wakeTimers: false } },
  });
  const { engine } = services;
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('services', services);
    await next();
  });
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/api/admin', adminRoutes());
  await addTenant(db, 'acme', 'America/New_York');
  await addTenant(db, 'globex', 'Europe/Amsterdam');

  return {
    db,
    deps,
    engine,
    clock,
    template,
    async call(method, path, { body, token = ADMIN_TOKEN, raw } = {}) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(path, {
        method,
        headers,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    close: () => db.$client.close(),
  };
}
