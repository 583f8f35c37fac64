/**
 * `/api/reference`: every HTTP route this server answers under /api, read from the app itself (so it can never
 * list a route that does not exist), grouped by who may call it, with where each group is documented.
 */
import type { Context, Hono } from 'hono';
import { inspectRoutes } from 'hono/dev';
import { html } from 'hono/html';
import type { AppEnv } from '../app.ts';
import { page } from './layout.ts';

interface Group {
  prefix: string;
  title: string;
  who: string;
  docs: string;
}

/** Longest prefix first: `/api/admin` before `/api`. */
const GROUPS: Group[] = [
  { prefix: '/api/health', title: 'Health', who: 'anyone', docs: 'docs/api.md' },
  {
    prefix: '/api/session',
    title: 'Pod sign-in',
    who: 'the pod, with ConnectWise member authentication',
    docs: 'docs/api.md',
  },
  { prefix: '/api/pod', title: 'Pod', who: 'the pod, with its session token', docs: 'docs/api.md' },
  {
    prefix: '/api/admin',
    title: 'Administration',
    who: 'administrators and the tds-bridge CLI, with the admin token (Authorization: Bearer)',
    docs: 'docs/api.md, docs/setup-api.md',
  },
  {
    prefix: '/api/callbacks',
    title: 'ConnectWise callbacks',
    who: 'ConnectWise, signed with its callback key',
    docs: 'docs/setup-api.md',
  },
  { prefix: '/api', title: 'Other', who: 'see the documentation', docs: 'docs/api.md' },
];

export function apiReferencePage(app: Hono<AppEnv>) {
  return (c: Context<AppEnv>) => {
    c.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'");
    const seen = new Set<string>();
    const routes = inspectRoutes(app).filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (r.isMiddleware || r.method === 'ALL' || !r.path.startsWith('/api') || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const groups = GROUPS.map((g, i) => ({
      ...g,
      routes: routes.filter(
        (r) => r.path.startsWith(g.prefix) && !GROUPS.slice(0, i).some((earlier) => r.path.startsWith(earlier.prefix)),
      ),
    })).filter((g) => g.routes.length > 0);
    return c.html(
      page(
        'tds-bridge API reference',
        html`
          <p><a href="/">← tds-bridge tour</a></p>
          <h1>API reference <small>${c.var.deps.version}</small></h1>
          <p class="lead">
            Every route this server answers, read from the running server. Requests and answers are JSON; errors are
            <code>{"error":{"code","message","details"}}</code> with a stable snake_case <code>code</code>. Each route's
            body, answer and errors are described in the repository's <code>docs/api.md</code> and
            <code>docs/setup-api.md</code>; the command line <code>npx tds-bridge --help</code> calls the same routes.
          </p>
          ${
            routes.some((r) => r.path === '/api/admin/openapi.json')
              ? html`<p>The administration API is also described as OpenAPI 3.1 at <code>GET /api/admin/openapi.json</code>
                  (with the admin token), generated from the same schemas the routes validate with.</p>`
              : ''
          }
          ${groups.map(
            (g) => html`<section>
              <h2>${g.title} <small>${g.prefix}</small></h2>
              <p><small>Who calls it: ${g.who}. Documented in <code>${g.docs}</code>.</small></p>
              <table>
                <tbody>
                  ${g.routes.map((r) => html`<tr><td><code>${r.method}</code></td><td><code>${r.path}</code></td></tr>`)}
                </tbody>
              </table>
            </section>`,
          )}
        `,
      ),
    );
  };
}
