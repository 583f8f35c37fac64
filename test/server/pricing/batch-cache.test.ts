import { describe, expect, it, vi } from 'vitest';
import { BatchCache, type Cached } from '../../../server/pricing/batch-cache.ts';

/** A stand-in upstream; `hold()` keeps its answers back until `release()`, so tests see what is in flight. */
function upstream() {
  const calls: string[][] = [];
  let failing = false;
  let held: Promise<void> | undefined;
  let release = () => {};
  return {
    calls,
    fail(on: boolean) {
      failing = on;
    },
    hold() {
      held = new Promise<void>((r) => {
        release = r;
      });
    },
    release: () => release(),
    fetchBatch: async (keys: string[]) => {
      calls.push(keys);
      await held;
      if (failing) throw new Error('TD SYNNEX is down');
      return new Map(keys.map((k) => [k, `price of ${k}`]));
    },
  };
}

describe('BatchCache', () => {
  it('asks upstream in batches of at most batchSize, in parallel', async () => {
    const up = upstream();
    up.hold();
    const cache = new BatchCache({ ttlMs: 60_000, batchSize: 100, fetchBatch: up.fetchBatch });
    const keys = Array.from({ length: 150 }, (_, i) => `sku${i}`);
    const asked = cache.get(keys);
    await vi.waitFor(() => expect(up.calls).toHaveLength(2)); // both batches asked before either answered
    up.release();
    const results = await asked;
    expect(up.calls.map((c) => c.length)).toEqual([100, 50]);
    expect(results.every((r) => r.status === 'fresh')).toBe(true);
  });

  it('shares one upstream call among 20 concurrent identical asks', async () => {
    const up = upstream();
    up.hold();
    const cache = new BatchCache({ ttlMs: 60_000, batchSize: 100, fetchBatch: up.fetchBatch });
    const keys = ['a', 'b', 'c'];
    const asks = Promise.all(Array.from({ length: 20 }, () => cache.get(keys)));
    await vi.waitFor(() => expect(up.calls).toHaveLength(1));
    up.release();
    const all = await asks;
    expect(up.calls).toHaveLength(1);
    expect(
      all.every((r) => r.map((x) => ('value' in x ? x.value : null)).join() === 'price of a,price of b,price of c'),
    ).toBe(true);
  });

  it('answers from memory within the TTL and asks again after it', async () => {
    let now = 0;
    const up = upstream();
    const cache = new BatchCache({ ttlMs: 60_000, batchSize: 100, fetchBatch: up.fetchBatch, now: () => now });
    await cache.get(['a']);
    now = 59_000;
    expect((await cache.get(['a']))[0]).toMatchObject({ status: 'cached', fetchedAt: 0 });
    now = 61_000;
    expect((await cache.get(['a']))[0]).toMatchObject({ status: 'fresh', fetchedAt: 61_000 });
    expect(up.calls).toHaveLength(2);
  });

  it('returns the last known answer with its age and the error when upstream fails', async () => {
    let now = 0;
    const up = upstream();
    const stored = new Map<string, Cached<string>>([['b', { value: 'old price of b', fetchedAt: -3_600_000 }]]);
    const cache = new BatchCache({
      ttlMs: 60_000,
      batchSize: 100,
      fetchBatch: up.fetchBatch,
      now: () => now,
      lastKnown: { get: async (keys) => new Map([...stored].filter(([k]) => keys.includes(k))), put: async () => {} },
    });
    await cache.get(['a']);
    now = 120_000;
    up.fail(true);
    const [a, b, c] = await cache.get(['a', 'b', 'c']);
    expect(a).toMatchObject({ status: 'stale', value: 'price of a', fetchedAt: 0 });
    expect(b).toMatchObject({ status: 'stale', value: 'old price of b' });
    expect(c).toMatchObject({ status: 'failed' });
    expect(a?.status === 'stale' && a.error.message).toBe('TD SYNNEX is down');
  });

  it('reports keys the upstream left out as failed', async () => {
    const cache = new BatchCache<string>({
      ttlMs: 1,
      batchSize: 10,
      fetchBatch: async (keys) => new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k])),
    });
    const results = await cache.get(['here', 'gone']);
    expect(results.map((r) => r.status)).toEqual(['fresh', 'failed']);
  });
});
