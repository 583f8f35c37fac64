/**
 * Gathers what support asks a customer for, one section per file: versions (ours, ConnectWise's system/info,
 * each template's), configuration, the API members' permissions (test connection's checks), recent errors and
 * activity excerpts, failing upstream calls, a timeline of when problems started, diagnostics (status lights,
 * open alerts) and recent configuration changes. Nothing here redacts: bundle.ts does, on everything at once.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import * as z from 'zod';
import { syncActivity } from '../../../db/schema/activity.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import { syncRuns } from '../../../db/schema/runs.ts';
import { tenantHealth } from '../../console/health.ts';
import type { Deps } from '../../deps.ts';
import { TestConnectionInput, testConnection } from '../../setup/test-connection.ts';
import type { Engine } from '../../sync/engine/index.ts';
import { cwClientFor } from '../../tenants/cw-clients.ts';
import { openAlerts } from '../alerts/state.ts';
import { readConfiguration } from '../backup/export.ts';
import { runDiagnostics } from '../diagnostics/index.ts';
import { problemTimeline } from './timeline.ts';

const DAY_MS = 86_400_000;

export type Sections = Record<string, unknown>;

async function fingerprint(value: unknown): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(value)));
  return [...new Uint8Array(bytes).slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function guarded<T>(work: () => Promise<T>): Promise<T | { unavailable: string }> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { unavailable: `${e.code ? `${e.code}: ` : ''}${e.message}` };
  }
}

export async function collectSections(input: {
  deps: Deps;
  engine: Engine;
  tenantId: string;
  actor: string;
}): Promise<{ sections: Sections; secrets: unknown[] }> {
  const { deps, engine, tenantId } = input;
  const now = deps.now();
  const week = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const month = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const { backup, secrets } = await readConfiguration(deps, tenantId);

  const templates = await Promise.all(
    engine.templates.map(async (t) => {
      let schema: unknown = null;
      try {
        schema = z.toJSONSchema(t.settingsSchema, { io: 'input', unrepresentable: 'any' });
      } catch {
        schema = t.id;
      }
      return {
        id: t.id,
        title: t.title,
        version: `${deps.version}+${await fingerprint(schema)}`,
        defaultSchedule: t.defaultSchedule,
      };
    }),
  );
  const runtime = (globalThis as { process?: { versions?: Record<string, string> } }).process?.versions;
  const versions = {
    tdsBridge: deps.version,
    runtime: runtime?.node ? `node ${runtime.node}` : 'workers',
    connectWise: await guarded(async () =>
      (await cwClientFor(deps, tenantId, { retry: false, timeoutMs: 10_000 })).systemInfo(),
    ),
    templates,
  };

  const permissions = await guarded(() =>
    testConnection(deps, tenantId, TestConnectionInput.parse({ timeoutMs: 10_000 }), input.actor),
  );

  const errors = await deps.db
    .select()
    .from(syncActivity)
    .where(and(eq(syncActivity.tenantId, tenantId), eq(syncActivity.level, 'error'), gte(syncActivity.at, week)))
    .orderBy(desc(syncActivity.id))
    .limit(200);
  const activity = await deps.db
    .select()
    .from(syncActivity)
    .where(
      and(
        eq(syncActivity.tenantId, tenantId),
        inArray(syncActivity.level, ['info', 'warn', 'error']),
        gte(syncActivity.at, week),
      ),
    )
    .orderBy(desc(syncActivity.id))
    .limit(500);
  const failingCalls = await deps.db
    .select({
      system: upstreamCalls.system,
      method: upstreamCalls.method,
      route: upstreamCalls.route,
      status: upstreamCalls.status,
      errorCode: upstreamCalls.errorCode,
      count: sql<number>`count(*)`,
      first: sql<string>`min(${upstreamCalls.at})`,
      last: sql<string>`max(${upstreamCalls.at})`,
    })
    .from(upstreamCalls)
    .where(and(eq(upstreamCalls.tenantId, tenantId), eq(upstreamCalls.ok, false), gte(upstreamCalls.at, week)))
    .groupBy(
      upstreamCalls.system,
      upstreamCalls.method,
      upstreamCalls.route,
      upstreamCalls.status,
      upstreamCalls.errorCode,
    )
    .limit(200);
  const runs = await deps.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.tenantId, tenantId))
    .orderBy(desc(syncRuns.id))
    .limit(50);
  const changes = await deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), gte(auditLog.at, month)))
    .orderBy(desc(auditLog.id))
    .limit(300);
  const diagnostics = {
    // The console's lights (templates with connection rules) and its diagnostics of the manual's common issues.
    status: await guarded(() => tenantHealth(deps, engine, tenantId)),
    findings: await guarded(() => runDiagnostics(deps, engine, { tenantId, actor: input.actor })),
    openAlerts: await openAlerts(deps.db, tenantId),
  };

  return {
    sections: {
      'versions.json': versions,
      'configuration.json': backup,
      'permissions.json': permissions,
      'diagnostics.json': diagnostics,
      'recent-errors.json': errors,
      'activity-excerpt.json': activity,
      'failing-upstream-calls.json': failingCalls,
      'timeline.json': await problemTimeline(deps.db, tenantId, month),
      'recent-changes.json': changes,
      'runs.json': runs,
    },
    secrets: [secrets, deps.adminToken, deps.sessionSecret, deps.env.SECRETS_KEY, deps.env.LIBSQL_AUTH_TOKEN],
  };
}
