/**
 * A per-key cache for batched upstream lookups (TD SYNNEX P&A): answers younger than the TTL come from
 * memory; keys already being fetched join that fetch (20 identical asks → 1 upstream call); the rest
 * go upstream in batches of at most `batchSize`, in parallel. When a fetch fails, the last known answer
 * is returned with its age and the error, never nothing.
 */

export interface Cached<T> {
  value: T;
  fetchedAt: number;
}

export type Lookup<T> =
  | { key: string; status: 'fresh' | 'cached'; value: T; fetchedAt: number }
  | { key: string; status: 'stale'; value: T; fetchedAt: number; error: Error }
  | { key: string; status: 'failed'; error: Error };

export interface BatchCacheOptions<T> {
  ttlMs: number;
  batchSize: number;
  /** Fetches one batch; keys missing from the result are reported as failed with `missingError`. */
  fetchBatch: (keys: string[]) => Promise<Map<string, T>>;
  now?: () => number;
  /** Where the last known answers live beyond the TTL (e.g. the database); optional. */
  lastKnown?: {
    get(keys: string[]): Promise<Map<string, Cached<T>>>;
    put(entries: Map<string, Cached<T>>): Promise<void>;
  };
  /** Bound the memory: entries beyond this are dropped oldest first. */
  maxEntries?: number;
}

export class BatchCache<T> {
  readonly #memory = new Map<string, Cached<T>>();
  readonly #inFlight = new Map<string, Promise<Cached<T>>>();
  readonly #now: () => number;

  constructor(private readonly opts: BatchCacheOptions<T>) {
    this.#now = opts.now ?? Date.now;
  }

  /** Upstream batches started so far (for tests and metrics). */
  upstreamBatches = 0;
  /** The latest background write of last known answers (await it before shutting down, or in tests). */
  pendingWrites: Promise<void> = Promise.resolve();

  async get(keys: string[], { maxAgeMs = this.opts.ttlMs }: { maxAgeMs?: number } = {}): Promise<Lookup<T>[]> {
    const unique = [...new Set(keys)];
    const now = this.#now();
    const waits = new Map<string, Promise<Cached<T>>>();
    const toFetch: string[] = [];
    for (const key of unique) {
      const hit = this.#memory.get(key);
      if (hit && now - hit.fetchedAt <= maxAgeMs) continue;
      const pending = this.#inFlight.get(key);
      if (pending) waits.set(key, pending);
      else toFetch.push(key);
    }
    for (let i = 0; i < toFetch.length; i += this.opts.batchSize) {
      const batch = toFetch.slice(i, i + this.opts.batchSize);
      const fetched = this.#fetch(batch);
      for (const key of batch) {
        const one = fetched.then((map) => {
          const entry = map.get(key);
          if (!entry) throw new MissingFromAnswer(key);
          return entry;
        });
        this.#inFlight.set(key, one);
        waits.set(key, one);
        // Failures are reported to every waiter below; this chain only clears the in-flight mark.
        one
          .finally(() => {
            if (this.#inFlight.get(key) === one) this.#inFlight.delete(key);
          })
          .catch(() => undefined);
      }
    }

    const settled = new Map<string, PromiseSettledResult<Cached<T>>>();
    await Promise.all(
      [...waits].map(async ([key, p]) =>
        settled.set(
          key,
          await p.then(
            (v) => ({ status: 'fulfilled' as const, value: v }),
            (reason) => ({ status: 'rejected' as const, reason }),
          ),
        ),
      ),
    );
    const failedKeys = [...settled].filter(([, r]) => r.status === 'rejected').map(([k]) => k);
    const fallback = failedKeys.length ? await this.#lastKnown(failedKeys) : new Map<string, Cached<T>>();

    return unique.map((key): Lookup<T> => {
      const result = settled.get(key);
      if (!result) {
        const hit = this.#memory.get(key) as Cached<T>;
        return { key, status: 'cached', value: hit.value, fetchedAt: hit.fetchedAt };
      }
      if (result.status === 'fulfilled') return { key, status: 'fresh', ...result.value };
      const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
      const known = fallback.get(key);
      return known
        ? { key, status: 'stale', value: known.value, fetchedAt: known.fetchedAt, error }
        : { key, status: 'failed', error };
    });
  }

  /** Forget cached answers (e.g. after "refresh" in the pod). */
  invalidate(keys: string[]): void {
    for (const key of keys) this.#memory.delete(key);
  }

  async #fetch(batch: string[]): Promise<Map<string, Cached<T>>> {
    this.upstreamBatches++;
    const values = await this.opts.fetchBatch(batch);
    const fetchedAt = this.#now();
    const entries = new Map<string, Cached<T>>();
    for (const [key, value] of values) {
      const entry = { value, fetchedAt };
      entries.set(key, entry);
      this.#memory.delete(key); // re-insert to keep insertion order = age order
      this.#memory.set(key, entry);
    }
    this.#trim();
    // Keeping the last known answers is not on the way to the answer: the caller gets it without waiting, and
    // the write (serialising every answer for the database) starts only after this turn, once the answer is out.
    const lastKnown = this.opts.lastKnown;
    this.pendingWrites = lastKnown
      ? afterThisTurn()
          .then(() => lastKnown.put(entries))
          .catch(() => undefined)
      : Promise.resolve();
    return entries;
  }

  async #lastKnown(keys: string[]): Promise<Map<string, Cached<T>>> {
    const found = new Map<string, Cached<T>>();
    for (const key of keys) {
      const hit = this.#memory.get(key);
      if (hit) found.set(key, hit);
    }
    const rest = keys.filter((k) => !found.has(k));
    if (rest.length && this.opts.lastKnown) {
      const stored = await this.opts.lastKnown.get(rest).catch(() => new Map<string, Cached<T>>());
      for (const [k, v] of stored) found.set(k, v);
    }
    return found;
  }

  #trim(): void {
    const max = this.opts.maxEntries ?? 50_000;
    while (this.#memory.size > max) {
      const oldest = this.#memory.keys().next().value;
      if (oldest === undefined) break;
      this.#memory.delete(oldest);
    }
  }
}

/** Resolves on the next macrotask: work queued here runs after the current response has been written. */
export const afterThisTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class MissingFromAnswer extends Error {
  constructor(readonly key: string) {
    super(`The upstream answer did not include ${key}.`);
    this.name = 'MissingFromAnswer';
  }
}
