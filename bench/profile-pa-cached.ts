/**
 * Profiles the cached P&A path (issue 14: "find the cached path's tail"): 600 cached asks for the 50-line
 * opportunity against simulators in their own process; with `--asked`, 200 asks that each go to TD SYNNEX. Run with
 * `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/pa-prof bench/profile-pa-cached.ts`, then
 * `npx tsx bench/support/cpu-profile-top.ts /tmp/pa-prof/<file>.cpuprofile` for the self-time table.
 * Prints own-time percentiles and how many GC pauses landed inside an ask.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { issueSessionToken } from '../server/auth/session-token.ts';
import { ensureDemoTenant } from '../server/bootstrap/demo-tenant.ts';
import { LimiterRegistry } from '../server/connectors/limiter.ts';
import { start } from '../server/entry/node.ts';
import { startExternalSims } from './support/external-sims.ts';

const sims = await startExternalSims();
const server = await start({
  env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'off' },
  quiet: true,
  buildPod: false,
  tickIntervalMs: 0,
});
await ensureDemoTenant(server.deps, server.url, sims.access);
server.deps.limiters = new LimiterRegistry({
  cw: { concurrency: 8, perMinute: 0 },
  tds: { concurrency: 4, perMinute: 0 },
});
const { token } = await issueSessionToken(
  { tid: 'demo', sub: 'jsmith', name: 'Jane' },
  server.deps.sessionSecret,
  3600,
  new Date(),
);
const asked = process.argv.includes('--asked');
const realNow = server.deps.now;
let skew = 0;
server.deps.now = () => new Date(realNow().getTime() + skew);
const realFetch = server.deps.fetch;
let upstreamMs = 0;
server.deps.fetch = async (input, init) => {
  const t0 = performance.now();
  try {
    return await realFetch(input, init);
  } finally {
    upstreamMs += performance.now() - t0;
  }
};
const gcs: Array<[number, number]> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
}).observe({ entryTypes: ['gc'] });

const ask = () => {
  if (asked) skew += 10_000; // past the refresh window: TD SYNNEX is asked again
  return fetch(`${server.url}/api/pod/opportunities/802/pricing${asked ? '?refresh=1' : ''}`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.arrayBuffer());
};
for (let i = 0; i < 40; i++) await ask();
const own: Array<{ ms: number; gcMs: number }> = [];
for (let i = 0; i < (asked ? 200 : 600); i++) {
  upstreamMs = 0;
  const t0 = performance.now();
  await ask();
  const t1 = performance.now();
  const gcMs = gcs.filter(([s, e]) => s >= t0 && e <= t1).reduce((n, [s, e]) => n + (e - s), 0);
  own.push({ ms: t1 - t0 - upstreamMs, gcMs });
}
const sorted = [...own].sort((a, b) => a.ms - b.ms);
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
console.log(
  `own p50 ${at(50)?.ms.toFixed(1)} ms, p90 ${at(90)?.ms.toFixed(1)}, p99 ${at(99)?.ms.toFixed(1)} (gc inside: ${at(99)?.gcMs.toFixed(1)} ms)`,
);
const slow = sorted.slice(-12);
console.log(
  `slowest 12 asks: own ${slow.map((s) => s.ms.toFixed(0)).join(', ')} ms; GC inside them ${slow.map((s) => s.gcMs.toFixed(0)).join(', ')} ms`,
);
await server.close();
sims.stop();
