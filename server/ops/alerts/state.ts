/**
 * Turns findings into alert state: opens one alert per cause (the partial unique index makes a second
 * opener lose), escalates yellow → red, resolves causes no longer found, and writes a delivery row per
 * enabled channel and event before anything is sent. Every change is written to the activity log.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { type AlertEvent, type AlertRow, alertChannels, alertDeliveries, alerts } from '../../../db/schema/ops.ts';
import { writeActivity } from '../../sync/engine/activity-log.ts';
import type { CheckResult, Finding } from './checks.ts';

export const ALERTS_TEMPLATE_ID = 'ops-alerts';

export interface ReconcileResult {
  opened: AlertRow[];
  escalated: AlertRow[];
  resolved: AlertRow[];
  stillOpen: number;
}

export async function openAlerts(db: Db, tenantId: string): Promise<AlertRow[]> {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.tenantId, tenantId), isNull(alerts.resolvedAt)));
}

export async function reconcileAlerts(input: {
  db: Db;
  tenantId: string;
  checked: CheckResult;
  now: Date;
  runId?: number | null;
}): Promise<ReconcileResult> {
  const { db, tenantId, now } = input;
  const at = now.toISOString();
  const open = await openAlerts(db, tenantId);
  const byCause = new Map(open.map((a) => [a.cause, a]));
  const found = new Map(input.checked.findings.map((f) => [f.cause, f]));
  const unknown = new Set(input.checked.unknownRules.map((r) => r.ruleId));
  const result: ReconcileResult = { opened: [], escalated: [], resolved: [], stillOpen: 0 };
  const log = (level: 'info' | 'warn', entry: Parameters<typeof writeActivity>[3]) =>
    writeActivity(db, { tenantId, templateId: ALERTS_TEMPLATE_ID, runId: input.runId ?? null }, level, entry, now);

  for (const finding of found.values()) {
    const current = byCause.get(finding.cause);
    if (!current) {
      const [row] = await db
        .insert(alerts)
        .values({
          tenantId,
          ruleId: finding.ruleId,
          cause: finding.cause,
          severity: finding.severity,
          title: finding.title,
          message: finding.message,
          details: finding.details ?? null,
          openedAt: at,
          lastSeenAt: at,
        })
        .onConflictDoNothing()
        .returning();
      // Another engine opened it a moment ago: it also queued the deliveries.
      if (!row) continue;
      result.opened.push(row);
      await queueDeliveries(db, row, 'opened', now);
      await log(
        'warn',
        alertEntry('alert_opened', row, `Alert opened (${row.severity}): ${row.title}. ${row.message}`),
      );
      continue;
    }
    const escalates = current.severity === 'yellow' && finding.severity === 'red';
    // Better but not well (refused → degraded): the alert stays open at the lower severity, without a notice.
    const eases = current.severity === 'red' && finding.severity === 'yellow';
    const [row] = await db
      .update(alerts)
      .set({
        lastSeenAt: at,
        title: finding.title,
        message: finding.message,
        details: finding.details ?? null,
        ...(escalates ? { severity: 'red' as const } : eases ? { severity: 'yellow' as const } : {}),
      })
      .where(and(eq(alerts.id, current.id), isNull(alerts.resolvedAt)))
      .returning();
    if (row && escalates) {
      result.escalated.push(row);
      await queueDeliveries(db, row, 'escalated', now);
      await log('warn', alertEntry('alert_escalated', row, `Alert escalated to red: ${row.title}. ${row.message}`));
    }
    if (row && eases) {
      await log('info', alertEntry('alert_eased', row, `Alert eased to yellow: ${row.title}. ${row.message}`));
    }
  }

  for (const current of open) {
    if (found.has(current.cause)) {
      result.stillOpen++;
      continue;
    }
    if (unknown.has(current.ruleId as Finding['ruleId'])) {
      result.stillOpen++;
      continue;
    }
    const [row] = await db
      .update(alerts)
      .set({ resolvedAt: at })
      .where(and(eq(alerts.id, current.id), isNull(alerts.resolvedAt)))
      .returning();
    if (!row) continue;
    result.resolved.push(row);
    await queueDeliveries(db, row, 'resolved', now);
    await log('info', alertEntry('alert_resolved', row, `Recovered: ${row.title} (open since ${row.openedAt}).`));
  }
  for (const rule of input.checked.unknownRules) {
    await log('warn', {
      code: 'alert_rule_unchecked',
      message: `The ${rule.ruleId} alert rule could not be checked (${rule.message}); its alerts keep their state.`,
    });
  }
  return result;
}

function alertEntry(code: string, row: AlertRow, message: string) {
  return {
    code,
    message,
    entity: { type: 'alert', id: String(row.id) },
    details: { cause: row.cause, ruleId: row.ruleId, severity: row.severity },
  };
}

/** One pending delivery per enabled channel; the unique index keeps a repeat from doubling it. */
async function queueDeliveries(db: Db, alert: AlertRow, event: AlertEvent, now: Date): Promise<void> {
  const channels = await db
    .select({ name: alertChannels.name })
    .from(alertChannels)
    .where(and(eq(alertChannels.tenantId, alert.tenantId), eq(alertChannels.enabled, true)));
  if (channels.length === 0) return;
  const at = now.toISOString();
  await db
    .insert(alertDeliveries)
    .values(
      channels.map((c) => ({
        tenantId: alert.tenantId,
        alertId: alert.id,
        channel: c.name,
        event,
        state: 'pending' as const,
        nextAttemptAt: at,
        createdAt: at,
      })),
    )
    .onConflictDoNothing();
}
