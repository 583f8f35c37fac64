/**
 * Serves the built pod. The HTML gets the allowed host origins injected (the pod checks every
 * postMessage against them) and a CSP whose frame-ancestors lists exactly the tenants' ConnectWise
 * origins (plus the simulated screens while simulators run). No X-Frame-Options: it would stop ConnectWise.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { tenants } from '../../db/schema/index.ts';
import type { AppEnv } from '../app.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';

export async function allowedHostOrigins(deps: Deps): Promise<string[]> {
  const rows = await deps.db.select({ podOrigins: tenants.podOrigins }).from(tenants);
  const origins = new Set<string>(deps.simulatorScreenOrigins);
  for (const row of rows) for (const origin of row.podOrigins) origins.add(origin);
  return [...origins].sort();
}

export function podCsp(frameAncestors: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

async function servePod(c: Context<AppEnv>): Promise<Response> {
  const deps = c.var.deps;
  const file = await deps.assets?.('/pod/index.html');
  if (!file?.ok) {
    throw new AppError(
      'pod_not_built',
      'The pod has not been built; run `npm run build` (npm start does it for you).',
      {
        status: 503,
      },
    );
  }
  const origins = await allowedHostOrigins(deps);
  const config = JSON.stringify({ allowedHostOrigins: origins, version: deps.version }).replace(/</g, '\\u003c');
  const html = (await file.text()).replace(
    '<!--pod-config-->',
    `<script type="application/json" id="pod-config">${config}</script>`,
  );
  c.header('Content-Security-Policy', podCsp(origins));
  c.header('Cache-Control', 'no-store');
  return c.html(html);
}

export function podPageRoutes() {
  return new Hono<AppEnv>().get('/', servePod).get('/index.html', servePod);
}

/** Hashed build output: immutable, cacheable forever. */
export function assetRoutes() {
  return new Hono<AppEnv>().get('/*', async (c) => {
    const file = await c.var.deps.assets?.(c.req.path);
    if (!file?.ok) return c.json({ error: { code: 'not_found', message: `No asset at ${c.req.path}.` } }, 404);
    const headers = new Headers(file.headers);
    headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    return new Response(file.body, { status: 200, headers });
  });
}
