/**
 * `/console`: the operations console page (its own Vite entry, pod/console/), the sign-in page a one-time
 * link opens, the exchange for an HttpOnly SameSite=Strict session cookie, and sign-out. The console's data
 * comes from the admin API only.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { sameSecret } from '../auth/admin.ts';
import { AppError, envelope } from '../errors.ts';
import { page } from '../pages/layout.ts';
import { allowedHostOrigins, podCsp } from '../pages/pod-page.ts';
import {
  createConsoleSession,
  endConsoleSession,
  noteSignInFailure,
  peekSignInLink,
  redeemSignInLink,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  signInLocked,
} from './sessions.ts';

const PAGE_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const SignInForm = z.union([
  z.object({ token: z.string().min(10).max(200) }),
  z.object({ adminToken: z.string().min(1).max(500) }),
]);

function secureCookie(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

async function serveConsole(c: Context<AppEnv>): Promise<Response> {
  const deps = c.var.deps;
  const file = await deps.assets?.('/pod/console/index.html');
  if (!file?.ok) {
    throw new AppError(
      'console_not_built',
      'The console has not been built; run `npm run build` (npm start does it).',
      {
        status: 503,
      },
    );
  }
  // Standalone (no `tenant`), nobody may frame it. In a ConnectWise Tab the registered URL names the tenant
  // (server/activation/console-tab.ts): framed by that tenant's pod origins only, exactly the pod page's rule,
  // and those origins go into the page for the Hosted API bridge to check every message against.
  const tenantId = c.req.query('tenant');
  const origins = tenantId === undefined ? [] : await allowedHostOrigins(deps, tenantId);
  const config = JSON.stringify({ allowedHostOrigins: origins, version: deps.version }).replace(/</g, '\\u003c');
  const page = (await file.text()).replace(
    '<!--pod-config-->',
    tenantId === undefined ? '' : `<script type="application/json" id="pod-config">${config}</script>`,
  );
  c.header('Content-Security-Policy', podCsp(origins, { formAction: "'self'" }));
  c.header('Cache-Control', 'no-store');
  return c.html(page);
}

function signInPage(
  c: Context<AppEnv>,
  opts: { operator?: string; token?: string; problem?: string },
  status: 200 | 401 | 410 | 429 = 200,
) {
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(
    page(
      'Sign in · tds-bridge console',
      html`<main>
        <h1>tds-bridge console</h1>
        ${opts.problem ? html`<p role="alert"><strong>${opts.problem}</strong></p>` : ''}
        ${
          opts.operator && opts.token
            ? html`<form method="post" action="/console/sign-in">
                <input type="hidden" name="token" value="${opts.token}" />
                <p>This one-time link signs you in as <strong>${opts.operator}</strong>.</p>
                <button type="submit">Sign in as ${opts.operator}</button>
              </form>`
            : html`<p>Ask for a sign-in link: on the server, run <code>npx tds-bridge console --as "Your Name"</code>.</p>`
        }
        <h2>Or use the admin token</h2>
        <form method="post" action="/console/sign-in">
          <label for="admin-token">Admin token</label>
          <input id="admin-token" name="adminToken" type="password" autocomplete="off" required />
          <button type="submit">Sign in</button>
        </form>
      </main>`,
    ),
    status,
  );
}

export function consoleRoutes() {
  return new Hono<AppEnv>({ strict: false })
    .get('/sign-in', async (c) => {
      const token = c.req.query('token');
      if (!token) return signInPage(c, {});
      const link = await peekSignInLink(c.var.deps.db, token, c.var.deps.now());
      if (!link)
        return signInPage(c, { problem: 'This sign-in link was already used or has expired; ask for a new one.' }, 410);
      return signInPage(c, { operator: link.operator, token });
    })
    .post(
      '/sign-in',
      bodyLimit({ maxSize: 4096, onError: (c) => c.json(envelope('body_too_large', 'Too much.'), 413) }),
      async (c) => {
        const { db, now } = c.var.deps;
        if (await signInLocked(db, now())) {
          c.header('Retry-After', '60');
          return signInPage(c, { problem: 'Too many failed sign-ins; wait a minute and try again.' }, 429);
        }
        const parsed = SignInForm.safeParse(
          Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)])),
        );
        let actor: string | undefined;
        if (parsed.success && 'token' in parsed.data) {
          const link = await redeemSignInLink(db, parsed.data.token, now());
          if (link) actor = `operator:${link.operator}`;
        } else if (
          parsed.success &&
          'adminToken' in parsed.data &&
          (await sameSecret(parsed.data.adminToken, c.var.deps.adminToken))
        ) {
          actor = 'admin';
        }
        if (!actor) {
          await noteSignInFailure(db, now());
          return signInPage(
            c,
            { problem: 'That link or admin token did not sign you in (a link works once, for 15 minutes).' },
            401,
          );
        }
        const session = await createConsoleSession(db, { actor, now: now() });
        setCookie(c, SESSION_COOKIE, session.cookie, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: secureCookie(c),
          path: '/',
          maxAge: Math.floor(SESSION_TTL_MS / 1000),
        });
        return c.redirect('/console/', 303);
      },
    )
    .post('/sign-out', async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await endConsoleSession(c.var.deps.db, cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/console/sign-in', 303);
    })
    .get('/', serveConsole)
    .get('/index.html', serveConsole);
}
