/**
 * Schedules per tenant and template: a cron in the tenant's time zone, enabled or paused, and the next
 * time it is due. Every tenant gets each template's off-peak default the first time it is looked at.
 * A due slot is claimed with a conditional UPDATE, so two ticks never create two runs for one slot.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { type SyncSchedule, syncSchedules } from '../../../db/schema/schedules.ts';
import { tenants } from '../../../db/schema/tenants.ts';
import { assertCron, nextRunAfter, nextRuns, safeTimeZone } from './cron.ts';
import type { Template } from './define.ts';

export interface ScheduleView {
  tenantId: string;
  templateId: string;
  cron: string;
  defaultCron: string;
  enabled: boolean;
  timeZone: string;
  nextRunAt: string | null;
  lastScheduledAt: string | null;
  /** The next three times (ISO) the schedule fires, for the console. */
  upcoming: string[];
  updatedAt: string;
}

export function toScheduleView(row: SyncSchedule, template: Template, now: Date): ScheduleView {
  return {
    tenantId: row.tenantId,
    templateId: row.templateId,
    cron: row.cron,
    defaultCron: template.defaultSchedule,
    enabled: row.enabled,
    timeZone: row.timeZone,
    nextRunAt: row.nextRunAt,
    lastScheduledAt: row.lastScheduledAt,
    upcoming: row.enabled ? nextRuns(row.cron, row.timeZone, now, 3).map((d) => d.toISOString()) : [],
    updatedAt: row.updatedAt,
  };
}

function nextAt(cron: string, timeZone: string, now: Date): string | null {
  return nextRunAfter(cron, timeZone, now)?.toISOString() ?? null;
}

/**
 * Makes sure every tenant (or just `tenantId`) has a schedule row per template, and that `nextRunAt`
 * follows the tenant's current time zone. Returns the rows for the registered templates.
 */
export async function ensureSchedules(
  db: Db,
  templates: readonly Template[],
  now: Date,
  tenantId?: string,
): Promise<SyncSchedule[]> {
  const tenantRows = await db
    .select({ id: tenants.id, timeZone: tenants.timeZone })
    .from(tenants)
    .where(tenantId ? eq(tenants.id, tenantId) : undefined);
  const existing = await db
    .select()
    .from(syncSchedules)
    .where(tenantId ? eq(syncSchedules.tenantId, tenantId) : undefined);
  const key = (t: string, s: string) => `${t}\u0000${s}`;
  const byKey = new Map(existing.map((row) => [key(row.tenantId, row.templateId), row]));
  const at = now.toISOString();

  for (const tenant of tenantRows) {
    const timeZone = safeTimeZone(tenant.timeZone);
    for (const template of templates) {
      const row = byKey.get(key(tenant.id, template.id));
      if (!row) {
        const enabled = template.autoStart;
        const [created] = await db
          .insert(syncSchedules)
          .values({
            tenantId: tenant.id,
            templateId: template.id,
            cron: template.defaultSchedule,
            enabled,
            timeZone,
            nextRunAt: enabled ? nextAt(template.defaultSchedule, timeZone, now) : null,
            updatedAt: at,
          })
          .onConflictDoNothing()
          .returning();
        if (created) byKey.set(key(tenant.id, template.id), created);
      } else if (row.timeZone !== timeZone) {
        const [updated] = await db
          .update(syncSchedules)
          .set({ timeZone, nextRunAt: row.enabled ? nextAt(row.cron, timeZone, now) : null, updatedAt: at })
          .where(and(eq(syncSchedules.tenantId, row.tenantId), eq(syncSchedules.templateId, row.templateId)))
          .returning();
        if (updated) byKey.set(key(tenant.id, template.id), updated);
      }
    }
  }
  const ids = new Set(templates.map((t) => t.id));
  const tenantIds = new Set(tenantRows.map((t) => t.id));
  return [...byKey.values()].filter((row) => ids.has(row.templateId) && tenantIds.has(row.tenantId));
}

/**
 * Claims a due slot: moves `nextRunAt` to the next occurrence only if nobody else has. Returns true when
 * this caller owns the slot and should create the run.
 */
export async function claimDueSlot(db: Db, row: SyncSchedule, now: Date): Promise<boolean> {
  if (!row.enabled || !row.nextRunAt || row.nextRunAt > now.toISOString()) return false;
  const claimed = await db
    .update(syncSchedules)
    .set({
      nextRunAt: nextAt(row.cron, row.timeZone, now),
      lastScheduledAt: row.nextRunAt,
      updatedAt: now.toISOString(),
    })
    .where(
      and(
        eq(syncSchedules.tenantId, row.tenantId),
        eq(syncSchedules.templateId, row.templateId),
        eq(syncSchedules.nextRunAt, row.nextRunAt),
        eq(syncSchedules.enabled, true),
      ),
    )
    .returning({ tenantId: syncSchedules.tenantId });
  return claimed.length === 1;
}

export interface ScheduleChange {
  cron?: string;
  enabled?: boolean;
}

/** Changes cron and/or enabled; the next run is recomputed from now (a resume never fires a missed slot). */
export async function updateSchedule(
  db: Db,
  template: Template,
  tenantId: string,
  change: ScheduleChange,
  now: Date,
): Promise<SyncSchedule> {
  if (change.cron !== undefined) assertCron(change.cron);
  const [current] = await ensureSchedules(db, [template], now, tenantId);
  if (!current) throw new Error(`tenant ${tenantId} has no schedule for ${template.id}`);
  const cron = change.cron?.trim() ?? current.cron;
  const enabled = change.enabled ?? current.enabled;
  const [updated] = await db
    .update(syncSchedules)
    .set({
      cron,
      enabled,
      nextRunAt: enabled ? nextAt(cron, current.timeZone, now) : null,
      updatedAt: now.toISOString(),
    })
    .where(and(eq(syncSchedules.tenantId, tenantId), eq(syncSchedules.templateId, template.id)))
    .returning();
  if (!updated) throw new Error(`schedule ${tenantId}/${template.id} vanished`);
  return updated;
}
