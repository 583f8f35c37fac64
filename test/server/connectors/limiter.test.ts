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
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it('holds calls beyond the per-minute budget until the window moves', async () => {
    let clock = 0;
    const limiter = createLimiter({ concurrency: 10, perMinute: 2 }, () => clock);
    await limiter.run(async () => {});
    await limiter.run(async () => {});
    let third = false;
    const pending = limiter.run(async () => {
      third = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    clock = 60_001;
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
