/**
 * Advances one run whose lease we hold: calls the template's step function until the run is done, the
 * invocation's budget is used, the run is cancelled, or a step fails. Every path either leaves the run
 * terminal with its closing log entry, back in `scheduled` with a reason, or `running` with the lease
 * released for the next tick. A lost lease stops us without writing anything further.
 */

import type { Db } from '../../../db/client.ts';
import type { RunWarning, SyncRun } from '../../../db/schema/runs.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type ActivityWriter, createActivityWriter } from './activity-log.ts';
import { parseSettings, type StepResult, type Template } from './define.ts';
import { decideFailure, type RunRetryPolicy } from './failure.ts';
import { writeLiveProgress } from './live-progress.ts';
import { releaseLease, renewLease, transitionRun } from './run-repo.ts';
import type { RunScopes } from './run-scope.ts';
import type { TenantStatus } from './status.ts';
import { buildStepContext, validateResult } from './step-context.ts';
import { StepTally } from './step-tally.ts';
import { closingEntry, describeDuration } from './summary.ts';

export const CANCELLED = 'run_cancelled';
export const LEASE_LOST = 'lease_lost';
export const SHUTDOWN = 'engine_shutdown';

export interface RunnerEnv {
  db: Db;
  owner: string;
  now: () => Date;
  leaseMs: number;
  heartbeatMs: number;
  stepMs: number;
  retry: RunRetryPolicy;
  random?: () => number;
  deps?: Deps;
  isStopping(): boolean;
  /** Per-run resources in this process (see run-scope.ts). */
  scopes: RunScopes;
  /** The engine's status of every tenant and template (StepContext.status). */
  status(): Promise<TenantStatus[]>;
}

export type AdvanceOutcome = 'finished' | 'rescheduled' | 'released' | 'lease_lost';

export interface AdvanceResult {
  runId: number;
  outcome: AdvanceOutcome;
  state: SyncRun['state'];
  steps: number;
}

function abortReason(signal: AbortSignal): string | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof AppError ? signal.reason.code : String(signal.reason);
}

export class RunAdvancer {
  readonly controller = new AbortController();
  private run: SyncRun;
  private readonly log: ActivityWriter;
  private stepsThisCall = 0;
  private progressWrittenAt = 0;

  constructor(
    private readonly env: RunnerEnv,
    private readonly template: Template,
    claimed: SyncRun,
    private readonly tickDeadline: number,
  ) {
    this.run = claimed;
    this.log = createActivityWriter(
      env.db,
      { tenantId: claimed.tenantId, templateId: claimed.templateId, runId: claimed.id },
      env.now,
    );
  }

  abort(code: string, message: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(new AppError(code, message));
  }

  async advance(firstStart: boolean): Promise<AdvanceResult> {
    try {
      return await this.loop(firstStart);
    } catch (error) {
      // The engine itself failed (e.g. the database refused a write): treat it like a retryable step
      // failure, so it is retried with backoff and still ends after maxAttempts. If even that write
      // fails, the lease expires and recovery counts the attempt.
      if (this.run.state !== 'running') return this.result(this.run.state === 'scheduled' ? 'rescheduled' : 'finished');
      const engineError = new AppError(
        'engine_error',
        `The sync engine hit an internal error while running ${this.template.title} (${(error as Error).message}).`,
        { retryable: true },
      );
      return await this.failStep(engineError, new StepTally(), 0).catch(() => this.result('lease_lost'));
    } finally {
      await this.flushLog();
    }
  }

  /** The run row is what counts; a log write that fails is reported, not allowed to stop the run. */
  private async flushLog(): Promise<void> {
    try {
      await this.log.flush();
    } catch (error) {
      console.error(`sync activity for run ${this.run.id} could not be written: ${(error as Error).message}`);
    }
  }

  private result(outcome: AdvanceOutcome): AdvanceResult {
    return { runId: this.run.id, outcome, state: this.run.state, steps: this.stepsThisCall };
  }

  private async loop(firstStart: boolean): Promise<AdvanceResult> {
    const { template, env } = this;
    if (firstStart) {
      this.log.run('info', {
        code: 'run_started',
        message: `${template.title} started${this.run.full ? ' (full resync)' : ''}.`,
        details: { trigger: this.run.trigger, requestedBy: this.run.requestedBy },
      });
    }
    const settings = parseSettings(template, this.run.settings);
    if (!settings.ok) {
      return this.finishWith('failed', {
        code: 'template_settings_invalid',
        message: `${template.title} cannot run: its settings are invalid (${settings.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ')}). Fix them in the console.`,
      });
    }

    for (;;) {
      if (this.run.cancelRequested || abortReason(this.controller.signal) === CANCELLED) return this.finishCancelled();
      if (env.isStopping()) return this.release('shutting down');
      const remaining = this.tickDeadline - env.now().getTime();
      if (remaining <= 0) return this.release('budget used');

      const checkpoint = this.readCheckpoint();
      if (!checkpoint.ok) return this.finishWith('failed', checkpoint.error);

      const tally = new StepTally();
      const budgetMs = Math.min(env.stepMs, remaining);
      const started = env.now().getTime();
      const ctx = buildStepContext({
        env,
        run: this.run,
        log: this.log,
        signal: this.controller.signal,
        tally,
        settings: settings.settings,
        checkpoint: checkpoint.value,
        deadline: started + budgetMs,
        budgetMs,
        onProgress: (progress) => {
          this.progressWrittenAt = writeLiveProgress(this.env, {
            run: this.run,
            progress,
            lastWriteAt: this.progressWrittenAt,
          });
        },
      });
      const stopHeartbeat = this.startHeartbeat();
      let result: StepResult | undefined;
      let failure: unknown;
      try {
        result = await template.run(ctx);
      } catch (error) {
        failure = error;
      } finally {
        stopHeartbeat();
      }
      const elapsed = env.now().getTime() - started;
      const aborted = abortReason(this.controller.signal);
      if (aborted === LEASE_LOST) return this.result('lease_lost');
      if (failure !== undefined) {
        if (aborted === CANCELLED) return this.finishCancelled(tally, elapsed);
        if (aborted === SHUTDOWN) return this.release('shutting down', tally, elapsed);
        return this.failStep(failure, tally, elapsed);
      }
      const contractError = validateResult(result);
      if (contractError) return this.failStep(contractError, tally, elapsed);
      if (result?.done) return this.finishSuccess(result.warnings ?? [], tally, elapsed);

      const saved = await renewLease(env.db, this.run.id, env.owner, this.leaseUntil(), {
        ...tally.mergeInto(this.run, elapsed),
        checkpoint: (result as { checkpoint: unknown }).checkpoint ?? null,
        steps: this.run.steps + 1,
        attempts: 0,
        lastError: null,
        updatedAt: env.now().toISOString(),
      });
      if (!saved) return this.result('lease_lost');
      this.run = saved;
      this.stepsThisCall++;
      await this.flushLog();
    }
  }

  private readCheckpoint(): { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } {
    const stored = this.run.checkpoint ?? undefined;
    if (stored === undefined || !this.template.checkpointSchema) return { ok: true, value: stored };
    const parsed = this.template.checkpointSchema.safeParse(stored);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      error: {
        code: 'checkpoint_invalid',
        message: `${this.template.title} cannot resume from its saved checkpoint (it may predate an upgrade). Start it again; a full resync is safest.`,
      },
    };
  }

  private leaseUntil(): Date {
    return new Date(this.env.now().getTime() + this.env.leaseMs);
  }

  /** Keeps the lease alive during a long step and notices a cancel request from another process. */
  private startHeartbeat(): () => void {
    let beating = false;
    const timer = setInterval(async () => {
      if (beating) return;
      beating = true;
      try {
        const row = await renewLease(this.env.db, this.run.id, this.env.owner, this.leaseUntil());
        if (!row) this.abort(LEASE_LOST, 'Another worker took over this run after its lease expired.');
        else if (row.cancelRequested) this.abort(CANCELLED, 'The run was cancelled.');
      } catch {
        // A missed heartbeat only shortens the lease; the step-boundary save will tell.
      } finally {
        beating = false;
      }
    }, this.env.heartbeatMs);
    return () => clearInterval(timer);
  }

  private async release(why: string, tally?: StepTally, elapsed = 0): Promise<AdvanceResult> {
    if (tally) {
      // Keep the upstream calls the interrupted step made; its items will be redone.
      await renewLease(
        this.env.db,
        this.run.id,
        this.env.owner,
        this.leaseUntil(),
        tally.mergeUpstreamOnly(this.run, elapsed),
      );
    }
    this.log.run('debug', {
      code: 'run_paused',
      message: `${this.template.title} paused after step ${this.run.steps} (${why}); it continues on the next tick.`,
    });
    const released = await releaseLease(this.env.db, this.run.id, this.env.owner, this.env.now());
    return this.result(released ? 'released' : 'lease_lost');
  }

  private async failStep(error: unknown, tally: StepTally, elapsed: number): Promise<AdvanceResult> {
    const { env, template, run } = this;
    const attempt = run.attempts + 1;
    const outcome = decideFailure({
      error,
      attempt,
      maxAttempts: run.maxAttempts,
      policy: env.retry,
      templateTitle: template.title,
      random: env.random,
    });
    const now = env.now();
    const upstreamDetail = error instanceof AppError ? error.details : undefined;
    if (outcome.kind === 'fail') {
      return this.finishWith(
        'failed',
        { code: outcome.code, message: outcome.message, details: upstreamDetail },
        tally.mergeUpstreamOnly(run, elapsed),
      );
    }
    const notBefore = new Date(now.getTime() + outcome.waitMs);
    const lastError = { code: outcome.code, message: outcome.message, at: now.toISOString() };
    const moved = await transitionRun(
      env.db,
      run,
      'scheduled',
      {
        ...tally.mergeUpstreamOnly(run, elapsed),
        attempts: attempt,
        notBefore: notBefore.toISOString(),
        lastError,
        updatedAt: now.toISOString(),
      },
      { owner: env.owner },
    );
    if (!moved) return this.result('lease_lost');
    this.run = moved;
    const waitText = describeDuration(outcome.waitMs);
    this.log.run('warn', {
      code: outcome.code,
      message: `${template.title} step ${run.steps + 1} failed (attempt ${attempt} of ${run.maxAttempts}): ${outcome.message} Retrying in ${waitText}.`,
      details: { reason: outcome.reason, notBefore: notBefore.toISOString(), upstream: upstreamDetail },
    });
    return this.result('rescheduled');
  }

  private async finishSuccess(
    warningsIn: Array<string | RunWarning>,
    tally: StepTally,
    elapsed: number,
  ): Promise<AdvanceResult> {
    const warnings = warningsIn.map((w) => (typeof w === 'string' ? { code: 'template_warning', message: w } : w));
    for (const warning of warnings) this.log.run('warn', warning);
    const patch = {
      ...tally.mergeInto(this.run, elapsed),
      checkpoint: null,
      steps: this.run.steps + 1,
      warnings: [...this.run.warnings, ...warnings],
    };
    const withWarnings = patch.warnings.length > 0 || patch.counts.errors > 0;
    const result = await this.finishWith(withWarnings ? 'succeeded_with_warnings' : 'succeeded', undefined, patch);
    if (result.outcome === 'finished') result.steps = ++this.stepsThisCall;
    return result;
  }

  private finishCancelled(tally?: StepTally, elapsed = 0): Promise<AdvanceResult> {
    return this.finishWith('cancelled', undefined, tally ? tally.mergeUpstreamOnly(this.run, elapsed) : {});
  }

  private async finishWith(
    to: 'succeeded' | 'succeeded_with_warnings' | 'failed' | 'cancelled',
    error?: { code: string; message: string; details?: unknown },
    patch: Partial<SyncRun> = {},
  ): Promise<AdvanceResult> {
    return (await this.finish(to, error, patch)) ?? this.result('lease_lost');
  }

  private async finish(
    to: 'succeeded' | 'succeeded_with_warnings' | 'failed' | 'cancelled',
    error?: { code: string; message: string; details?: unknown },
    patch: Partial<SyncRun> = {},
  ): Promise<AdvanceResult | undefined> {
    const { env, template } = this;
    const now = env.now();
    const startedAt = this.run.startedAt ?? now.toISOString();
    const moved = await transitionRun(
      env.db,
      this.run,
      to,
      {
        ...patch,
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
        finishedAt: now.toISOString(),
        updatedAt: now.toISOString(),
      },
      { owner: env.owner },
    );
    if (!moved) return undefined;
    this.run = moved;
    const closing = closingEntry(template.title, moved, now.getTime() - Date.parse(startedAt), error);
    this.log.run(closing.level, closing.entry);
    return this.result('finished');
  }
}
