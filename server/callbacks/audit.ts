/**
 * Records about callbacks: refused ones (bad signature, foreign company) in the audit log and the Sync
 * Activity Log, at most once a minute per tenant — the receiver is public, and a flood of forged calls must
 * not flood the logs; the count of those left out goes with the next record. Handler failures go to the
 * Sync Activity Log.
 */
import { auditLog } from '../../db/schema/audit.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { createActivityWriter } from '../sync/engine/activity-log.ts';
import type { CwCallbackEvent } from './registry.ts';

export const CALLBACK_TEMPLATE_ID = 'callbacks';
const REFUSAL_RECORD_INTERVAL_MS = 60_000;

const lastRefusal = new WeakMap<Deps, Map<string, { at: number; suppressed: number }>>();

export async function recordCallbackRefusal(
  deps: Deps,
  tenantId: string,
  code: string,
  message: string,
  forwardedFor: string | undefined,
): Promise<void> {
  let byTenant = lastRefusal.get(deps);
  if (!byTenant) {
    byTenant = new Map();
    lastRefusal.set(deps, byTenant);
  }
  const now = deps.now().getTime();
  const last = byTenant.get(tenantId);
  if (last && now - last.at < REFUSAL_RECORD_INTERVAL_MS) {
    last.suppressed += 1;
    return;
  }
  byTenant.set(tenantId, { at: now, suppressed: 0 });
  const details = { code, message, forwardedFor, alsoRefusedSinceLastRecord: last?.suppressed ?? 0 };
  await deps.db.insert(auditLog).values({
    tenantId,
    at: new Date(now).toISOString(),
    actor: 'connectwise-callback',
    action: 'callback.refused',
    target: 'cw',
    details,
  });
  const log = createActivityWriter(deps.db, { tenantId, templateId: CALLBACK_TEMPLATE_ID }, deps.now);
  log.item.warn({
    code: 'callback_refused',
    message: `${message} If ConnectWise sent it, run activation again to re-register the callbacks.`,
    details,
  });
  await log.flush();
}

export async function recordCallbackFailure(
  deps: Deps,
  event: CwCallbackEvent,
  handlerName: string,
  error: unknown,
): Promise<void> {
  const log = createActivityWriter(deps.db, { tenantId: event.tenantId, templateId: CALLBACK_TEMPLATE_ID }, deps.now);
  log.item.error({
    code: error instanceof AppError ? error.code : 'callback_handler_failed',
    message: `Handling the ConnectWise ${event.type} ${event.action} callback for #${event.id} (${handlerName}) failed: ${error instanceof Error ? error.message : String(error)}`,
    entity: { type: event.type, id: String(event.id) },
    details: error instanceof AppError ? error.details : undefined,
  });
  await log.flush();
}
