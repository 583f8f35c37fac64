/**
 * What a template's step sees (StepContext) and the check of what it hands back: built by the runner for each
 * step from the run it holds, so the runner itself reads as the run's life (claim, step, save, finish).
 */
import type { RunProgress, SyncRun } from '../../../db/schema/runs.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { ActivityWriter } from './activity-log.ts';
import type { StepContext, StepResult } from './define.ts';
import type { RunnerEnv } from './runner.ts';
import type { StepTally } from './step-tally.ts';

export interface StepContextInput {
  env: RunnerEnv;
  run: SyncRun;
  log: ActivityWriter;
  signal: AbortSignal;
  tally: StepTally;
  settings: unknown;
  checkpoint: unknown;
  /** Epoch ms (engine clock) by which the step should return. */
  deadline: number;
  budgetMs: number;
  /** The step reported progress: the runner decides when it is written for the live view. */
  onProgress(progress: RunProgress): void;
}

export function buildStepContext(input: StepContextInput): StepContext {
  const { env, run, log, tally, deadline } = input;
  return {
    tenantId: run.tenantId,
    runId: run.id,
    templateId: run.templateId,
    settings: input.settings,
    checkpoint: input.checkpoint,
    full: run.full,
    step: run.steps + 1,
    log: log.item,
    counts: tally.counts,
    progress: (done, total, label) => {
      tally.setProgress({ done, total, label });
      input.onProgress({ done, total, label });
    },
    deadline,
    budgetMs: input.budgetMs,
    timeLeft: () => deadline - env.now().getTime(),
    signal: input.signal,
    now: env.now,
    upstreamCall: (route, status, ms) => {
      tally.upstream(ms);
      if (status === 0 || status >= 400) {
        log.item.debug({
          code: 'upstream_call_failed',
          message: `${route} answered ${status === 0 ? 'nothing (timeout or network)' : `HTTP ${status}`}.`,
          upstream: { route, status, durationMs: ms },
        });
      }
    },
    scope: env.scopes.for(run.id),
    status: env.status,
    get deps(): Deps {
      if (!env.deps) throw new Error('This sync engine was created without deps; pass createEngine({ deps }).');
      return env.deps;
    },
  };
}

export function validateResult(result: StepResult | undefined): AppError | undefined {
  if (
    result &&
    typeof result === 'object' &&
    (result.done === true || (result.done === false && 'checkpoint' in result))
  ) {
    return undefined;
  }
  return new AppError(
    'template_contract_violation',
    'The template returned neither { done: true } nor { done: false, checkpoint }; this is a bug in the template.',
  );
}
