/**
 * Fault injection shared by both simulators: latency, random or scripted failures. Each simulator
 * renders a fault kind the way its real counterpart would (ConnectWise JSON, TD SYNNEX XML envelope).
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as z from 'zod';

export const FaultKind = z.enum([
  'server_error', // 5xx
  'throttle', // 429 + Retry-After
  'hang', // no answer until the caller gives up
  'malformed', // 200 with a truncated body
  'expired_credentials', // credentials refused
  'business_error', // TD SYNNEX: HTTP 200 with errorMessage (see `message`)
]);
export type FaultKind = z.infer<typeof FaultKind>;

export const FaultConfigSchema = z.object({
  latency: z
    .object({
      distribution: z.enum(['fixed', 'uniform', 'lognormal']).default('fixed'),
      /** fixed: the delay; uniform: the minimum; lognormal: the median */
      ms: z.number().min(0).max(120_000),
      /** uniform: the maximum; lognormal: the 99th percentile */
      maxMs: z.number().min(0).max(120_000).optional(),
    })
    .optional(),
  rates: z
    .object({
      server_error: z.number().min(0).max(1).optional(),
      throttle: z.number().min(0).max(1).optional(),
      hang: z.number().min(0).max(1).optional(),
      malformed: z.number().min(0).max(1).optional(),
    })
    .optional(),
  expiredCredentials: z.boolean().optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** How long a hang lasts when the caller never gives up. */
  hangMs: z.number().int().min(0).max(600_000).default(60_000),
  /** Fail the next N calls whose path contains `route` (and method, when given). */
  failNext: z
    .array(
      z.object({
        route: z.string().min(1),
        method: z.string().optional(),
        count: z.number().int().min(1).default(1),
        kind: FaultKind,
        status: z.number().int().min(400).max(599).optional(),
        /** business_error text, e.g. "IP Address Invalid", "PO_TIMEOUT" */
        message: z.string().optional(),
      }),
    )
    .default([]),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export type FaultRenderer = (
  kind: FaultKind,
  c: Context,
  opts: { retryAfterSeconds: number; status?: number; message?: string },
) => Response | Promise<Response>;

export class FaultInjector {
  config: FaultConfig = FaultConfigSchema.parse({});
  constructor(private readonly random: () => number = Math.random) {}

  configure(input: unknown): FaultConfig {
    this.config = FaultConfigSchema.parse(input);
    return this.config;
  }
  clear(): void {
    this.config = FaultConfigSchema.parse({});
  }

  delayMs(): number {
    const l = this.config.latency;
    if (!l) return 0;
    if (l.distribution === 'fixed') return l.ms;
    if (l.distribution === 'uniform') return l.ms + this.random() * Math.max(0, (l.maxMs ?? l.ms) - l.ms);
    // lognormal with the given median and 99th percentile (z99 = 2.326)
    const sigma = Math.log(Math.max(l.maxMs ?? l.ms * 3, l.ms + 1) / Math.max(l.ms, 1)) / 2.326;
    const normal = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    return Math.min(120_000, Math.max(l.ms, 1) * Math.exp(sigma * normal));
  }

  /** Picks the fault for this call, consuming a scripted one first. */
  pick(method: string, path: string): { kind: FaultKind; status?: number; message?: string } | undefined {
    const scripted = this.config.failNext.find(
      (f) => f.count > 0 && path.includes(f.route) && (!f.method || f.method.toUpperCase() === method),
    );
    if (scripted) {
      scripted.count -= 1;
      this.config.failNext = this.config.failNext.filter((f) => f.count > 0);
      return { kind: scripted.kind, status: scripted.status, message: scripted.message };
    }
    if (this.config.expiredCredentials) return { kind: 'expired_credentials' };
    const rates = this.config.rates ?? {};
    for (const kind of ['server_error', 'throttle', 'hang', 'malformed'] as const) {
      const rate = rates[kind] ?? 0;
      if (rate > 0 && this.random() < rate) return { kind };
    }
    return undefined;
  }
}

/** Hono middleware applying the injector's latency and faults before the simulator's own handlers. */
export function faultMiddleware(faults: FaultInjector, render: FaultRenderer): MiddlewareHandler {
  return async function injectFaults(c, next) {
    if (c.req.path.includes('/_sim/')) return next();
    const delay = faults.delayMs();
    if (delay > 0) await sleep(delay, c.req.raw.signal);
    const fault = faults.pick(c.req.method, c.req.path);
    if (!fault) return next();
    if (fault.kind === 'hang') {
      await sleep(faults.config.hangMs, c.req.raw.signal);
      return c.body(null, 504);
    }
    return render(fault.kind, c, {
      retryAfterSeconds: faults.config.retryAfterSeconds,
      status: fault.status,
      message: fault.message,
    });
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
