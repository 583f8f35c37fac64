/** Reads of recorded history the diagnostics share: the last finished run of a template, upstream calls since a time. */
import { and, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import { type SyncRun, syncRuns } from '../../../db/schema/runs.ts';

export async function lastFinishedRun(db: Db, tenantId: string, templateId: string): Promise<SyncRun | undefined> {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.tenantId, tenantId),
        eq(syncRuns.templateId, templateId),
        inArray(syncRuns.state, ['succeeded', 'succeeded_with_warnings', 'failed']),
      ),
    )
    .orderBy(desc(syncRuns.id))
    .limit(1);
  return run;
}

export interface CallStats {
  system: 'cw' | 'tds';
  calls: number;
  throttled: number;
  timeouts: number;
  p95Ms: number | null;
}

export async function callStats(db: Db, tenantId: string, system: 'cw' | 'tds', since: string): Promise<CallStats> {
  const where = and(
    eq(upstreamCalls.tenantId, tenantId),
    eq(upstreamCalls.system, system),
    gte(upstreamCalls.at, since),
  );
  const [row] = await db
    .select({
      calls: sql<number>`count(*)`,
      throttled: sql<number>`coalesce(sum(case when ${upstreamCalls.status} = 429 or ${upstreamCalls.errorCode} like '%rate_limited' then 1 else 0 end), 0)`,
      timeouts: sql<number>`coalesce(sum(case when ${upstreamCalls.errorCode} like '%timeout%' then 1 else 0 end), 0)`,
    })
    .from(upstreamCalls)
    .where(where);
  const durations = await db
    .select({ ms: upstreamCalls.durationMs })
    .from(upstreamCalls)
    .where(and(where, or(eq(upstreamCalls.ok, true), sql`${upstreamCalls.status} > 0`)))
    .orderBy(desc(upstreamCalls.id))
    .limit(5_000);
  const sorted = durations.map((d) => d.ms).sort((a, b) => a - b);
  const p95 = sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? null) : null;
  return {
    system,
    calls: Number(row?.calls ?? 0),
    throttled: Number(row?.throttled ?? 0),
    timeouts: Number(row?.timeouts ?? 0),
    p95Ms: p95,
  };
}
