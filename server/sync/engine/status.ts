/**
 * The dashboard's status per tenant and template, in the product manual's terms:
 * green = running normally; yellow = minor issues that need attention (warnings, retrying, overdue,
 * recent item errors); red = the last run failed; gray = paused, not configured, never run, or a template
 * of the product this build does not have yet. The rules are written down in docs/console-status.md.
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { syncActivity } from '../../../db/schema/activity.ts';
import { type RunCounts, type SyncRun, syncRuns } from '../../../db/schema/runs.ts';
import { syncTemplateSettings } from '../../../db/schema/schedules.ts';
import { tenants } from '../../../db/schema/tenants.ts';
import { nextRuns } from './cron.ts';
import { parseSettings, type Template } from './define.ts';
import { ensureSchedules } from './schedules.ts';

export type Light = 'green' | 'yellow' | 'red' | 'gray';

export interface StatusReason {
  code: string;
  message: string;
}

export interface RunSummary {
  id: number;
  state: SyncRun['state'];
  counts: RunCounts;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface TemplateStatus {
  templateId: string;
  title: string;
  state: Light;
  reasons: StatusReason[];
  schedule: { cron: string; enabled: boolean; timeZone: string; nextRunAt: string | null };
  lastSuccessfulRun: { id: number; finishedAt: string | null } | null;
  lastRun: RunSummary | null;
  activeRun: (RunSummary & { attempts: number; notBefore: string | null; lastError: SyncRun['lastError'] }) | null;
  errorsLast24h: { total: number; byCode: Record<string, number> };
}

export interface TenantStatus {
  tenantId: string;
  name: string;
  /** The tenant's IANA time zone: schedules run in it and the console and CLI show times in it. */
  timeZone: string;
  state: Light;
  templates: TemplateStatus[];
}

const DAY_MS = 86_400_000;

/**
 * The four templates of the product manual. One this build has not registered (yet) is still listed,
 * gray with `not_built`, so the dashboard never silently leaves a template out.
 */
export const PRODUCT_TEMPLATES: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'product-sync', title: 'Product Sync' },
  { id: 'price-availability', title: 'Price & Availability' },
  { id: 'create-orders', title: 'Create Orders' },
  { id: 'order-status', title: 'Order Status' },
];
const FINISHED = ['succeeded', 'succeeded_with_warnings', 'failed'] as const;
const SUCCEEDED = ['succeeded', 'succeeded_with_warnings'] as const;

function summary(run: SyncRun): RunSummary {
  return {
    id: run.id,
    state: run.state,
    counts: run.counts,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    errorCode: run.errorCode,
    errorMessage: run.errorMessage,
  };
}

/** The newest run per tenant+template among `states` (all states when omitted). */
async function latestRuns(db: Db, states?: readonly SyncRun['state'][]): Promise<Map<string, SyncRun>> {
  const newest = db
    .select({ id: sql<number>`max(${syncRuns.id})`.as('id') })
    .from(syncRuns)
    .where(states ? inArray(syncRuns.state, [...states]) : undefined)
    .groupBy(syncRuns.tenantId, syncRuns.templateId);
  const rows = await db.select().from(syncRuns).where(inArray(syncRuns.id, newest));
  return new Map(rows.map((r) => [`${r.tenantId}/${r.templateId}`, r]));
}

export async function computeStatus(db: Db, templates: readonly Template[], now: Date): Promise<TenantStatus[]> {
  const tenantRows = await db
    .select({ id: tenants.id, name: tenants.name, timeZone: tenants.timeZone })
    .from(tenants)
    .orderBy(tenants.id);
  const schedules = await ensureSchedules(db, templates, now);
  const settingsRows = await db.select().from(syncTemplateSettings);
  const [latest, latestFinished, latestSuccess] = await Promise.all([
    latestRuns(db),
    latestRuns(db, FINISHED),
    latestRuns(db, SUCCEEDED),
  ]);
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const errorRows = await db
    .select({
      tenantId: syncActivity.tenantId,
      templateId: syncActivity.templateId,
      code: syncActivity.code,
      n: sql<number>`count(*)`,
    })
    .from(syncActivity)
    .where(and(eq(syncActivity.level, 'error'), gte(syncActivity.at, since)))
    .groupBy(syncActivity.tenantId, syncActivity.templateId, syncActivity.code);

  return tenantRows.map((tenant) => {
    const perTemplate = templates.map((template): TemplateStatus => {
      const key = `${tenant.id}/${template.id}`;
      const schedule = schedules.find((s) => s.tenantId === tenant.id && s.templateId === template.id);
      const stored = settingsRows.find((s) => s.tenantId === tenant.id && s.templateId === template.id);
      const configured = parseSettings(template, stored?.settings).ok;
      const last = latest.get(key);
      const active = last && (last.state === 'scheduled' || last.state === 'running') ? last : undefined;
      const finished = latestFinished.get(key);
      const success = latestSuccess.get(key);
      const byCode: Record<string, number> = {};
      for (const row of errorRows) {
        if (row.tenantId === tenant.id && row.templateId === template.id) byCode[row.code] = Number(row.n);
      }
      const errorsTotal = Object.values(byCode).reduce((a, b) => a + b, 0);
      const { state, reasons } = judge({
        template,
        enabled: schedule?.enabled ?? false,
        configured,
        active,
        finished,
        success,
        errorsTotal,
        schedule,
        now,
      });
      return {
        templateId: template.id,
        title: template.title,
        state,
        reasons,
        schedule: {
          cron: schedule?.cron ?? template.defaultSchedule,
          enabled: schedule?.enabled ?? false,
          timeZone: schedule?.timeZone ?? tenant.timeZone,
          nextRunAt: schedule?.nextRunAt ?? null,
        },
        lastSuccessfulRun: success ? { id: success.id, finishedAt: success.finishedAt } : null,
        lastRun: finished ? summary(finished) : null,
        activeRun: active
          ? { ...summary(active), attempts: active.attempts, notBefore: active.notBefore, lastError: active.lastError }
          : null,
        errorsLast24h: { total: errorsTotal, byCode },
      };
    });
    const missing = PRODUCT_TEMPLATES.filter((p) => !templates.some((t) => t.id === p.id)).map((p) =>
      notBuilt(p, tenant.timeZone),
    );
    const all = [...perTemplate, ...missing];
    return {
      tenantId: tenant.id,
      name: tenant.name,
      timeZone: tenant.timeZone,
      state: worst(all.map((t) => t.state)),
      templates: all,
    };
  });
}

function judge(input: {
  template: Template;
  enabled: boolean;
  configured: boolean;
  active?: SyncRun;
  finished?: SyncRun;
  success?: SyncRun;
  errorsTotal: number;
  schedule?: { cron: string; timeZone: string };
  now: Date;
}): { state: Light; reasons: StatusReason[] } {
  const { template, finished, active, success } = input;
  if (!input.configured) {
    return {
      state: 'gray',
      reasons: [{ code: 'not_configured', message: `${template.title} needs its settings before it can run.` }],
    };
  }
  if (!input.enabled) {
    return {
      state: 'gray',
      reasons: [{ code: 'paused', message: `${template.title}'s schedule is paused; resume it to sync again.` }],
    };
  }
  if (finished?.state === 'failed') {
    return {
      state: 'red',
      reasons: [
        {
          code: finished.errorCode ?? 'run_failed',
          message: finished.errorMessage ?? `The last ${template.title} run failed.`,
        },
      ],
    };
  }
  const reasons: StatusReason[] = [];
  if (active && active.attempts > 0 && active.lastError) {
    reasons.push({ code: 'retrying', message: `Retrying after: ${active.lastError.message}` });
  }
  if (finished?.state === 'succeeded_with_warnings') {
    reasons.push({
      code: 'last_run_warnings',
      message: `The last ${template.title} run finished with warnings; see its activity.`,
    });
  }
  if (input.errorsTotal > 0) {
    reasons.push({
      code: 'recent_errors',
      message: `${input.errorsTotal} errors in the last 24 hours; see the activity log.`,
    });
  }
  if (success?.finishedAt && input.schedule && isOverdue(input.schedule, Date.parse(success.finishedAt), input.now)) {
    reasons.push({ code: 'overdue', message: `${template.title} has not succeeded since ${success.finishedAt}.` });
  }
  if (reasons.length) return { state: 'yellow', reasons };
  if (!finished && !active) {
    // Nothing has run, so nothing is known to work: gray, not green (the manual's green means "running normally").
    return {
      state: 'gray',
      reasons: [
        { code: 'never_run', message: `${template.title} has not run yet; run it now or wait for its schedule.` },
      ],
    };
  }
  if (!finished && active) {
    return {
      state: 'green',
      reasons: [{ code: 'first_run_in_progress', message: `${template.title}'s first run is in progress.` }],
    };
  }
  return { state: 'green', reasons: [] };
}

function notBuilt(product: { id: string; title: string }, timeZone: string): TemplateStatus {
  return {
    templateId: product.id,
    title: product.title,
    state: 'gray',
    reasons: [
      {
        code: 'not_built',
        message: `${product.title} is not available in this tds-bridge version yet, so it is not configured.`,
      },
    ],
    schedule: { cron: '', enabled: false, timeZone, nextRunAt: null },
    lastSuccessfulRun: null,
    lastRun: null,
    activeRun: null,
    errorsLast24h: { total: 0, byCode: {} },
  };
}

/** Two schedule periods and an hour without a success. */
function isOverdue(schedule: { cron: string; timeZone: string }, lastSuccess: number, now: Date): boolean {
  const [a, b] = nextRuns(schedule.cron, schedule.timeZone, now, 2);
  if (!a || !b) return false;
  const period = b.getTime() - a.getTime();
  return now.getTime() - lastSuccess > 2 * period + 3_600_000;
}

function worst(states: Light[]): Light {
  for (const light of ['red', 'yellow', 'green'] as const) if (states.includes(light)) return light;
  return 'gray';
}
