/**
 * Price & availability figures (issue 5): TD SYNNEX calls per opportunity size, coalescing, the server's
 * own time beyond its upstream calls, and Chromium time from the pod's navigation to the first price.
 */
import { chromium } from 'playwright-core';
import { issueSessionToken } from '../server/auth/session-token.ts';
import { ensureDemoTenant } from '../server/bootstrap/demo-tenant.ts';
import { LimiterRegistry } from '../server/connectors/limiter.ts';
import { readPriceAnswer } from '../server/connectors/tds/pna-reader.ts';
import { parseResponse } from '../server/connectors/tds/xml.ts';
import type { Deps } from '../server/deps.ts';
import { start } from '../server/entry/node.ts';
import { tdsProduct } from '../sim/data/tds-catalog.ts';
import { DEMO_CREDENTIALS } from '../sim/tds/account.ts';
import { CHROMIUM_ARGS, findChromium } from '../test/support/chromium.ts';
import { type ExternalSims, startExternalSims } from './support/external-sims.ts';
import { freePort } from './support/free-port.ts';
import { startServerProcess } from './support/server-process.ts';

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Wraps the server's upstream fetch to know, per request, how long at least one upstream call was in flight. */
function upstreamTimer(deps: Deps) {
  const real = deps.fetch;
  let intervals: Array<[number, number]> = [];
  deps.fetch = async (input, init) => {
    const t0 = performance.now();
    try {
      return await real(input, init);
    } finally {
      intervals.push([t0, performance.now()]);
    }
  };
  return {
    reset: () => {
      intervals = [];
    },
    /** Union of the in-flight intervals. */
    busyMs() {
      const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
      let total = 0;
      let [s, e] = sorted[0] ?? [0, 0];
      for (const [a, b] of sorted.slice(1)) {
        if (a > e) {
          total += e - s;
          [s, e] = [a, b];
        } else e = Math.max(e, b);
      }
      return total + (e - s);
    },
  };
}

/** Parsing cost of a 42-product P&A answer, measured on its own. */
async function xmlParseCost(simOrigin: string): Promise<{ bytes: number; ms: number; targetedMs: number }> {
  const skus = Array.from(
    { length: 42 },
    (_, i) => `<skuList><synnexSKU>${tdsProduct(i * 97).sku}</synnexSKU><lineNumber>${i + 1}</lineNumber></skuList>`,
  );
  const body = `<?xml version="1.0" encoding="UTF-8"?><priceRequest><customerNo>${DEMO_CREDENTIALS.customerNo}</customerNo><userName>${DEMO_CREDENTIALS.user}</userName><password>${DEMO_CREDENTIALS.password}</password>${skus.join('')}</priceRequest>`;
  const xml = await (
    await fetch(`${simOrigin}/sim/tds/SynnexXML/PriceAvailability`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/xml' },
    })
  ).text();
  for (let i = 0; i < 10; i++) parseResponse('bench', xml);
  const t0 = performance.now();
  for (let i = 0; i < 30; i++) parseResponse('bench', xml);
  const fxpMs = (performance.now() - t0) / 30;
  const batch = Array.from({ length: 42 }, (_, i) => ({ request: { sku: 'x' }, lineNumber: i + 1 }));
  for (let i = 0; i < 10; i++) readPriceAnswer(xml, batch);
  const t1 = performance.now();
  for (let i = 0; i < 30; i++) readPriceAnswer(xml, batch);
  return { bytes: xml.length, ms: fxpMs, targetedMs: (performance.now() - t1) / 30 };
}

export async function benchPriceAvailability(): Promise<void> {
  const sims = await startExternalSims();
  const server = await start({
    env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'off' },
    quiet: true,
    buildPod: false,
    tickIntervalMs: 0,
  });
  await ensureDemoTenant(server.deps, server.url, sims.access);
  // Hundreds of asks a minute would hit the tenant's ConnectWise budget (900/min) and measure the limiter's waits.
  server.deps.limiters = new LimiterRegistry({
    cw: { concurrency: 8, perMinute: 0 },
    tds: { concurrency: 4, perMinute: 0 },
  });
  console.log('\n(Price & availability bench: simulators in their own process; per-minute API budgets lifted)');
  const simStats = async () =>
    (await (await fetch(`${sims.origin}/sim/tds/_sim/stats`)).json()) as {
      routes: Array<{ route: string; calls: number }>;
    };
  const resetStats = () => fetch(`${sims.origin}/sim/tds/_sim/stats`, { method: 'DELETE' });
  const { token } = await issueSessionToken(
    { tid: 'demo', sub: 'jsmith', name: 'Jane' },
    server.deps.sessionSecret,
    3600,
    new Date(),
  );
  const realNow = server.deps.now;
  let skew = 0;
  server.deps.now = () => new Date(realNow().getTime() + skew);
  const get = async (id: number, refresh = false) => {
    const r = await fetch(`${server.url}/api/pod/opportunities/${id}/pricing${refresh ? '?refresh=1' : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await r.json()) as { lines: Array<{ matchedBy: string | null; identifier: string }> };
  };
  const paCalls = async () =>
    (await simStats()).routes.filter((r) => r.route.includes('PriceAvailability')).reduce((n, r) => n + r.calls, 0);

  console.log('\nPrice & availability: TD SYNNEX P&A requests per opportunity (cold cache; goal ceil(n/100))');
  console.log('opportunity  lines  TD SYNNEX products  P&A requests  goal');
  for (const id of [801, 802, 803]) {
    skew += 600_000; // past every cache window: a cold ask
    await resetStats();
    const p = await get(id, true);
    const products = new Set(p.lines.filter((l) => l.matchedBy).map((l) => l.identifier)).size;
    console.log(
      `${String(id).padEnd(12)} ${String(p.lines.length).padEnd(6)} ${String(products).padEnd(19)} ${String(await paCalls()).padEnd(13)} ${Math.ceil(products / 100)}`,
    );
  }

  skew += 600_000;
  await resetStats();
  await Promise.all(Array.from({ length: 20 }, () => get(801)));
  console.log(
    `20 concurrent identical asks (1-line opportunity, cold cache): ${await paCalls()} P&A request(s) (goal 1)`,
  );
  skew += 600_000;
  await resetStats();
  await Promise.all(Array.from({ length: 20 }, () => get(803)));
  console.log(
    `20 concurrent identical asks (150-line opportunity, cold cache): ${await paCalls()} P&A requests (goal 2)`,
  );

  const timer = upstreamTimer(server.deps);
  const measure = async (n: number, refresh: boolean) => {
    const own: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < n; i++) {
      if (refresh) skew += 10_000;
      timer.reset();
      const t0 = performance.now();
      await get(802, refresh);
      const elapsed = performance.now() - t0;
      total.push(elapsed);
      own.push(Math.max(0, elapsed - timer.busyMs()));
    }
    return { own, total };
  };
  await measure(20, false); // warm-up (JIT)
  const fresh = await measure(60, true);
  const cached = await measure(300, false);
  console.log('\nServer time beyond its upstream calls (50-line opportunity, loopback simulators):');
  console.log(
    `  TD SYNNEX asked each time: own p50 ${ms(pct(fresh.own, 50))} (goal ≤ 5 ms), total p50 ${ms(pct(fresh.total, 50))}`,
  );
  console.log(
    `  TD SYNNEX answer cached:   own p99 ${ms(pct(cached.own, 99))} (goal ≤ 10 ms), own p50 ${ms(pct(cached.own, 50))}, total p99 ${ms(pct(cached.total, 99))}`,
  );
  console.log('  (total includes the two ConnectWise reads every ask makes: lines and their catalog items)');
  const xml = await xmlParseCost(sims.origin);
  console.log(
    `  parsing its ${(xml.bytes / 1024).toFixed(0)} KB XML answer: ${ms(xml.targetedMs)} with the targeted reader the server uses, ${ms(xml.ms)} with fast-xml-parser (parse only); all parsers: npx tsx bench/pna-parsers.ts`,
  );

  await server.close();
  await benchFirstPrice(sims);
  await sims.stop();
}

/** Chromium: the pod's navigation start → first price on screen, with the server in its own process. */
async function benchFirstPrice(sims: ExternalSims): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) {
    console.log('\nChromium not found: skipped the first-price timing (apt-get install -y chromium).');
    return;
  }
  const server = await startServerProcess(sims.access, await freePort());
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  // One context, as one tech's browser: the first load is cold, later ones have the hashed pod files cached
  // (a page per context would download them every time; `npm run bench` before issue 14 measured that).
  const context = await browser.newContext();
  const firstPrice: number[] = [];
  const fromFirstByte: number[] = [];
  try {
    for (let i = 0; i < 12; i++) {
      const page = await context.newPage();
      await page.goto(`${sims.access.screensOrigin}/sim/cw/screens/opportunity/802`);
      await page.frameLocator('#pod-frame').locator('[data-testid=pricing-row]').first().waitFor({ timeout: 20_000 });
      const podFrame = page.frames().find((f) => f.url().includes('/pod/'));
      const at = await podFrame?.evaluate(() => {
        const mark = performance.getEntriesByName('tds:first-price')[0]?.startTime ?? -1;
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { mark, firstByte: nav?.responseStart ?? 0 };
      });
      if (at && at.mark >= 0) {
        firstPrice.push(at.mark);
        fromFirstByte.push(at.mark - at.firstByte);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const [first, ...warm] = firstPrice;
  const warmFromByte = fromFirstByte.slice(1);
  console.log(
    '\nChromium: pod iframe navigation start → first price rendered (50-line opportunity, loopback, server in its own process):',
  );
  console.log(
    `  first load (cold caches) ${ms(first ?? 0)}; then median ${ms(pct(warm, 50))} (goal ≤ 300 ms), max ${ms(Math.max(...warm))} over ${warm.length} loads`,
  );
  console.log(
    `  from the pod document's first byte: median ${ms(pct(warmFromByte, 50))} (before it: Chromium starting the cross-site frame and our server answering the page; where it goes: npx tsx bench/first-price-breakdown.ts)`,
  );
}
