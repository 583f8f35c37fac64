/**
 * Per-tenant, per-system concurrency and rate limits for upstream calls, so one MSP's big sync
 * cannot exhaust its ConnectWise quota or starve its own pods. State is per process/isolate on purpose (built
 * once by the entry into Deps): it paces this process; ConnectWise's own 429s, which every client obeys, pace the
 * sum of all processes.
 */
export interface LimitSettings {
  /** Calls in flight at once. */
  concurrency: number;
  /** Calls started per rolling minute; 0 = unlimited. */
  perMinute: number;
}

export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly inFlight: number;
  readonly queued: number;
}

export interface LimiterClock {
  now?: () => number;
  /** How a call over the per-minute budget waits (tests drive it by hand). */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLimiter(settings: LimitSettings, clock: LimiterClock = {}): Limiter {
  const now = clock.now ?? Date.now;
  const sleep = clock.sleep ?? realSleep;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const starts: number[] = [];

  const slotFree = () => inFlight < settings.concurrency;
  const rateWaitMs = () => {
    if (settings.perMinute <= 0) return 0;
    const cutoff = now() - 60_000;
    while (starts.length && (starts[0] ?? 0) <= cutoff) starts.shift();
    return starts.length < settings.perMinute ? 0 : (starts[0] ?? 0) + 60_000 - now();
  };

  async function acquire(): Promise<void> {
    while (!slotFree()) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    // Re-check at least every 250 ms: other callers and the clock move while we wait.
    for (let wait = rateWaitMs(); wait > 0; wait = rateWaitMs()) {
      await sleep(Math.min(wait, 250));
    }
    starts.push(now());
  }
  function release(): void {
    inFlight--;
    waiting.shift()?.();
  }

  return {
    async run(fn) {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return waiting.length;
    },
  };
}

/** One limiter per tenant and system, created on first use. */
export class LimiterRegistry {
  readonly #limiters = new Map<string, Limiter>();
  constructor(private readonly defaults: Record<'cw' | 'tds', LimitSettings>) {}

  for(tenantId: string, system: 'cw' | 'tds', override?: Partial<LimitSettings>): Limiter {
    const key = `${tenantId}:${system}`;
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = createLimiter({ ...this.defaults[system], ...override });
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }
}

export const DEFAULT_LIMITS: Record<'cw' | 'tds', LimitSettings> = {
  // ConnectWise says integrations above ~1,000 requests/minute will likely be throttled.
  cw: { concurrency: 8, perMinute: 900 },
  // TD SYNNEX publishes no numbers; stay modest.
  tds: { concurrency: 4, perMinute: 300 },
};
