/**
 * `POST /api/session`: the pod sends the member authentication its host gave it; we find the tenant
 * by ConnectWise company, ask that tenant's ConnectWise who the member is (cookie auth on
 * /system/myMembers/info), and answer with a short-lived session token. `requireSession` guards the rest.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { MemberCache } from '../auth/member-cache.ts';
import { issueSessionToken, readSessionToken } from '../auth/session-token.ts';
import type { Deps } from '../deps.ts';
import { AppError, badRequest, unauthorized } from '../errors.ts';
import { verifyMemberForTenant } from '../tenants/cw-clients.ts';
import { findTenantsByCompany, siteOrigin } from '../tenants/tenant-repo.ts';
import type { SessionResponse } from '../wire/session.ts';

const SessionRequest = z.object({
  memberAuthentication: z.object({
    site: z.string().min(1),
    companyid: z.string().min(1),
    memberid: z.string().min(1),
    memberHash: z.string().min(1),
    memberContext: z.string().default('web'),
    memberEmail: z.string().optional(),
    codeBase: z.string().optional(),
  }),
  screen: z.string().optional(),
  recordId: z.number().int().nullable().optional(),
});

const memberCaches = new WeakMap<Deps, MemberCache>();
function memberCacheFor(deps: Deps): MemberCache {
  let cache = memberCaches.get(deps);
  if (!cache) {
    cache = new MemberCache();
    memberCaches.set(deps, cache);
  }
  return cache;
}

export function sessionRoutes() {
  return new Hono<AppEnv>().post('/', async (c) => {
    const deps = c.var.deps;
    const parsed = SessionRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      throw badRequest(
        'invalid_session_request',
        'Send the member authentication ConnectWise gave the pod.',
        parsed.error.issues,
      );
    }
    const auth = parsed.data.memberAuthentication;
    const candidates = await findTenantsByCompany(deps.db, auth.companyid);
    const tenant =
      candidates.find((t) => siteOrigin(t.cwSite) === siteOrigin(auth.site)) ??
      (candidates.length === 1 ? candidates[0] : undefined);
    if (!tenant) {
      throw new AppError(
        'tenant_not_connected',
        `ConnectWise company "${auth.companyid}" is not connected to tds-bridge. An administrator connects it in the tds-bridge console.`,
        { status: 403 },
      );
    }
    if (siteOrigin(tenant.cwSite) !== siteOrigin(auth.site)) {
      throw new AppError(
        'member_not_verified',
        `This pod was opened from ${siteOrigin(auth.site)}, but ${tenant.name} is connected to ${siteOrigin(tenant.cwSite)}. Open ConnectWise at its usual address.`,
        { status: 403 },
      );
    }
    const cache = memberCacheFor(deps);
    const cacheKey = await cache.key(tenant.id, auth);
    const nowMs = deps.now().getTime();
    let member = cache.get(cacheKey, nowMs);
    if (!member) {
      member = await verifyMemberForTenant(deps, tenant.id, auth);
      cache.set(cacheKey, member, nowMs);
    }
    const name =
      member.fullName ?? ([member.firstName, member.lastName].filter(Boolean).join(' ') || member.identifier);
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
    return c.json(body, 201);
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
