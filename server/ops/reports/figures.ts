/**
 * The figures reports are made of, computed from what tds-bridge records: runs (sync_runs), upstream calls
 * (upstream_calls), the activity log's errors, alerts, and orders when Create Orders records them.
 * Our own ops templates (alerts, reports) are left out of every figure.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { syncActivity } from '../../../db/schema/activity.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import { alerts } from '../../../db/schema/ops.ts';
import { type RunCounts, syncRuns } from '../../../db/schema/runs.ts';
import { OPS_TEMPLATE_IDS } from '../alerts/rules.ts';
import { type OrderFigures, orderFigures } from './order-figures.ts';
import { percentile } from './percentile.ts';
import type { Period } from './periods.ts';

export interface TemplateFigures {
  templateId: string;
  runs: number;
  succeeded: number;
  withWarnings: number;
  failed: number;
  cancelled: number;
  /** Finished runs that succeeded (with or without warnings), 0–100; null without runs. */
  successPercent: number | null;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  records: RunCounts;
  /** Records handled (added + updated + unchanged + deactivated) per minute of active step time. */
  recordsPerMinute: number | null;
}

export interface UpstreamFigures {
  system: 'cw' | 'tds';
  calls: number;
  failed: number;
  errorPercent: number | null;
  rateLimited: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface Reliability {
  /** Share of the period with no template in a failed state (a failed run until the next successful run). */
  uptimePercent: number;
  downtimeMs: number;
  incidents: number;
  /** Incidents that ended in the period: from the failed run to the run that succeeded again. */
  meanResolutionMs: number | null;
  medianResolutionMs: number | null;
  unresolved: number;
}

export interface ErrorCodeFigure {
  code: string;
  templateId: string | null;
  count: number;
  firstAt: string;
  lastAt: string;
}

export interface AlertFigures {
  opened: number;
  resolved: number;
  openAtEnd: number;
  meanTimeToRecoverMs: number | null;
}

export interface Figures {
  period: Period;
  templates: TemplateFigures[];
  upstream: UpstreamFigures[];
  reliability: Reliability;
  errors: { total: number; byCode: ErrorCodeFigure[] };
  alerts: AlertFigures;
  orders: OrderFigures;
}

const FINISHED = ['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'] as const;
const ZERO: RunCounts = { added: 0, updated: 0, unchanged: 0, deactivated: 0, skipped: 0, errors: 0 };
const LOOKBACK_MS = 90 * 86_400_000;

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);

export async function computeFigures(db: Db, tenantId: string, period: Period): Promise<Figures> {
  const [templates, reliability, upstream, errors, alertFigures, orders] = await Promise.all([
    templateFigures(db, tenantId, period),
    reliabilityOf(db, tenantId, period),
    upstreamFigures(db, tenantId, period),
    errorFigures(db, tenantId, period),
    alertFiguresOf(db, tenantId, period),
    orderFigures(db, tenantId, period),
  ]);
  return { period, templates, upstream, reliability, errors, alerts: alertFigures, orders };
}

async function templateFigures(db: Db, tenantId: string, period: Period): Promise<TemplateFigures[]> {
  const rows = await db
    .select({
      templateId: syncRuns.templateId,
      state: syncRuns.state,
      counts: syncRuns.counts,
      activeMs: syncRuns.activeMs,
      startedAt: syncRuns.startedAt,
      finishedAt: syncRuns.finishedAt,
    })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.tenantId, tenantId),
        inArray(syncRuns.state, [...FINISHED]),
        gte(syncRuns.finishedAt, period.start),
        lt(syncRuns.finishedAt, period.end),
        notInArray(syncRuns.templateId, OPS_TEMPLATE_IDS),
      ),
    );
  const byTemplate = new Map<string, typeof rows>();
  for (const row of rows) byTemplate.set(row.templateId, [...(byTemplate.get(row.templateId) ?? []), row]);
  return [...byTemplate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([templateId, runs]) => {
      const count = (state: string) => runs.filter((r) => r.state === state).length;
      const records = { ...ZERO };
      let activeMs = 0;
      for (const r of runs) {
        for (const k of Object.keys(ZERO) as (keyof RunCounts)[]) records[k] += r.counts?.[k] ?? 0;
        activeMs += r.activeMs;
      }
      const durations = runs
        .filter((r) => r.startedAt && r.finishedAt)
        .map((r) => Date.parse(r.finishedAt ?? '') - Date.parse(r.startedAt ?? ''))
        .sort((a, b) => a - b);
      const succeeded = count('succeeded');
      const withWarnings = count('succeeded_with_warnings');
      const failed = count('failed');
      const handled = records.added + records.updated + records.unchanged + records.deactivated;
      return {
        templateId,
        runs: runs.length,
        succeeded,
        withWarnings,
        failed,
        cancelled: count('cancelled'),
        successPercent: pct(succeeded + withWarnings, succeeded + withWarnings + failed),
        durationP50Ms: percentile(durations, 50),
        durationP95Ms: percentile(durations, 95),
        records,
        recordsPerMinute: activeMs > 0 ? Math.round((handled / (activeMs / 60_000)) * 10) / 10 : null,
      };
    });
}

/** Incidents per template from the run history: a failed run opens one, the next success closes it. */
async function reliabilityOf(db: Db, tenantId: string, period: Period): Promise<Reliability> {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  const rows = await db
    .select({ templateId: syncRuns.templateId, state: syncRuns.state, finishedAt: syncRuns.finishedAt })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.tenantId, tenantId),
        inArray(syncRuns.state, ['succeeded', 'succeeded_with_warnings', 'failed']),
        isNotNull(syncRuns.finishedAt),
        gte(syncRuns.finishedAt, new Date(start - LOOKBACK_MS).toISOString()),
        lt(syncRuns.finishedAt, period.end),
        notInArray(syncRuns.templateId, OPS_TEMPLATE_IDS),
      ),
    )
    .orderBy(asc(syncRuns.finishedAt));
  const intervals: Array<[number, number]> = [];
  const resolutions: number[] = [];
  let unresolved = 0;
  const openSince = new Map<string, number>();
  for (const run of rows) {
    const at = Date.parse(run.finishedAt ?? '');
    const since = openSince.get(run.templateId);
    if (run.state === 'failed') {
      if (since === undefined) openSince.set(run.templateId, at);
    } else if (since !== undefined) {
      openSince.delete(run.templateId);
      if (at >= start) {
        intervals.push([since, at]);
        resolutions.push(at - since);
      }
    }
  }
  for (const since of openSince.values()) {
    intervals.push([since, end]);
    unresolved++;
  }
  const clipped = intervals
    .map(([a, b]): [number, number] => [Math.max(a, start), Math.min(b, end)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let downtimeMs = 0;
  let cursor = start;
  for (const [a, b] of clipped) {
    const from = Math.max(a, cursor);
    if (b > from) downtimeMs += b - from;
    cursor = Math.max(cursor, b);
  }
  const length = Math.max(1, end - start);
  resolutions.sort((a, b) => a - b);
  return {
    uptimePercent: Math.round((1 - downtimeMs / length) * 10_000) / 100,
    downtimeMs,
    incidents: clipped.length,
    meanResolutionMs: resolutions.length
      ? Math.round(resolutions.reduce((a, b) => a + b, 0) / resolutions.length)
      : null,
    medianResolutionMs: percentile(resolutions, 50),
    unresolved,
  };
}

async function upstreamFigures(db: Db, tenantId: string, period: Period): Promise<UpstreamFigures[]> {
  const out: UpstreamFigures[] = [];
  for (const system of ['cw', 'tds'] as const) {
    const where = and(
      eq(upstreamCalls.tenantId, tenantId),
      eq(upstreamCalls.system, system),
      gte(upstreamCalls.at, period.start),
      lt(upstreamCalls.at, period.end),
    );
    const [agg] = await db
      .select({
        calls: sql<number>`count(*)`,
        failed: sql<number>`coalesce(sum(case when ${upstreamCalls.ok} then 0 else 1 end), 0)`,
        limited: sql<number>`coalesce(sum(case when ${upstreamCalls.status} = 429 then 1 else 0 end), 0)`,
      })
      .from(upstreamCalls)
      .where(where);
    const calls = Number(agg?.calls ?? 0);
    if (calls === 0) continue;
    // Percentiles in SQL: one row at the rank, so a quarter's calls never come into memory.
    const at = async (p: number) => {
      const offset = Math.min(calls - 1, Math.max(0, Math.ceil((p / 100) * calls) - 1));
      const [row] = await db
        .select({ ms: upstreamCalls.durationMs })
        .from(upstreamCalls)
        .where(where)
        .orderBy(asc(upstreamCalls.durationMs))
        .limit(1)
        .offset(offset);
      return row ? Math.round(row.ms) : null;
    };
    const failed = Number(agg?.failed ?? 0);
    out.push({
      system,
      calls,
      failed,
      errorPercent: pct(failed, calls),
      rateLimited: Number(agg?.limited ?? 0),
      p50Ms: await at(50),
      p95Ms: await at(95),
    });
  }
  return out;
}

async function errorFigures(db: Db, tenantId: string, period: Period): Promise<Figures['errors']> {
  const rows = await db
    .select({
      code: syncActivity.code,
      templateId: syncActivity.templateId,
      count: sql<number>`count(*)`,
      firstAt: sql<string>`min(${syncActivity.at})`,
      lastAt: sql<string>`max(${syncActivity.at})`,
    })
    .from(syncActivity)
    .where(
      and(
        eq(syncActivity.tenantId, tenantId),
        eq(syncActivity.level, 'error'),
        gte(syncActivity.at, period.start),
        lt(syncActivity.at, period.end),
      ),
    )
    .groupBy(syncActivity.code, syncActivity.templateId);
  const byCode = rows
    .map((r) => ({ ...r, count: Number(r.count) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { total: byCode.reduce((n, r) => n + r.count, 0), byCode };
}

async function alertFiguresOf(db: Db, tenantId: string, period: Period): Promise<AlertFigures> {
  const rows = await db
    .select({ openedAt: alerts.openedAt, resolvedAt: alerts.resolvedAt })
    .from(alerts)
    .where(and(eq(alerts.tenantId, tenantId), lt(alerts.openedAt, period.end)));
  const inPeriod = (at: string | null) => at !== null && at >= period.start && at < period.end;
  const resolved = rows.filter((r) => inPeriod(r.resolvedAt));
  const recover = resolved.map((r) => Date.parse(r.resolvedAt ?? '') - Date.parse(r.openedAt));
  return {
    opened: rows.filter((r) => inPeriod(r.openedAt)).length,
    resolved: resolved.length,
    openAtEnd: rows.filter((r) => r.resolvedAt === null || r.resolvedAt >= period.end).length,
    meanTimeToRecoverMs: recover.length ? Math.round(recover.reduce((a, b) => a + b, 0) / recover.length) : null,
  };
}
