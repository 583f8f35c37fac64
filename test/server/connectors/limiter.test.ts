import { describe, expect, it } from 'vitest';
import { createLimiter, LimiterRegistry } from '../../../server/connectors/limiter.ts';

describe('limiter', () => {
  it('never runs more calls at once than its concurrency', async () => {
    const limiter = createLimiter({ concurrency: 2, perMinute: 0 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          // Yield to the other callers: the first two both hold a slot before either returns.
          await Promise.resolve();
          await Promise.resolve();
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it('holds calls beyond the per-minute budget until the window moves', async () => {
    let clock = 0;
    const waits: number[] = [];
    let wake = () => {};
    let asleep = () => {};
    const sleeping = new Promise<void>((r) => {
      asleep = r;
    });
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        waits.push(ms);
        wake = resolve;
        asleep();
      });
    const limiter = createLimiter({ concurrency: 10, perMinute: 2 }, { now: () => clock, sleep });
    await limiter.run(async () => {});
    await limiter.run(async () => {});
    let third = false;
    const pending = limiter.run(async () => {
      third = true;
    });
    await sleeping;
    expect(third).toBe(false);
    expect(waits).toEqual([250]);
    clock = 60_001;
    wake();
    await pending;
    expect(third).toBe(true);
  });

  it('keeps one limiter per tenant and system', () => {
    const registry = new LimiterRegistry({
      cw: { concurrency: 1, perMinute: 0 },
      tds: { concurrency: 1, perMinute: 0 },
    });
    expect(registry.for('a', 'cw')).toBe(registry.for('a', 'cw'));
    expect(registry.for('a', 'cw')).not.toBe(registry.for('b', 'cw'));
  });
});
