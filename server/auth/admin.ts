/**
 * Who may use /api/admin: the admin bearer token (CLI, scripts), a named operator's console session
 * (every tenant) and a ConnectWise member's pod session of a role the tenant allows (that tenant only;
 * resolvers in server/console/principals.ts). Routes ask `assertTenantAccess` rather than assuming "admin".
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app.ts';
import { memberSessionResolver, operatorSessionResolver } from '../console/principals.ts';
import { AppError, envelope } from '../errors.ts';

export interface AdminPrincipal {
  kind: 'admin_token' | 'operator_session' | 'member_session';
  /** Recorded as `requested_by` / audit actor. */
  actor: string;
  /** Tenants this principal may see and change. */
  tenants: 'all' | readonly string[];
}

export type AdminEnv = { Variables: AppEnv['Variables'] & { principal: AdminPrincipal } };

/**
 * Returns a principal when the request carries a credential this resolver accepts, `null` when the
 * credential is not of its kind (the next resolver is asked).
 */
export type PrincipalResolver = (c: Context<AppEnv>) => Promise<AdminPrincipal | null>;

const WHERE_IS_THE_TOKEN =
  'The server prints the admin token when it first starts and keeps it in data/admin-token beside its database; ' +
  'or set it with the ADMIN_TOKEN environment variable (a secret on Cloudflare Workers).';

function bearer(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}

/** Equal strings, compared in time that does not depend on where they differ (hashing first equalises length). */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encode = (s: string) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  const [a, b] = await Promise.all([encode(given), encode(expected)]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0 && expected.length > 0;
}

export const adminTokenResolver: PrincipalResolver = async (c) => {
  const token = bearer(c);
  if (!token) return null;
  return (await sameSecret(token, c.var.deps.adminToken))
    ? { kind: 'admin_token', actor: 'admin', tenants: 'all' }
    : null;
};

/**
 * Requires a principal from one of the resolvers; otherwise 401 with `admin_token_required` (nothing
 * sent) or `admin_token_invalid` (something sent, nobody accepted it).
 * @example app.use('*', requireAdmin())
 */
export function requireAdmin(
  resolvers: PrincipalResolver[] = [adminTokenResolver, operatorSessionResolver, memberSessionResolver],
): MiddlewareHandler<AdminEnv> {
  return async function requireAdminAuth(c, next) {
    for (const resolve of resolvers) {
      const principal = await resolve(c as unknown as Context<AppEnv>);
      if (principal) {
        c.set('principal', principal);
        await next();
        return;
      }
    }
    const sent = Boolean(c.req.header('authorization'));
    const body = sent
      ? envelope('admin_token_invalid', `That admin token is not valid. ${WHERE_IS_THE_TOKEN}`)
      : envelope(
          'admin_token_required',
          `This needs the admin token: send "Authorization: Bearer <token>". ${WHERE_IS_THE_TOKEN}`,
        );
    return c.json(body, 401, { 'WWW-Authenticate': 'Bearer realm="tds-bridge admin"' });
  };
}

/** Throws 404 (not 403: a scoped principal must not learn which other tenants exist). */
export function assertTenantAccess(principal: AdminPrincipal, tenantId: string): void {
  if (principal.tenants === 'all' || principal.tenants.includes(tenantId)) return;
  throw new AppError('tenant_not_found', `There is no tenant "${tenantId}".`, { status: 404 });
}
