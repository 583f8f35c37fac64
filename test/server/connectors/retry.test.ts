import { describe, expect, it } from 'vitest';
import { BACKGROUND, classify, INTERACTIVE, parseRetryAfter, withRetry } from '../../../server/connectors/retry.ts';
import { UpstreamError } from '../../../server/connectors/upstream-error.ts';
import { AppError } from '../../../server/errors.ts';

const upstream = (status: number, extra: { retryAfterMs?: number; code?: string } = {}) =>
  new UpstreamError(extra.code ?? `cw_${status}`, 'x', {
    system: 'cw',
    upstreamStatus: status,
    retryAfterMs: extra.retryAfterMs,
  });
const half = () => 0.5;

describe('classify', () => {
  it('waits what Retry-After says on 429', () => {
    expect(classify(upstream(429, { retryAfterMs: 1500 }), 1, INTERACTIVE, half)).toEqual({
      retry: true,
      reason: 'rate_limited',
      waitMs: 1500,
    });
  });

  it('hands a 429 wait longer than the inline limit back to the caller to reschedule', () => {
    const decision = classify(upstream(429, { retryAfterMs: 60_000 }), 1, INTERACTIVE, half);
    expect(decision).toEqual({ retry: false, reason: 'rate_limited_reschedule', waitMs: 60_000 });
  });

  it('backs off exponentially with jitter on 5xx and stops when attempts run out', () => {
    expect(classify(upstream(503), 1, BACKGROUND, half).waitMs).toBe(150);
    expect(classify(upstream(503), 3, BACKGROUND, half).waitMs).toBe(600);
    expect(classify(upstream(503), 20, { ...BACKGROUND, maxAttempts: 30 }, () => 1).waitMs).toBe(30_000);
    expect(classify(upstream(503), 6, BACKGROUND, half)).toMatchObject({ retry: false });
  });

  it('retries timeouts and network errors', () => {
    const timeout = new UpstreamError('tds_timeout', 'slow', { system: 'tds', retryable: true });
    expect(classify(timeout, 1, INTERACTIVE, half)).toMatchObject({ retry: true, reason: 'tds_timeout' });
  });

  it('never retries other 4xx, business rejections or unknown errors', () => {
    expect(classify(upstream(400), 1, BACKGROUND, half).retry).toBe(false);
    expect(classify(upstream(401), 1, BACKGROUND, half).retry).toBe(false);
    expect(classify(new AppError('tds_order_rejected', 'no'), 1, BACKGROUND, half).retry).toBe(false);
    expect(classify(new TypeError('bug'), 1, BACKGROUND, half)).toMatchObject({
      retry: false,
      reason: 'unexpected_error',
    });
  });

  it('retries retryable business errors that came with HTTP 200', () => {
    const poTimeout = new UpstreamError('tds_business_error', 'PO_TIMEOUT', {
      system: 'tds',
      upstreamStatus: 200,
      retryable: true,
    });
    // a 200 is not a 5xx; retryable business errors are still transient
    expect(classify(poTimeout, 1, BACKGROUND, half).retry).toBe(false);
    const noStatus = new UpstreamError('tds_business_error', 'PO_TIMEOUT', { system: 'tds', retryable: true });
    expect(classify(noStatus, 1, BACKGROUND, half).retry).toBe(true);
  });
});

describe('withRetry', () => {
  it('retries until success, sleeping what classify decided', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw upstream(502);
        return 'ok';
      },
      INTERACTIVE,
      { sleep: async (ms) => void slept.push(ms), random: half },
    );
    expect(result).toBe('ok');
    expect(slept).toEqual([50, 100]);
  });

  it('rethrows the last error when it gives up', async () => {
    await expect(withRetry(async () => Promise.reject(upstream(404)), INTERACTIVE)).rejects.toMatchObject({
      code: 'cw_404',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
