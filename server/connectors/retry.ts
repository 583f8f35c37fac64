/**
 * The one retry decision for every upstream call, as a pure function (unit-tested on its own):
 * 429 → wait what Retry-After says; 5xx, timeouts and network errors → capped exponential backoff with
 * full jitter; other 4xx and business rejections → never. Waits longer than the policy allows inline are
 * not slept: the error goes up with `retryAfterMs` so the engine reschedules (a Worker never sleeps).
 */
import { AppError } from '../errors.ts';
import { UpstreamError } from './upstream-error.ts';

export interface RetryPolicy {
  /** Attempts in total, including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait slept inside one call; longer waits are handed to the caller. */
  maxInlineWaitMs: number;
}

/** Interactive calls (a pod waiting): few, short tries. */
export const INTERACTIVE: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxInlineWaitMs: 2_000 };
/** Background sync work: more patience, still bounded. */
export const BACKGROUND: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 300,
  maxDelayMs: 30_000,
  maxInlineWaitMs: 30_000,
};

export interface RetryDecision {
  retry: boolean;
  reason: string;
  waitMs: number;
}

const NETWORK_CODES = new Set(['cw_network', 'tds_network', 'cw_timeout', 'tds_timeout']);

export function classify(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const exhausted = attempt >= policy.maxAttempts;
  const backoff = () => Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

  if (!(error instanceof AppError)) {
    // A bug or an unknown failure: retrying would hide it.
    return { retry: false, reason: 'unexpected_error', waitMs: 0 };
  }
  const status = error instanceof UpstreamError ? error.upstreamStatus : undefined;

  if (status === 429 || error.code.endsWith('_rate_limited')) {
    const waitMs = error.retryAfterMs ?? backoff();
    if (exhausted) return { retry: false, reason: 'rate_limited_attempts_exhausted', waitMs };
    if (waitMs > policy.maxInlineWaitMs) return { retry: false, reason: 'rate_limited_reschedule', waitMs };
    return { retry: true, reason: 'rate_limited', waitMs };
  }
  const transient =
    (status !== undefined && status >= 500) ||
    NETWORK_CODES.has(error.code) ||
    (status === undefined && error.retryable);
  if (transient) {
    if (exhausted) return { retry: false, reason: 'transient_attempts_exhausted', waitMs: 0 };
    return { retry: true, reason: status !== undefined ? `upstream_${status}` : error.code, waitMs: backoff() };
  }
  return { retry: false, reason: status !== undefined ? `client_error_${status}` : error.code, waitMs: 0 };
}

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; decision: RetryDecision; error: unknown }) => void;
}

/** Runs `attempt` until it succeeds or `classify` says stop; rethrows the last error (with retryAfterMs when rescheduling). */
export async function withRetry<T>(
  attemptFn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptFn(attempt);
    } catch (error) {
      const decision = classify(error, attempt, policy, hooks.random);
      if (!decision.retry) throw error;
      hooks.onRetry?.({ attempt, decision, error });
      if (decision.waitMs > 0) await sleep(decision.waitMs);
    }
  }
}

/** `Retry-After` as seconds or an HTTP date → milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
