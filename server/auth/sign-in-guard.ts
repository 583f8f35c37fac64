/**
 * Bounds on pod sign-in (`POST /api/session`), the one route that makes ConnectWise calls without any
 * credential of ours: attempts per IP, ConnectWise verifications per tenant, and refusals per IP (an IP
 * refused too often waits out the window without costing ConnectWise a call). Every 401/403 is written to
 * `sign_in_refusals` (never the member hash) and logged as one JSON line, so the console can count them.
 */
import { and, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { signInRefusals } from '../../db/schema/security.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { hit, peek, type RateRule } from '../security/rate-limit.ts';

export const SIGN_IN_LIMITS = {
  /** Every sign-in from one address (an office behind one NAT opens many pods). */
  perIp: { scope: 'signin:ip', limit: 120, windowMs: 60_000 },
  /** Sign-ins of one tenant that need a ConnectWise call (cache misses). */
  perTenant: { scope: 'signin:tenant', limit: 600, windowMs: 60_000 },
  /** Refused sign-ins (401/403) from one address before it waits out the window. */
  refusalsPerIp: { scope: 'signin-refused:ip', limit: 30, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateRule>;

function tooMany(verdictMs: number, what: string): AppError {
  return new AppError('too_many_sign_ins', `Too many sign-in attempts ${what}; try again in a minute or two.`, {
    status: 429,
    retryAfterMs: verdictMs,
    details: { retryAfterSeconds: Math.ceil(verdictMs / 1000) },
  });
}

/** Before anything else: refuses an address over its attempt or refusal limit. */
export async function admitSignIn(deps: Pick<Deps, 'db' | 'now'>, ip: string): Promise<void> {
  const now = deps.now();
  const refused = await peek(deps.db, SIGN_IN_LIMITS.refusalsPerIp, ip, now);
  if (!refused.allowed) throw tooMany(refused.retryAfterMs, 'were refused from this address');
  const attempts = await hit(deps.db, SIGN_IN_LIMITS.perIp, ip, now);
  if (!attempts.allowed) throw tooMany(attempts.retryAfterMs, 'from this address');
}

/** Before a ConnectWise verification: the tenant's budget of upstream checks. */
export async function admitVerification(deps: Pick<Deps, 'db' | 'now'>, tenantId: string): Promise<void> {
  const verdict = await hit(deps.db, SIGN_IN_LIMITS.perTenant, tenantId, deps.now());
  if (!verdict.allowed) throw tooMany(verdict.retryAfterMs, 'for this ConnectWise company');
}

export interface RefusalRecord {
  ip: string;
  status: number;
  code: string;
  tenantId?: string;
  companyId?: string;
  memberId?: string;
}

const KEEP_REFUSALS_MS = 90 * 86_400_000;

const cut = (value: string | undefined) => (value === undefined ? null : value.slice(0, 80));

/** Writes down and logs a refused sign-in, and counts it against the address. */
export async function recordRefusal(deps: Pick<Deps, 'db' | 'now'>, refusal: RefusalRecord): Promise<void> {
  const now = deps.now();
  const row = {
    at: now.toISOString(),
    tenantId: refusal.tenantId ?? null,
    ip: refusal.ip,
    status: refusal.status,
    code: refusal.code,
    companyId: cut(refusal.companyId),
    memberId: cut(refusal.memberId),
  };
  await deps.db.insert(signInRefusals).values(row);
  // Kept 90 days: enough for the console's trends, bounded whatever a flood writes.
  await deps.db
    .delete(signInRefusals)
    .where(lt(signInRefusals.at, new Date(now.getTime() - KEEP_REFUSALS_MS).toISOString()));
  await hit(deps.db, SIGN_IN_LIMITS.refusalsPerIp, refusal.ip, now);
  console.warn(JSON.stringify({ level: 'warn', msg: 'sign-in refused', ...row }));
}

/** Refused sign-ins since `since`, per tenant (null = no tenant matched) and code: what the console shows. */
export async function refusalCounts(db: Db, since: Date) {
  return db
    .select({
      tenantId: signInRefusals.tenantId,
      status: signInRefusals.status,
      code: signInRefusals.code,
      count: sql<number>`count(*)`.mapWith(Number),
      last: sql<string>`max(${signInRefusals.at})`,
    })
    .from(signInRefusals)
    .where(and(gte(signInRefusals.at, since.toISOString())))
    .groupBy(signInRefusals.tenantId, signInRefusals.status, signInRefusals.code);
}
