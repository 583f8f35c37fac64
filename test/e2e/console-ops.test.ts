/**
 * The console's operations sections in Chromium, at a laptop's width and a 300 px ConnectWise pod width, with
 * axe-core: an injected ConnectWise credential fault shows as a red alert; a report renders and downloads as CSV;
 * the support bundle and a backup download; a restore shows its diff and applies exactly it.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const ADMIN_TOKEN = 'console-ops-e2e-admin-token-0123456789';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let h: Harness;
const pageProblems = new Map<Page, string[]>();

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res.json().catch(() => undefined);
}

async function signedIn(width: number): Promise<Page> {
  // axe-core is injected as a script: the console's CSP (script-src 'self') would block it, so this page bypasses CSP.
  const page = await h.browser.newPage({ viewport: { width, height: 900 }, bypassCSP: true });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  pageProblems.set(page, problems);
  const res = await page.request.post(`${h.server.url}/console/sign-in`, {
    form: { adminToken: ADMIN_TOKEN },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  return page;
}

/** The part of axe-core's API the test uses (its script defines `window.axe`). */
interface AxeRunner {
  run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as Window & { axe?: AxeRunner }).axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.n})`);
}

async function open(page: Page, section: string) {
  await page.goto(`${h.server.url}/console/#${section}`);
  await page.locator('h1', { hasText: /./ }).first().waitFor();
}

beforeAll(async () => {
  h = await startHarness({ ADMIN_TOKEN });
  await fetch(`${h.server.url}/sim/cw/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ expiredCredentials: true }),
  });
  await admin('POST', '/tenants/demo/test-connection', {});
  await admin('POST', '/tenants/demo/alerts/evaluate');
  await fetch(`${h.server.url}/sim/cw/_sim/faults`, { method: 'DELETE' });
});
afterAll(async () => {
  await h?.close();
});

describe('console operations sections', () => {
  for (const width of [1280, 300]) {
    it(`shows the open alert, its rules and the channel advice (${width} px, no serious axe violations)`, async () => {
      const page = await signedIn(width);
      await open(page, 'alerts');
      const row = page.locator('[data-alert="connection:cw"]');
      await row.waitFor({ timeout: 15_000 });
      await expect(row.textContent()).resolves.toContain('ConnectWise connection failing');
      // The channel advice comes from its own request (alert channels), which may answer after the alerts.
      const advice = page.locator('text=Add a webhook or email channel');
      await advice.first().waitFor({ timeout: 15_000 });
      await expect(advice.count()).resolves.toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      for (const section of ['reports', 'support-bundle', 'backup']) {
        await open(page, section);
        if (section === 'reports') await page.locator('[data-testid=report]').waitFor({ timeout: 15_000 });
        expect(await seriousViolations(page), section).toEqual([]);
      }
      expect(pageProblems.get(page)).toEqual([]);
    });
  }

  it('downloads a report as CSV, the support bundle and a backup', async () => {
    const page = await signedIn(1280);
    await open(page, 'reports');
    await page.locator('[data-testid=report] [data-section=activity]').waitFor({ timeout: 15_000 });
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('tds-bridge-demo-daily.csv');
    await open(page, 'support-bundle');
    const [zip] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Build and download the support bundle' }).click(),
    ]);
    expect(zip.suggestedFilename()).toMatch(/^tds-bridge-support-demo-.*\.zip$/);
    await open(page, 'backup');
    const [backup] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download backup' }).click(),
    ]);
    expect(backup.suggestedFilename()).toMatch(/^tds-bridge-backup-demo-.*\.json$/);
  });

  it('restores an edited backup: shows the one change, applies it', async () => {
    const file = await admin('POST', '/tenants/demo/backup', {});
    file.tenant.name = 'Demo MSP (restored in the console)';
    const page = await signedIn(1280);
    await open(page, 'backup');
    await page.locator('input[type=file]').setInputFiles({
      name: 'backup.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    const diff = page.locator('[data-testid=restore-diff]');
    await diff.waitFor({ timeout: 15_000 });
    await expect(diff.locator('tbody tr').count()).resolves.toBe(1);
    await expect(diff.textContent()).resolves.toContain('change tenant demo');
    await page.getByRole('button', { name: 'Apply these 1 change(s)' }).click();
    await page.locator('[data-testid=backup-status]', { hasText: 'Applied 1 change(s)' }).waitFor({ timeout: 15_000 });
    const tenants = (await admin('GET', '/tenants')) as { tenants: Array<{ id: string; name: string }> };
    expect(tenants.tenants.find((t) => t.id === 'demo')?.name).toBe('Demo MSP (restored in the console)');
  });
});
