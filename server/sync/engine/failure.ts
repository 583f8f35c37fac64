/**
 * What a failed step means for its run, decided by the shared pure `classify()`: retryable errors
 * reschedule the run with backoff (or with the upstream's Retry-After), everything else fails it with
 * the error's code. Waits are never slept here: the run gets `not_before` and a later tick resumes it.
 */
import { classify } from '../../connectors/retry.ts';
import { AppError } from '../../errors.ts';

export interface RunRetryPolicy {
  /** First retry waits up to this (full jitter), doubling per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RUN_RETRY: RunRetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };
/** Even a zero-jitter retry waits this long, so a failing run never spins. */
const MIN_WAIT_MS = 1_000;

export type FailureOutcome =
  | { kind: 'reschedule'; code: string; message: string; reason: string; waitMs: number }
  | { kind: 'fail'; code: string; message: string; reason: string };

export function decideFailure(input: {
  error: unknown;
  /** This failure's number: 1 for the first failed attempt since the last successful step. */
  attempt: number;
  maxAttempts: number;
  policy: RunRetryPolicy;
  templateTitle: string;
  random?: () => number;
}): FailureOutcome {
  const { error, attempt, maxAttempts, policy } = input;
  // maxInlineWaitMs 0: the engine never waits inline, every retry is a reschedule.
  const decision = classify(error, attempt, { ...policy, maxAttempts, maxInlineWaitMs: 0 }, input.random);

  if (!(error instanceof AppError)) {
    const text = error instanceof Error ? error.message : String(error);
    return {
      kind: 'fail',
      code: 'unexpected_error',
      reason: decision.reason,
      message: `${input.templateTitle} stopped on an unexpected error (${text}). This is a bug in tds-bridge; send the run id to support.`,
    };
  }
  if (decision.retry || decision.reason === 'rate_limited_reschedule') {
    return {
      kind: 'reschedule',
      code: error.code,
      message: error.message,
      reason: decision.reason,
      waitMs: Math.max(MIN_WAIT_MS, decision.waitMs),
    };
  }
  const exhausted = decision.reason.endsWith('_attempts_exhausted');
  return {
    kind: 'fail',
    code: error.code,
    reason: decision.reason,
    message: exhausted ? `${error.message} (gave up after ${attempt} attempts in a row)` : error.message,
  };
}
