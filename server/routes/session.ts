/**
 * `POST /api/session`: the pod sends the member authentication its host gave it; we find the tenant
 * by ConnectWise company, ask that tenant's ConnectWise who the member is (cookie auth on
 * /system/myMembers/info), and answer with a short-lived session token. `requireSession` guards the rest.
 * Attempts are rate-limited and refusals recorded (server/auth/sign-in-guard.ts).
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { issueSessionToken, readSessionToken } from '../auth/session-token.ts';
import { admitSignIn, admitVerification, recordRefusal } from '../auth/sign-in-guard.ts';
import { AppError, badRequest, unauthorized } from '../errors.ts';
import { clientIp } from '../http/client-ip.ts';
import { safeText } from '../http/input.ts';
import { verifyMemberForTenant } from '../tenants/cw-clients.ts';
import { findTenantsByCompany, siteOrigin } from '../tenants/tenant-repo.ts';
import type { SessionResponse } from '../wire/session.ts';

// Every field reaches a ConnectWise cookie or a database query: bounded, well-formed (no lone surrogates,
// which make encodeURIComponent throw) and free of control characters, or the request is a 400.
const SessionRequest = z.object({
  memberAuthentication: z.object({
    site: safeText(2048).pipe(z.string().min(1)),
    companyid: safeText(100).pipe(z.string().min(1)),
    memberid: safeText(100).pipe(z.string().min(1)),
    memberHash: safeText(1024).pipe(z.string().min(1)),
    memberContext: safeText(100).default('web'),
    memberEmail: safeText(320).optional(),
    codeBase: safeText(100).optional(),
  }),
  screen: safeText(40).optional(),
  recordId: z.number().int().nullable().optional(),
});
type MemberAuth = z.output<typeof SessionRequest>['memberAuthentication'];

/**
 * Unknown company and wrong site get the same answer, naming only what the pod sent: a stranger learns
 * nothing about which companies are connected or where.
 */
function notConnected(auth: MemberAuth): AppError {
  return new AppError(
    'tenant_not_connected',
    `ConnectWise company "${auth.companyid}" at ${siteOrigin(auth.site)} is not connected to tds-bridge, so the pod cannot sign you in. Ask the administrator who runs tds-bridge for your company to connect it (connect, test and activate, as docs/go-live.md describes).`,
    { status: 403 },
  );
}

async function signIn(c: Context<AppEnv>, auth: MemberAuth, onTenant: (id: string) => void) {
  const deps = c.var.deps;
  const candidates = await findTenantsByCompany(deps.db, auth.companyid);
  const tenant = candidates.find((t) => siteOrigin(t.cwSite) === siteOrigin(auth.site));
  if (!tenant) throw notConnected(auth);
  onTenant(tenant.id);
  const cache = c.var.services.members;
  const cacheKey = await cache.key(tenant.id, auth);
  let member = cache.get(cacheKey, deps.now().getTime());
  if (!member) {
    await admitVerification(deps, tenant.id);
    member = await verifyMemberForTenant(deps, tenant.id, auth);
    cache.set(cacheKey, member, deps.now().getTime());
  }
  const name = member.fullName ?? ([member.firstName, member.lastName].filter(Boolean).join(' ') || member.identifier);
  const { token, expiresAt } = await issueSessionToken(
    { tid: tenant.id, sub: member.identifier, mid: member.id, name },
    deps.sessionSecret,
    deps.env.SESSION_TTL_SECONDS,
    deps.now(),
  );
  const body: SessionResponse = {
    token,
    expiresAt,
    member: { identifier: member.identifier, name, ...(member.email ? { email: member.email } : {}) },
    tenant: { id: tenant.id, name: tenant.name },
  };
  return body;
}

export function sessionRoutes() {
  return new Hono<AppEnv>().post('/', async (c) => {
    const deps = c.var.deps;
    const ip = clientIp(c);
    await admitSignIn(deps, ip);
    const parsed = SessionRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      throw badRequest(
        'invalid_session_request',
        'Send the member authentication ConnectWise gave the pod.',
        parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      );
    }
    const auth = parsed.data.memberAuthentication;
    let tenantId: string | undefined;
    try {
      return c.json(
        await signIn(c, auth, (id) => {
          tenantId = id;
        }),
        201,
      );
    } catch (error) {
      if (error instanceof AppError && (error.status === 401 || error.status === 403)) {
        await recordRefusal(deps, {
          ip,
          status: error.status,
          code: error.code,
          tenantId,
          companyId: auth.companyid,
          memberId: auth.memberid,
        });
      }
      throw error;
    }
  });
}

export const requireSession: MiddlewareHandler<AppEnv> = async function requireSession(c, next) {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) {
    throw unauthorized(
      'session_required',
      'Open this from the tds-bridge pod in ConnectWise; the API needs a session token.',
    );
  }
  c.set('session', await readSessionToken(match[1], c.var.deps.sessionSecret));
  await next();
};
