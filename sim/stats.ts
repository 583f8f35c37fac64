/** Per-route call counts, status codes and latency for `GET /sim/{cw,tds}/_sim/stats`. */
import type { MiddlewareHandler } from 'hono';

interface RouteStats {
  calls: number;
  statuses: Record<string, number>;
  latencies: number[];
}

const MAX_SAMPLES = 2000;

export class SimStats {
  #routes = new Map<string, RouteStats>();
  #since = new Date();

  constructor(private readonly routeOf: (method: string, path: string) => string) {}

  record(method: string, path: string, status: number, ms: number): void {
    const key = this.routeOf(method, path);
    let stats = this.#routes.get(key);
    if (!stats) {
      stats = { calls: 0, statuses: {}, latencies: [] };
      this.#routes.set(key, stats);
    }
    stats.calls += 1;
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    if (stats.latencies.length >= MAX_SAMPLES) stats.latencies.shift();
    stats.latencies.push(ms);
  }

  /** Calls to routes whose key contains `fragment` (e.g. "PriceAvailability"). */
  calls(fragment = ''): number {
    let total = 0;
    for (const [key, s] of this.#routes) if (key.includes(fragment)) total += s.calls;
    return total;
  }

  snapshot() {
    const routes = [...this.#routes].map(([route, s]) => {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
      return {
        route,
        calls: s.calls,
        statuses: s.statuses,
        latencyMs: { p50: round(pct(50)), p95: round(pct(95)), max: round(sorted.at(-1) ?? 0) },
      };
    });
    routes.sort((a, b) => b.calls - a.calls);
    return { since: this.#since.toISOString(), totalCalls: this.calls(), routes };
  }

  reset(): void {
    this.#routes.clear();
    this.#since = new Date();
  }

  middleware(): MiddlewareHandler {
    const stats = this;
    return async function recordStats(c, next) {
      if (c.req.path.includes('/_sim/')) return next();
      const started = performance.now();
      await next();
      stats.record(c.req.method, c.req.path, c.res.status, performance.now() - started);
    };
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** `/sim/cw/v4_6_release/apis/3.0/procurement/catalog/17` → `procurement/catalog/{id}` */
export function routePattern(method: string, path: string, stripPrefix: RegExp): string {
  const rest = path.replace(stripPrefix, '').replace(/\/\d+(?=\/|$)/g, '/{id}');
  return `${method} ${rest || '/'}`;
}
