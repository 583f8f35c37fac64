/**
 * Serves the built pod. The HTML gets the allowed host origins injected (the pod checks every
 * postMessage against them) and a CSP whose frame-ancestors lists exactly the requesting tenant's
 * ConnectWise origins: the registered pod URL carries `tenant=` (server/activation/hosted-setups.ts).
 * Without it only the simulated screens (while simulators run) may frame the pod. No X-Frame-Options:
 * it would stop ConnectWise. Assets are served only from the build's assets folder, never the pod page.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { isPodOrigin } from '../setup/connection-schemas.ts';
import { getTenant } from '../tenants/tenant-repo.ts';

const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** The origins that may frame the pod for `tenantId` (stored origins re-checked: they go into a header). */
export async function allowedHostOrigins(deps: Deps, tenantId: string | undefined): Promise<string[]> {
  if (tenantId === undefined) return [...deps.simulatorScreenOrigins].sort();
  if (!TENANT_ID.test(tenantId)) return [];
  const tenant = await getTenant(deps.db, tenantId);
  if (!tenant) return [];
  const origins = tenant.podOrigins.filter(isPodOrigin).map((o) => o.replace(/\/$/, ''));
  return [...new Set(origins)].sort();
}

/** `formAction`: the pod posts no form; the console's sign-out is a same-origin form (`'self'`). */
export function podCsp(frameAncestors: string[], opts: { formAction?: "'none'" | "'self'" } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    `form-action ${opts.formAction ?? "'none'"}`,
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
  const origins = await allowedHostOrigins(deps, c.req.query('tenant'));
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

// The build's two hashed-asset folders: the pod's (`/assets`) and the console's (`/console-assets`).
const ASSET_PATH = /^\/(?:assets|console-assets)(\/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199})+$/;

/** The decoded path when it names a file inside the build's assets folder (no traversal, no pod page). */
export function assetPath(rawPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!ASSET_PATH.test(path) || path.split('/').some((segment) => segment === '..' || segment === '.')) {
    return undefined;
  }
  return path;
}

/** Hashed build output: immutable, cacheable forever. */
export function assetRoutes() {
  return new Hono<AppEnv>().get('/*', async (c) => {
    const path = assetPath(c.req.path);
    const file = path ? await c.var.deps.assets?.(path) : null;
    if (!file?.ok) return c.json({ error: { code: 'not_found', message: 'No such asset.' } }, 404);
    const headers = new Headers(file.headers);
    headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    return new Response(file.body, { status: 200, headers });
  });
}
