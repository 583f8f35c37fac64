/**
 * `npm test`: make sure a Chromium is there (installing Debian's when we are root with apt), build the
 * pod, then run every vitest project (unit, integration, end-to-end in Chromium and workerd). Afterwards,
 * any process the run started that is still alive is listed, killed, and fails the run: a stray workerd once
 * held a core for an hour and skewed every figure after it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.ts';
import { RUN_MARKER, reapStrays } from './processes.ts';

function ensureChromium(): void {
  if (findChromium()) return;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log("Chromium not found: installing Debian's chromium with apt-get (about 30 s)…");
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (findChromium()) return;
  }
  console.error(
    'The end-to-end tests need Chromium and none was found.\n' +
      '  Install it:   sudo apt-get install -y chromium\n' +
      '  or point to one:   CHROMIUM_PATH=/path/to/chrome npm test',
  );
  process.exit(1);
}

ensureChromium();
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const runId = randomUUID();
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, [RUN_MARKER]: runId },
});
const strays = await reapStrays(runId);
if (strays.length > 0) {
  console.error(`\n${strays.length} process(es) started by the tests outlived them (now killed):`);
  for (const stray of strays) console.error(`  ${stray.pid}  ${stray.command.slice(0, 200)}`);
  console.error('Every test must await the stop of what it starts (test/support/processes.ts).');
  process.exit(1);
}
process.exit(run.status ?? 1);
