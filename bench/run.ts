/** `npm run bench`: prints the figures the issues ask for. Figures, not pass/fail timings. */

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RUN_MARKER, reapStrays } from '../test/support/processes.ts';
import { POD_BUDGET_GZIP, podSizes } from './pod-size.ts';

// Every process the bench starts inherits this marker; any still alive at the end is listed and killed.
const runId = randomUUID();
process.env[RUN_MARKER] = runId;

const dist = fileURLToPath(new URL('../dist', import.meta.url));
if (!existsSync(`${dist}/.vite/manifest.json`) || process.argv.includes('--build')) {
  spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('\nPod JavaScript per screen (entry + screen chunk + imports; gzip -9):');
console.log('screen          transport  raw        gzipped    css gz    budget');
for (const s of podSizes(dist)) {
  const verdict = s.gzipBytes <= POD_BUDGET_GZIP ? 'within 15 KB' : 'OVER 15 KB';
  console.log(
    `${s.screen.padEnd(15)} ${s.transport.padEnd(10)} ${kb(s.rawBytes).padEnd(10)} ${kb(s.gzipBytes).padEnd(10)} ${kb(s.cssGzipBytes).padEnd(9)} ${verdict}`,
  );
}

console.log(
  "\nThe simulated ConnectWise throttles at 1,000 requests a minute by default (ConnectWise's documented threshold);\nthe bench lifts that limit so the figures measure tds-bridge's own side.",
);

const { benchPriceAvailability } = await import('./price-availability.ts');
await benchPriceAvailability();

const { benchProductSync } = await import('./product-sync.ts');
await benchProductSync();

const { benchCreateOrders } = await import('./create-orders.ts');
await benchCreateOrders();

const strays = await reapStrays(runId);
if (strays.length > 0) {
  console.error(`\n${strays.length} process(es) started by the bench outlived it (now killed):`);
  for (const stray of strays) console.error(`  ${stray.pid}  ${stray.command.slice(0, 200)}`);
  process.exitCode = 1;
}
