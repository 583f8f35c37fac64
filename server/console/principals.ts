/**
 * The two console callers of the admin API besides the admin token: a named operator's console session
 * (cookie from a one-time link; every tenant) and a ConnectWise member's pod session (bearer) whose
 * security role the tenant allows (that tenant only). Each resolver answers null for credentials not of its kind.
 */
import { eq } from 'drizzle-orm';
import { getCookie } from 'hono/cookie';
import { consoleRoleGrants } from '../../db/schema/console.ts';
import type { PrincipalResolver } from '../auth/admin.ts';
import { readSessionToken } from '../auth/session-token.ts';
import { AppError } from '../errors.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import { findConsoleSession, SESSION_COOKIE } from './sessions.ts';

/** Header the console sends on every change; a cross-site form cannot, so cookie sessions need it on writes. */
export const CONSOLE_HEADER = 'x-tds-bridge-console';

export const operatorSessionResolver: PrincipalResolver = async (c) => {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie || c.req.header('authorization')) return null;
  const session = await findConsoleSession(c.var.deps.db, cookie, c.var.deps.now());
  if (!session) return null;
  if (!['GET', 'HEAD'].includes(c.req.method) && !c.req.header(CONSOLE_HEADER)) {
    throw new AppError('console_header_required', `Changes from the console must carry the ${CONSOLE_HEADER} header.`, {
      status: 403,
    });
  }
  return { kind: 'operator_session', actor: session.actor, tenants: 'all' };
};

/** The role names the tenant lets into its console, as an operator wrote them; empty when it allows none. */
export async function allowedConsoleRoles(c: Parameters<PrincipalResolver>[0], tenantId: string): Promise<string[]> {
  const [row] = await c.var.deps.db
    .select({ roles: consoleRoleGrants.roles })
    .from(consoleRoleGrants)
    .where(eq(consoleRoleGrants.tenantId, tenantId));
  return row?.roles ?? [];
}

/**
 * The refusal a member sees (in the console Tab too): which roles may open the console and who decides. The
 * member is verified and of this tenant, so naming the tenant's allowed roles tells a stranger nothing.
 */
function roleRefused(name: string, role: string | undefined, allowed: string[]): AppError {
  const yours = role ? `Your ConnectWise security role (${role})` : `${name}'s ConnectWise security role`;
  const who =
    allowed.length === 0
      ? 'No security role may open the tds-bridge console of this company yet.'
      : `Only members of ${allowed.length === 1 ? 'the security role' : 'these security roles'} ${allowed.map((r) => `"${r}"`).join(', ')} may open it.`;
  return new AppError(
    'console_role_not_allowed',
    `${yours} may not open the tds-bridge console of this company. ${who} The tds-bridge operator sets which roles may, in the console under Setup → Console access (the console's role grants).`,
    { status: 403, details: { role: role ?? null, allowedRoles: allowed } },
  );
}

/** The member's security role from ConnectWise, remembered a minute (the console asks every few seconds). */
async function memberRole(
  c: Parameters<PrincipalResolver>[0],
  member: { tenantId: string; memberRecId: number },
): Promise<string | null> {
  const cache = c.var.services.memberRoles;
  const now = c.var.deps.now().getTime();
  const known = cache.get(member, now);
  if (known !== undefined) return known;
  const cw = await cwClientFor(c.var.deps, member.tenantId);
  const row = await cw.get('system/members', member.memberRecId, { fields: 'id,securityRole' });
  const role = row.securityRole?.name ?? null;
  cache.set(member, role, now);
  return role;
}

export const memberSessionResolver: PrincipalResolver = async (c) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  // Pod session tokens are JWTs (three dot-separated parts); the admin token is not.
  const token = match?.[1];
  if (token?.split('.').length !== 3) return null;
  const claims = await readSessionToken(token, c.var.deps.sessionSecret).catch(() => null);
  if (!claims) return null;
  const allowed = await allowedConsoleRoles(c, claims.tid);
  if (allowed.length === 0 || claims.mid === undefined) throw roleRefused(claims.name, undefined, allowed);
  const role = (await memberRole(c, { tenantId: claims.tid, memberRecId: claims.mid })) ?? undefined;
  if (!role || !allowed.some((r) => r.toLowerCase() === role.toLowerCase())) {
    throw roleRefused(claims.name, role, allowed);
  }
  return { kind: 'member_session', actor: `member:${claims.sub}`, tenants: [claims.tid] };
};
