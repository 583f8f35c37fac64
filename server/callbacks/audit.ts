/**
 * What is remembered about refused callbacks, in libSQL so every process and isolate sees it (shared_claims):
 * a per-tenant count of refusals in the last REFUSAL_WINDOW_MS — past FLOOD_LIMIT no unknown signing key is
 * fetched, so a flood of forged calls costs ConnectWise nothing — and key ids ConnectWise refused to serve.
 * Refusals go to the audit log and the Sync Activity Log at most once a minute per tenant, with the count.
 */
import { auditLog } from '../../db/schema/audit.ts';
import { countClaim, liveClaim, takeClaim } from '../coordination/claims.ts';
import type { Deps } from '../deps.ts';
import { createActivityWriter } from '../sync/engine/index.ts';
import { CALLBACK_TEMPLATE_ID } from './registry.ts';

export { CALLBACK_TEMPLATE_ID };

export const REFUSAL_WINDOW_MS = 10 * 60_000;
/** Refusals per tenant and window after which unknown signing keys are no longer fetched. */
export const FLOOD_LIMIT = 20;
const RECORD_INTERVAL_MS = 60_000;

type Db = Deps['db'];

/** True while the tenant's refusals in this window have reached FLOOD_LIMIT. */
export async function refusalFlood(db: Db, tenantId: string, now: Date): Promise<boolean> {
  const live = await liveClaim(db, { scope: 'callback-refusals', tenantId, subject: 'window' }, now);
  return (live?.hits ?? 0) >= FLOOD_LIMIT;
}

/** True when ConnectWise refused to serve this key id recently (it is not asked again). */
export async function keyRefused(db: Db, tenantId: string, keyId: string, now: Date): Promise<boolean> {
  return !!(await liveClaim(db, { scope: 'callback-refused-key', tenantId, subject: keyId }, now));
}

export async function rememberRefusedKey(db: Db, tenantId: string, keyId: string, now: Date): Promise<void> {
  await countClaim(db, { scope: 'callback-refused-key', tenantId, subject: keyId, now, ttlMs: REFUSAL_WINDOW_MS });
}

export async function recordCallbackRefusal(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { tenantId: string; code: string; message: string; forwardedFor: string | undefined },
): Promise<void> {
  const now = deps.now();
  const { tenantId } = input;
  const { hits } = await countClaim(deps.db, {
    scope: 'callback-refusals',
    tenantId,
    subject: 'window',
    now,
    ttlMs: REFUSAL_WINDOW_MS,
  });
  // One record a minute per tenant: the first process to take the claim writes it.
  const recorder = `record-${crypto.randomUUID()}`;
  const record = { scope: 'callback-refusal-record', tenantId, subject: 'last', holder: recorder, now };
  if (!(await takeClaim(deps.db, { ...record, ttlMs: RECORD_INTERVAL_MS }))) return;
  const details = {
    code: input.code,
    message: input.message,
    forwardedFor: input.forwardedFor,
    refusedInLast10Minutes: hits,
  };
  await deps.db.insert(auditLog).values({
    tenantId,
    at: now.toISOString(),
    actor: 'connectwise-callback',
    action: 'callback.refused',
    target: 'cw',
    details,
  });
  const log = createActivityWriter(deps.db, { tenantId, templateId: CALLBACK_TEMPLATE_ID }, deps.now);
  log.item.warn({
    code: 'callback_refused',
    message: `${input.message} If ConnectWise sent it, run activation again to re-register the callbacks.`,
    details,
  });
  await log.flush();
}
