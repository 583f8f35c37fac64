/**
 * Where the time between the pod document's first byte and the first price goes (issue 14): Chromium's resource
 * timings of every file and API call the pod makes, relative to the document's first byte, median over loads.
 * `npx tsx bench/first-price-breakdown.ts` (server and simulators in their own processes, as the bench runs them).
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../test/support/chromium.ts';
import { startExternalSims } from './support/external-sims.ts';
import { freePort } from './support/free-port.ts';
import { startServerProcess } from './support/server-process.ts';

const sims = await startExternalSims();
const server = await startServerProcess(sims.access, await freePort());
const browser = await chromium.launch({ executablePath: findChromium() ?? '', headless: true, args: CHROMIUM_ARGS });
const context = await browser.newContext();
const rows = new Map<string, Array<[number, number]>>();
const marks: number[] = [];
try {
  for (let i = 0; i < 10; i++) {
    // One browser context: the HTTP cache is warm after the first load, as in a tech's browser.
    const page = await context.newPage();
    await page.goto(`${sims.access.screensOrigin}/sim/cw/screens/opportunity/802`);
    await page.frameLocator('#pod-frame').locator('[data-testid=pricing-row]').first().waitFor({ timeout: 20_000 });
    const frame = page.frames().find((f) => f.url().includes('/pod/'));
    const timing = await frame?.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const base = nav.responseStart;
      return {
        firstPrice: (performance.getEntriesByName('tds:first-price')[0]?.startTime ?? 0) - base,
        entries: [
          ...performance
            .getEntriesByType('mark')
            .map((m) => [`mark ${m.name}`, m.startTime - base, m.startTime - base]),
          ['document (to its end)', nav.responseStart - base, nav.responseEnd - base],
          ['DOMContentLoaded', nav.domContentLoadedEventStart - base, nav.domContentLoadedEventEnd - base],
          ...performance
            .getEntriesByType('resource')
            .map((r) => r as PerformanceResourceTiming)
            .map((r) => [
              new URL(r.name).pathname.replace(/-[\w-]{8}\./, '.'),
              r.startTime - base,
              r.responseEnd - base,
            ]),
        ] as Array<[string, number, number]>,
      };
    });
    if (i === 0 || !timing) continue; // the first load warms Chromium's and the server's caches
    marks.push(timing.firstPrice);
    for (const [name, start, end] of timing.entries) {
      const key = name.replace(/\/api\/pod\/opportunities\/\d+/, '/api/pod/opportunities/:id');
      rows.set(key, [...(rows.get(key) ?? []), [start, end]]);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  sims.stop();
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
console.log('\nPod document first byte → (ms, median of 9 warm loads)    start    end');
for (const [name, spans] of [...rows].sort((a, b) => median(a[1].map((s) => s[0])) - median(b[1].map((s) => s[0])))) {
  console.log(
    `  ${name.padEnd(52)} ${median(spans.map((s) => s[0]))
      .toFixed(0)
      .padStart(5)} ${median(spans.map((s) => s[1]))
      .toFixed(0)
      .padStart(6)}`,
  );
}
console.log(`  ${'first price on screen'.padEnd(52)} ${''.padStart(5)} ${median(marks).toFixed(0).padStart(6)}`);
