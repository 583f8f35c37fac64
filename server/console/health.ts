/**
 * One tenant's health for the console's Status section: the engine's per-template lights with the
 * connection rules applied (health-rules.ts), connection status with the key-expiry countdown, upstream
 * response times (p50/p95) and errors by type from upstream_calls, API budget use, and the live progress
 * of running syncs (done/total, rate, ETA).
 */
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { upstreamCalls } from '../../db/schema/metrics.ts';
import { syncRuns } from '../../db/schema/runs.ts';
import { DEFAULT_LIMITS } from '../connectors/limiter.ts';
import type { Deps } from '../deps.ts';
import { connectionsView, type SystemView } from '../setup/connections-service.ts';
import type { Engine } from '../sync/engine/index.ts';
import type { Light, StatusReason, TemplateStatus } from '../sync/engine/status.ts';
import {
  AUTH_REFUSED,
  judgeConnection,
  type SystemHealthInput,
  type SystemLight,
  withConnections,
  worstLight,
} from './health-rules.ts';

const DAY_MS = 86_400_000;
/** Percentiles are read from at most this many recent calls per system. */
const SAMPLE = 5_000;

export interface UpstreamFigures {
  system: 'cw' | 'tds';
  calls24h: number;
  failures24h: number;
  /** Failures of the upstream itself (5xx, throttling, timeouts…), without refused credentials. */
  upstreamFailures24h: number;
  p50Ms: number | null;
  p95Ms: number | null;
  errorsByCode: Record<string, number>;
  /** API budget: calls in the busiest minute of the last hour against the per-minute limit tds-bridge keeps to. */
  budget: { perMinuteLimit: number; peakMinuteLastHour: number; callsLastHour: number };
}

export interface LiveProgress {
  runId: number;
  templateId: string;
  state: string;
  done: number;
  total: number | null;
  label: string | null;
  /** Items per minute since the run started. */
  ratePerMinute: number | null;
  etaSeconds: number | null;
  startedAt: string | null;
}

export interface TenantHealth {
  tenantId: string;
  name: string;
  timeZone: string;
  generatedAt: string;
  state: Light;
  reasons: StatusReason[];
  templates: TemplateStatus[];
  connections: Array<
    SystemLight & {
      configured: boolean;
      inUse: SystemView['inUse'];
      expiry: SystemHealthInput['expiry'];
      lastCall: SystemHealthInput['lastCall'];
    }
  >;
  upstream: UpstreamFigures[];
  running: LiveProgress[];
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

async function upstreamFigures(deps: Deps, tenantId: string, system: 'cw' | 'tds'): Promise<UpstreamFigures> {
  const now = deps.now().getTime();
  const since = new Date(now - DAY_MS).toISOString();
  const hourAgo = new Date(now - 3_600_000).toISOString();
  const where = and(
    eq(upstreamCalls.tenantId, tenantId),
    eq(upstreamCalls.system, system),
    gte(upstreamCalls.at, since),
  );
  const [totals] = await deps.db
    .select({
      calls: sql<number>`count(*)`,
      failures: sql<number>`coalesce(sum(case when ${upstreamCalls.ok} then 0 else 1 end), 0)`,
      // Refused credentials are the connection's own light (red while they last), not a degraded upstream.
      upstreamFailures: sql<number>`coalesce(sum(case when ${upstreamCalls.ok} or ${upstreamCalls.status} in (401, 403) or coalesce(${upstreamCalls.errorCode}, '') in (${sql.join(
        [...AUTH_REFUSED].map((code) => sql`${code}`),
        sql`, `,
      )}) then 0 else 1 end), 0)`,
    })
    .from(upstreamCalls)
    .where(where);
  const durations = await deps.db
    .select({ ms: upstreamCalls.durationMs })
    .from(upstreamCalls)
    .where(where)
    .orderBy(desc(upstreamCalls.id))
    .limit(SAMPLE);
  const sorted = durations.map((d) => d.ms).sort((a, b) => a - b);
  const codes = await deps.db
    .select({ code: upstreamCalls.errorCode, n: sql<number>`count(*)` })
    .from(upstreamCalls)
    .where(and(where, eq(upstreamCalls.ok, false)))
    .groupBy(upstreamCalls.errorCode);
  const minutes = await deps.db
    .select({ minute: sql<string>`substr(${upstreamCalls.at}, 1, 16)`, n: sql<number>`count(*)` })
    .from(upstreamCalls)
    .where(and(eq(upstreamCalls.tenantId, tenantId), eq(upstreamCalls.system, system), gte(upstreamCalls.at, hourAgo)))
    .groupBy(sql`substr(${upstreamCalls.at}, 1, 16)`);
  return {
    system,
    calls24h: Number(totals?.calls ?? 0),
    failures24h: Number(totals?.failures ?? 0),
    upstreamFailures24h: Number(totals?.upstreamFailures ?? 0),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    errorsByCode: Object.fromEntries(codes.map((c) => [c.code ?? 'unknown', Number(c.n)])),
    budget: {
      perMinuteLimit: DEFAULT_LIMITS[system].perMinute,
      peakMinuteLastHour: Math.max(0, ...minutes.map((m) => Number(m.n))),
      callsLastHour: minutes.reduce((n, m) => n + Number(m.n), 0),
    },
  };
}

async function lastCall(deps: Deps, tenantId: string, system: 'cw' | 'tds'): Promise<SystemHealthInput['lastCall']> {
  const [row] = await deps.db
    .select()
    .from(upstreamCalls)
    .where(and(eq(upstreamCalls.tenantId, tenantId), eq(upstreamCalls.system, system)))
    .orderBy(desc(upstreamCalls.id))
    .limit(1);
  return row ? { ok: row.ok, status: row.status, errorCode: row.errorCode, at: row.at } : null;
}

export async function liveProgress(deps: Deps, tenantId: string): Promise<LiveProgress[]> {
  const rows = await deps.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.tenantId, tenantId), sql`${syncRuns.state} in ('scheduled', 'running')`));
  const now = deps.now().getTime();
  return rows.map((run) => {
    const done = run.progress?.done ?? 0;
    const total = run.progress?.total ?? null;
    const elapsedMin = run.startedAt ? (now - Date.parse(run.startedAt)) / 60_000 : 0;
    const rate = elapsedMin > 0 && done > 0 ? done / elapsedMin : null;
    return {
      runId: run.id,
      templateId: run.templateId,
      state: run.state,
      done,
      total,
      label: run.progress?.label ?? null,
      ratePerMinute: rate === null ? null : Math.round(rate * 10) / 10,
      etaSeconds: rate && total !== null ? Math.max(0, Math.round(((total - done) / rate) * 60)) : null,
      startedAt: run.startedAt,
    };
  });
}

export async function tenantHealth(
  deps: Deps,
  engine: Pick<Engine, 'status'>,
  tenantId: string,
): Promise<TenantHealth | null> {
  const status = (await engine.status()).find((t) => t.tenantId === tenantId);
  if (!status) return null;
  await deps.recorder.flush?.();
  const view = await connectionsView(deps, tenantId);
  const upstream = await Promise.all([upstreamFigures(deps, tenantId, 'cw'), upstreamFigures(deps, tenantId, 'tds')]);
  const connections = await Promise.all(
    (['cw', 'tds'] as const).map(async (system, i) => {
      const sys = view[system];
      const inUse = sys.inUse ? sys[sys.inUse] : null;
      const figures = upstream[i] as UpstreamFigures;
      const input: SystemHealthInput = {
        system,
        configured: Boolean(sys.primary || sys.standby),
        expiry: inUse?.expiry ?? { state: 'none', daysLeft: null, expiresAt: null },
        standbyInUse: sys.inUse === 'standby' && Boolean(sys.takeover),
        lastCall: await lastCall(deps, tenantId, system),
        calls24h: figures.calls24h,
        failures24h: figures.upstreamFailures24h,
        p95Ms: figures.p95Ms,
      };
      return {
        ...judgeConnection(input),
        configured: input.configured,
        inUse: sys.inUse,
        expiry: input.expiry,
        lastCall: input.lastCall,
      };
    }),
  );
  const templates = status.templates.map((t) => withConnections(t, connections));
  const reasons = connections.filter((c) => c.state === 'red' || c.state === 'yellow').flatMap((c) => c.reasons);
  return {
    tenantId,
    name: status.name,
    timeZone: status.timeZone,
    generatedAt: deps.now().toISOString(),
    state: worstLight([...templates.map((t) => t.state), ...connections.map((c) => c.state)]),
    reasons,
    templates,
    connections,
    upstream,
    running: await liveProgress(deps, tenantId),
  };
}
