/**
 * Per-tenant, per-system concurrency and rate limits for upstream calls, so one MSP's big sync
 * cannot exhaust its ConnectWise quota or starve its own pods. State is per process/isolate.
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

export function createLimiter(settings: LimitSettings, now: () => number = Date.now): Limiter {
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
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 250)));
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
