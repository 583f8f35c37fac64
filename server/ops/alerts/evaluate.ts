/**
 * One alert pass for a tenant: read the status lights (the engine's status rules), run each enabled rule's
 * check, reconcile open alerts (open, escalate, recover), then send due deliveries. The `ops-alerts` template
 * calls this every few minutes, on Node and on Workers alike; the admin API can call it on demand.
 */
import type { Deps } from '../../deps.ts';
import { engineOf, type TenantStatus } from '../../sync/engine/index.ts';
import { runChecks } from './checks.ts';
import { type DeliveryReport, deliverDue } from './deliver.ts';
import { ruleSettings } from './rules.ts';
import { type ReconcileResult, reconcileAlerts } from './state.ts';

export interface AlertPass {
  reconcile: ReconcileResult;
  delivery: DeliveryReport;
  unknownRules: Array<{ ruleId: string; message: string }>;
}

export async function evaluateAlerts(input: {
  deps: Deps;
  tenantId: string;
  now: Date;
  runId?: number | null;
  /** The tenant's status lights; read from the attached engine when left out. */
  status?: TenantStatus;
}): Promise<AlertPass> {
  const { deps, tenantId, now } = input;
  const status = input.status ?? (await engineOf(deps).status()).find((t) => t.tenantId === tenantId);
  const rules = await ruleSettings(deps.db, tenantId);
  const checked = await runChecks({ deps, tenantId, rules, status, now });
  const reconcile = await reconcileAlerts({ db: deps.db, tenantId, checked, now, runId: input.runId });
  const delivery = await deliverDue({ deps, tenantId, now, runId: input.runId });
  return { reconcile, delivery, unknownRules: checked.unknownRules };
}
