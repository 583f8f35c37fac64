/**
 * End-to-end harness: the real server (Node entry, in-memory libSQL, simulators) on a free port, and
 * Debian's Chromium through playwright-core. The simulated ConnectWise screens are on `localhost`,
 * the pod on `127.0.0.1`: a real cross-origin iframe.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { type RunningServer, type StartOptions, start } from '../../server/entry/node.ts';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';

export interface Harness {
  server: RunningServer;
  browser: Browser;
  page(): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(
  env: Record<string, string> = {},
  opts: Pick<StartOptions, 'cwSizes' | 'tickIntervalMs'> = {},
): Promise<Harness> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH.');
  const server = await start({
    env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on', ...env },
    quiet: true,
    buildPod: false,
    callbackRetryDelaysMs: [50, 100],
    ...opts,
  });
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const pages: Page[] = [];
  return {
    server,
    browser,
    async page() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('response', (response) => {
        const url = response.url();
        if (response.status() >= 500 && !url.includes('favicon')) problems.push(`${response.status()} ${url}`);
      });
      (page as Page & { problems: string[] }).problems = problems;
      pages.push(page);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export function problemsOf(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}
