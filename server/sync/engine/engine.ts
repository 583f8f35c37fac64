/**
 * The sync engine: one `tick()` for the Node interval and the Workers cron. A tick turns due schedules
 * into runs, recovers runs whose worker died, and advances runnable runs within its time budget.
 * `runNow`, `cancel`, `pause` and `resume` are what the admin API and the CLI call.
 */
import type { Db } from '../../../db/client.ts';
import type { SyncActivity } from '../../../db/schema/activity.ts';
import type { SyncRun } from '../../../db/schema/runs.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { type ActivityQuery, type Page, queryActivity } from './activity-log.ts';
import type { Template } from './define.ts';
import { DEFAULT_RUN_RETRY, type RunRetryPolicy } from './failure.ts';
import { createIntake, type Intake, type IntakeDrainReport, type IntakeOptions } from './intake.ts';
import { recoverExpiredLeases } from './recovery.ts';
import {
  cancelRun,
  type RequestEnv,
  type RunNowResult,
  requireTenant as requireTenantIn,
  runNow,
  scheduleDueRuns,
} from './requests.ts';
import { claimRun, getRun, listRuns, type RunQuery, runnableRuns } from './run-repo.ts';
import { RunScopes } from './run-scope.ts';
import { type AdvanceResult, CANCELLED, RunAdvancer, type RunnerEnv, SHUTDOWN } from './runner.ts';
import {
  ensureSchedules,
  type ScheduleChange,
  type ScheduleView,
  toScheduleView,
  updateSchedule,
} from './schedules.ts';
import { type SettingsView, saveSettings, settingsView } from './settings.ts';
import { isTerminal } from './states.ts';
import { computeStatus, type TenantStatus } from './status.ts';

export type { RunNowResult };

export interface EngineOptions {
  db: Db;
  templates: readonly Template[];
  /** The engine clock (tests pass a fake one). */
  now?: () => Date;
  /** Who holds leases taken by this engine; unique per process/isolate. */
  ownerId?: string;
  /** Wall time one tick may spend advancing runs. Workers: ~20 s. Node: Infinity (run until done). */
  budgetMs?: number;
  /** Budget of one step (capped by what is left of the tick's budget). */
  stepMs?: number;
  /** How long a lease lasts without renewal; a crashed worker's runs are resumed after this. */
  leaseMs?: number;
  /** Real-time interval of lease renewal during a step (default leaseMs / 3). */
  heartbeatMs?: number;
  /** Runs advanced at once by this engine. */
  maxConcurrentRuns?: number;
  /** Failed attempts in a row before a run fails (a template may set its own). */
  maxAttempts?: number;
  retry?: RunRetryPolicy;
  random?: () => number;
  /** Given to templates as `ctx.deps` (for building upstream clients). */
  deps?: Deps;
  /**
   * `kick()` starts a tick at once, so a run requested through the API starts now instead of at the
   * next interval or cron (default true; tests that tick by hand turn it off).
   */
  startOnRequest?: boolean;
  /** The durable intake's settings (lease, replay window, Node wake-up timers); see intake.ts. */
  intake?: Partial<Omit<IntakeOptions, 'db' | 'owner' | 'now' | 'deps'>>;
}

export interface TickReport {
  /** Runs created from due schedules. */
  created: number;
  /** Expired leases found (resumed or failed). */
  recovered: number;
  advanced: AdvanceResult[];
  /** Intake requests worked through by this tick. */
  intake: IntakeDrainReport;
}

export interface Engine {
  readonly ownerId: string;
  readonly templates: readonly Template[];
  /** Durable intake of acknowledged work (callbacks, "Send to TDS"); drained by every tick too. */
  readonly intake: Intake;
  template(id: string): Template;
  tick(): Promise<TickReport>;
  /** A tick started because something was requested (see `startOnRequest`); undefined when off. */
  kick(): Promise<TickReport> | undefined;
  runNow(tenantId: string, templateId: string, opts?: { full?: boolean; requestedBy?: string }): Promise<RunNowResult>;
  cancel(runId: number, opts?: { requestedBy?: string }): Promise<SyncRun>;
  pause(tenantId: string, templateId: string): Promise<ScheduleView>;
  resume(tenantId: string, templateId: string): Promise<ScheduleView>;
  schedules(tenantId: string): Promise<ScheduleView[]>;
  setSchedule(tenantId: string, templateId: string, change: ScheduleChange): Promise<ScheduleView>;
  settings(tenantId: string, templateId: string): Promise<SettingsView>;
  setSettings(tenantId: string, templateId: string, settings: unknown, by?: string): Promise<SettingsView>;
  run(runId: number): Promise<SyncRun>;
  runs(query: RunQuery): Promise<Page<SyncRun>>;
  activity(query: ActivityQuery): Promise<Page<SyncActivity>>;
  status(): Promise<TenantStatus[]>;
  /** Stops advancing: running steps are aborted, their leases released so another worker resumes at once. */
  stop(): Promise<void>;
}

const DEFAULTS = { stepMs: 15_000, leaseMs: 120_000, maxConcurrentRuns: 4, maxAttempts: 5 };

export function createEngine(options: EngineOptions): Engine {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const ownerId = options.ownerId ?? `engine-${crypto.randomUUID()}`;
  const budgetMs = options.budgetMs ?? Number.POSITIVE_INFINITY;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const maxConcurrentRuns = options.maxConcurrentRuns ?? DEFAULTS.maxConcurrentRuns;
  const registry = new Map(options.templates.map((t) => [t.id, t]));
  if (registry.size !== options.templates.length) throw new Error('Two templates share an id; ids must be unique.');
  const inflight = new Map<number, { advancer: RunAdvancer; done: Promise<AdvanceResult> }>();
  let stopping = false;
  const scopes = new RunScopes();
  const intake = createIntake({
    budgetMs: Number.isFinite(budgetMs) ? budgetMs : undefined,
    ...options.intake,
    db,
    owner: ownerId,
    now,
    deps: options.deps,
  });

  const env: RunnerEnv = {
    db,
    owner: ownerId,
    now,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1_000, Math.floor(leaseMs / 3)),
    stepMs: options.stepMs ?? DEFAULTS.stepMs,
    retry: options.retry ?? DEFAULT_RUN_RETRY,
    random: options.random,
    deps: options.deps,
    isStopping: () => stopping,
    scopes,
    status: () => computeStatus(db, options.templates, now()),
  };

  function template(id: string): Template {
    const found = registry.get(id);
    if (found) return found;
    throw notFound(
      'template_not_found',
      `There is no sync template "${id}". Templates: ${[...registry.keys()].join(', ') || 'none'}.`,
    );
  }

  const requests: RequestEnv = {
    db,
    now,
    templates: options.templates,
    template,
    maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
  };
  const requireTenant = (tenantId: string) => requireTenantIn(db, tenantId);

  async function advanceClaimed(): Promise<AdvanceResult[]> {
    const free = maxConcurrentRuns - inflight.size;
    if (free <= 0 || stopping) return [];
    const candidates = await runnableRuns(db, [...registry.keys()], now(), free * 2);
    const tickDeadline = now().getTime() + budgetMs;
    const started: Promise<AdvanceResult>[] = [];
    for (const candidate of candidates) {
      if (started.length >= free || inflight.has(candidate.id)) continue;
      const claimed = await claimRun(db, candidate, ownerId, now(), leaseMs);
      if (!claimed) continue;
      const advancer = new RunAdvancer(env, template(claimed.templateId), claimed, tickDeadline);
      const done = advancer
        .advance(candidate.startedAt === null)
        .then(async (result) => {
          // Kept only while this process is likely to take the next step: budget used, or waiting to retry.
          const continues = !stopping && (result.outcome === 'released' || result.outcome === 'rescheduled');
          if (!continues) await scopes.end(claimed.id);
          return result;
        })
        .finally(() => inflight.delete(claimed.id));
      inflight.set(claimed.id, { advancer, done });
      started.push(done);
    }
    return Promise.all(started);
  }

  /** Ends the scopes of runs this process holds but no longer works on (finished or taken over elsewhere). */
  async function sweepScopes(): Promise<void> {
    for (const runId of scopes.runIds()) {
      if (inflight.has(runId)) continue;
      const run = await getRun(db, runId);
      const ours = run && !isTerminal(run.state) && (run.leaseOwner === null || run.leaseOwner === ownerId);
      if (!ours) await scopes.end(runId);
    }
  }

  async function setEnabled(tenantId: string, templateId: string, enabled: boolean) {
    return setSchedule(tenantId, templateId, { enabled });
  }

  async function setSchedule(tenantId: string, templateId: string, change: ScheduleChange) {
    const tmpl = template(templateId);
    await requireTenant(tenantId);
    const at = now();
    return toScheduleView(await updateSchedule(db, tmpl, tenantId, change, at), tmpl, at);
  }

  return {
    ownerId,
    templates: options.templates,
    intake,
    template,

    async tick() {
      const created = stopping ? 0 : await scheduleDueRuns(requests);
      const recovered = await recoverExpiredLeases(db, registry, now());
      await sweepScopes();
      // The intake's pass runs beside the runs: a slow Product Sync step never delays a callback.
      const [advanced, drained] = await Promise.all([advanceClaimed(), stopping ? undefined : intake.drain()]);
      return { created, recovered, advanced, intake: drained ?? { done: 0, retried: 0, failed: 0 } };
    },

    kick() {
      if (options.startOnRequest === false || stopping) return undefined;
      return this.tick();
    },

    runNow: (tenantId, templateId, opts) => runNow(requests, tenantId, templateId, opts),

    async cancel(runId, opts = {}) {
      const { run, flagged } = await cancelRun(requests, runId, opts);
      if (flagged) inflight.get(runId)?.advancer.abort(CANCELLED, 'The run was cancelled.');
      return run;
    },

    pause: (tenantId, templateId) => setEnabled(tenantId, templateId, false),
    resume: (tenantId, templateId) => setEnabled(tenantId, templateId, true),
    setSchedule,

    async schedules(tenantId) {
      await requireTenant(tenantId);
      const at = now();
      const rows = await ensureSchedules(db, options.templates, at, tenantId);
      return options.templates.flatMap((t) => {
        const row = rows.find((r) => r.templateId === t.id);
        return row ? [toScheduleView(row, t, at)] : [];
      });
    },

    async settings(tenantId, templateId) {
      const tmpl = template(templateId);
      await requireTenant(tenantId);
      return settingsView(db, tmpl, tenantId);
    },

    async setSettings(tenantId, templateId, settings, by) {
      const tmpl = template(templateId);
      await requireTenant(tenantId);
      return saveSettings(db, tmpl, tenantId, settings, by ?? null, now());
    },

    async run(runId) {
      const found = await getRun(db, runId);
      if (!found) throw notFound('run_not_found', `There is no run ${runId}.`);
      return found;
    },
    runs: (query) => listRuns(db, query),
    activity: (query) => queryActivity(db, query),
    status: () => computeStatus(db, options.templates, now()),

    async stop() {
      stopping = true;
      for (const { advancer } of inflight.values()) advancer.abort(SHUTDOWN, 'The server is shutting down.');
      await Promise.all([intake.stop(), Promise.allSettled([...inflight.values()].map((r) => r.done))]);
      await scopes.endAll();
    },
  };
}
