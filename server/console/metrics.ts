/**
 * Metrics and trends per template, per day in the tenant's time zone, from what the engine and the
 * connectors record: success rate, processing time, volumes, error frequency by type (runs and the
 * activity log), and upstream response times / calls (upstream_calls) as the API quota use.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import { syncActivity } from '../../db/schema/activity.ts';
import { upstreamCalls } from '../../db/schema/metrics.ts';
import { syncRuns } from '../../db/schema/runs.ts';
import type { Deps } from '../deps.ts';

export interface DayMetrics {
  day: string;
  runs: number;
  succeeded: number;
  failed: number;
  /** Finished runs that succeeded, %; null without finished runs. */
  successRate: number | null;
  avgDurationMs: number | null;
  added: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  itemErrors: number;
  errorsByCode: Record<string, number>;
}

export interface UpstreamDay {
  day: string;
  system: 'cw' | 'tds';
  calls: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TemplateMetrics {
  tenantId: string;
  templateId: string;
  timeZone: string;
  days: string[];
  perDay: DayMetrics[];
  upstream: UpstreamDay[];
}

/** Minutes to add to UTC for the zone now (a day boundary off by an hour around a DST change is accepted). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

export async function templateMetrics(
  deps: Deps,
  opts: { tenantId: string; templateId: string; timeZone: string; days: number },
): Promise<TemplateMetrics> {
  const now = deps.now();
  const offset = zoneOffsetMinutes(opts.timeZone, now);
  const shift = `${offset >= 0 ? '+' : ''}${offset} minutes`;
  const localDay = (iso: string) => new Date(Date.parse(iso) + offset * 60_000).toISOString().slice(0, 10);
  const days = Array.from({ length: opts.days }, (_, i) =>
    localDay(new Date(now.getTime() - (opts.days - 1 - i) * 86_400_000).toISOString()),
  );
  const since = new Date(now.getTime() - opts.days * 86_400_000).toISOString();

  const runs = await deps.db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.tenantId, opts.tenantId),
        eq(syncRuns.templateId, opts.templateId),
        gte(syncRuns.createdAt, since),
      ),
    );
  const errors = await deps.db
    .select({
      day: sql<string>`substr(datetime(${syncActivity.at}, ${shift}), 1, 10)`,
      code: syncActivity.code,
      n: sql<number>`count(*)`,
    })
    .from(syncActivity)
    .where(
      and(
        eq(syncActivity.tenantId, opts.tenantId),
        eq(syncActivity.templateId, opts.templateId),
        eq(syncActivity.level, 'error'),
        gte(syncActivity.at, since),
      ),
    )
    .groupBy(sql`1`, syncActivity.code);

  const perDay = days.map((day): DayMetrics => {
    const today = runs.filter((r) => localDay(r.finishedAt ?? r.createdAt) === day);
    const finished = today.filter((r) => r.finishedAt && r.state !== 'cancelled');
    const ok = finished.filter((r) => r.state === 'succeeded' || r.state === 'succeeded_with_warnings');
    const durations = finished
      .filter((r) => r.startedAt && r.finishedAt)
      .map((r) => Date.parse(r.finishedAt as string) - Date.parse(r.startedAt as string));
    const sum = (k: 'added' | 'updated' | 'unchanged' | 'deactivated' | 'errors') =>
      finished.reduce((n, r) => n + (r.counts[k] ?? 0), 0);
    return {
      day,
      runs: today.length,
      succeeded: ok.length,
      failed: finished.length - ok.length,
      successRate: finished.length ? Math.round((ok.length / finished.length) * 1000) / 10 : null,
      avgDurationMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
      added: sum('added'),
      updated: sum('updated'),
      unchanged: sum('unchanged'),
      deactivated: sum('deactivated'),
      itemErrors: sum('errors'),
      errorsByCode: Object.fromEntries(errors.filter((e) => e.day === day).map((e) => [e.code, Number(e.n)])),
    };
  });

  // Upstream figures per day and system: calls of this tenant (the connectors do not tag calls by template).
  const calls = await deps.db
    .select({
      day: sql<string>`substr(datetime(${upstreamCalls.at}, ${shift}), 1, 10)`,
      system: upstreamCalls.system,
      ok: upstreamCalls.ok,
      ms: upstreamCalls.durationMs,
    })
    .from(upstreamCalls)
    .where(and(eq(upstreamCalls.tenantId, opts.tenantId), gte(upstreamCalls.at, since)))
    .limit(200_000);
  const upstream: UpstreamDay[] = [];
  for (const day of days) {
    for (const system of ['cw', 'tds'] as const) {
      const rows = calls.filter((c) => c.day === day && c.system === system);
      const sorted = rows.map((r) => r.ms).sort((a, b) => a - b);
      upstream.push({
        day,
        system,
        calls: rows.length,
        failures: rows.filter((r) => !r.ok).length,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
      });
    }
  }
  return { tenantId: opts.tenantId, templateId: opts.templateId, timeZone: opts.timeZone, days, perDay, upstream };
}
