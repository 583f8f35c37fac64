/**
 * "A timeline of when problems started", as support asks for it: failed runs, the first and last time each
 * error code was logged, alerts opened and recovered, and configuration changes, in time order.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { syncActivity } from '../../../db/schema/activity.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { alerts } from '../../../db/schema/ops.ts';
import { syncRuns } from '../../../db/schema/runs.ts';

export interface TimelineEvent {
  at: string;
  kind:
    | 'run_failed'
    | 'error_first_seen'
    | 'error_last_seen'
    | 'alert_opened'
    | 'alert_recovered'
    | 'configuration_changed';
  what: string;
  templateId?: string | null;
  code?: string | null;
}

export async function problemTimeline(db: Db, tenantId: string, since: string): Promise<TimelineEvent[]> {
  const [failed, codes, alertRows, changes] = await Promise.all([
    db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.tenantId, tenantId), eq(syncRuns.state, 'failed'), gte(syncRuns.createdAt, since)))
      .orderBy(desc(syncRuns.id))
      .limit(200),
    db
      .select({
        code: syncActivity.code,
        templateId: syncActivity.templateId,
        n: sql<number>`count(*)`,
        first: sql<string>`min(${syncActivity.at})`,
        last: sql<string>`max(${syncActivity.at})`,
      })
      .from(syncActivity)
      .where(
        and(
          eq(syncActivity.tenantId, tenantId),
          inArray(syncActivity.level, ['warn', 'error']),
          gte(syncActivity.at, since),
        ),
      )
      .groupBy(syncActivity.code, syncActivity.templateId),
    db
      .select()
      .from(alerts)
      .where(and(eq(alerts.tenantId, tenantId), gte(alerts.lastSeenAt, since))),
    db
      .select({ at: auditLog.at, actor: auditLog.actor, action: auditLog.action, target: auditLog.target })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gte(auditLog.at, since)))
      .orderBy(desc(auditLog.id))
      .limit(200),
  ]);
  const events: TimelineEvent[] = [];
  for (const r of failed) {
    events.push({
      at: r.finishedAt ?? r.updatedAt,
      kind: 'run_failed',
      what: `Run #${r.id} failed: ${r.errorMessage ?? r.errorCode}`,
      templateId: r.templateId,
      code: r.errorCode,
    });
  }
  for (const c of codes) {
    events.push({
      at: c.first,
      kind: 'error_first_seen',
      what: `"${c.code}" first logged (${c.n} times since)`,
      templateId: c.templateId,
      code: c.code,
    });
    if (c.last !== c.first)
      events.push({
        at: c.last,
        kind: 'error_last_seen',
        what: `"${c.code}" last logged`,
        templateId: c.templateId,
        code: c.code,
      });
  }
  for (const a of alertRows) {
    events.push({
      at: a.openedAt,
      kind: 'alert_opened',
      what: `Alert #${a.id} (${a.severity}): ${a.title}`,
      code: a.cause,
    });
    if (a.resolvedAt)
      events.push({
        at: a.resolvedAt,
        kind: 'alert_recovered',
        what: `Alert #${a.id} recovered: ${a.title}`,
        code: a.cause,
      });
  }
  for (const c of changes) {
    events.push({
      at: c.at,
      kind: 'configuration_changed',
      what: `${c.actor}: ${c.action}${c.target ? ` ${c.target}` : ''}`,
    });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
