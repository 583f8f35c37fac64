/**
 * The `ops-alerts` sync template: the engine runs it every five minutes per tenant (Node interval or Workers
 * cron), so alerts need no process of their own. One step = one alert pass (server/ops/alerts/evaluate.ts).
 */
import * as z from 'zod';
import { defineTemplate } from '../../sync/engine/index.ts';
import { evaluateAlerts } from './evaluate.ts';
import { ALERTS_TEMPLATE_ID } from './state.ts';

export const opsAlertsTemplate = defineTemplate({
  id: ALERTS_TEMPLATE_ID,
  title: 'Alerts',
  description:
    'Checks the alert rules (status lights, connections, expiring credentials, budgets, stuck orders) and notifies the alert channels.',
  defaultSchedule: '*/5 * * * *',
  settingsSchema: z.object({}),
  maxAttempts: 3,
  async run(ctx) {
    const pass = await evaluateAlerts({
      deps: ctx.deps,
      engine: ctx,
      tenantId: ctx.tenantId,
      now: ctx.now(),
      runId: ctx.runId,
    });
    const { reconcile, delivery } = pass;
    ctx.counts.add('added', reconcile.opened.length + reconcile.escalated.length);
    ctx.counts.add('updated', reconcile.resolved.length);
    ctx.counts.add('unchanged', reconcile.stillOpen);
    if (delivery.failed) ctx.counts.add('errors', delivery.failed);
    const warnings = pass.unknownRules.map((r) => ({
      code: 'alert_rule_unchecked',
      message: `The ${r.ruleId} rule could not be checked: ${r.message}`,
    }));
    return { done: true, warnings };
  },
});
