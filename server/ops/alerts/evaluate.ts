/**
 * One alert pass for a tenant: read the status lights (the console's status rules, server/console/health.ts), run each enabled rule's
 * check, reconcile open alerts (open, escalate, recover), then send due deliveries. The `ops-alerts` template
 * calls this every few minutes, on Node and on Workers alike; the admin API can call it on demand.
 */

import { type TenantHealth, tenantHealth } from '../../console/health.ts';
import type { Deps } from '../../deps.ts';
import type { Engine } from '../../sync/engine/index.ts';
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
  /** Where the template lights come from: the engine (admin route) or a run's context (the ops-alerts template). */
  engine: Pick<Engine, 'status'>;
  /** The tenant's lights (the console's status rules); computed from `engine` when left out. */
  health?: TenantHealth | null;
}): Promise<AlertPass> {
  const { deps, tenantId, now } = input;
  const health = input.health !== undefined ? input.health : await tenantHealth(deps, input.engine, tenantId);
  const rules = await ruleSettings(deps.db, tenantId);
  const checked = await runChecks({ deps, tenantId, rules, health, now });
  const reconcile = await reconcileAlerts({ db: deps.db, tenantId, checked, now, runId: input.runId });
  const delivery = await deliverDue({ deps, tenantId, now, runId: input.runId });
  return { reconcile, delivery, unknownRules: checked.unknownRules };
}
