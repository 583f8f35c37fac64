/**
 * `npm test`: make sure a Chromium is there (installing Debian's when we are root with apt), build the
 * pod, then run every vitest project (unit, integration, end-to-end in Chromium and workerd).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.ts';

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
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
