/**
 * The operations console in Chromium: sign in with a one-time link, no serious or critical axe-core
 * violations at laptop and ConnectWise-tab width, a TD SYNNEX credential fault turns the console red with
 * its cause and fix and clears after restore + verify, and a Product Sync run shows live progress.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, problemsOf, startHarness } from './harness.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = { laptop: { width: 1366, height: 768 }, tab: { width: 1000, height: 700 } };

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.page();
  const res = await fetch(`${h.server.url}/api/admin/console/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.server.deps.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ operator: 'Robin Ops' }),
  });
  const { url } = (await res.json()) as { url: string };
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in as Robin Ops' }).click();
  await page.waitForURL(/\/console\/$/);
});
afterAll(async () => {
  await h?.close();
});

/** axe-core run in the page (evaluated over the DevTools protocol, so the page's CSP does not block it). */
async function seriousViolations(): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes})`);
}

/** Opens a section afresh (a hash change alone would keep the section's last answer). */
async function open(section: string) {
  await page.goto(`${h.server.url}/console/#${section}`);
  await page.reload();
}

const tdsFaults = (method: 'POST' | 'DELETE', body?: unknown) =>
  fetch(`${h.server.url}/sim/tds/_sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('operations console', () => {
  it('signs the operator in and shows status for every template, accessible at laptop and tab width', async () => {
    await expect(page.getByTestId('console-actor').textContent()).resolves.toBe('operator:Robin Ops');
    await page.locator('tr[data-template=create-orders]').waitFor();
    for (const id of ['product-sync', 'price-availability', 'create-orders', 'order-status']) {
      await expect(page.locator(`tr[data-template=${id}]`).count()).resolves.toBe(1);
    }
    await expect(page.locator('tr[data-template=create-orders] [data-light]').getAttribute('data-light')).resolves.toBe(
      'gray',
    );
    for (const section of ['status', 'activity', 'diagnostics', 'metrics', 'setup', 'audit']) {
      await page.goto(`${h.server.url}/console/#${section}`);
      await page.locator('main h1').first().waitFor();
      if (section === 'diagnostics') await page.getByTestId('diagnosis-summary').waitFor({ timeout: 30_000 });
      // Every panel has finished loading (no spinner left), so axe sees the real content.
      await expect.poll(() => page.locator('.spinner').count(), { timeout: 30_000 }).toBe(0);
      for (const [name, size] of Object.entries(WIDTHS)) {
        await page.setViewportSize(size);
        expect({ section, name, violations: await seriousViolations() }).toEqual({ section, name, violations: [] });
      }
    }
    expect(problemsOf(page)).toEqual([]);
  });

  it('TD SYNNEX credential fault: red with cause and fix; restore, verify, green', async () => {
    await page.setViewportSize(WIDTHS.laptop);
    expect((await tdsFaults('POST', { expiredCredentials: true })).ok).toBe(true);
    await open('diagnostics');
    const finding = page.locator('[data-finding=tds_credentials_refused]');
    await finding.waitFor({ timeout: 30_000 });
    await expect(finding.getAttribute('data-state')).resolves.toBe('red');
    await expect(finding.textContent()).resolves.toMatch(/Cause:.*refused/);
    await expect(finding.textContent()).resolves.toMatch(/Fix:.*password/i);

    await open('status');
    const tds = page.getByTestId('connection-tds');
    await tds.waitFor();
    await expect(tds.locator('[data-light]').first().getAttribute('data-light')).resolves.toBe('red');
    await expect(tds.textContent()).resolves.toContain('connection_refused');
    await expect(page.locator('h1 [data-light]').getAttribute('data-light')).resolves.toBe('red');

    // The operator goes back to the finding, restores the credential, and verifies.
    await tds.getByRole('button', { name: 'Diagnose' }).click();
    await finding.waitFor({ timeout: 30_000 });
    expect((await tdsFaults('DELETE')).ok).toBe(true);
    await finding.getByRole('button', { name: /Verify/ }).click();
    await expect
      .poll(() => page.getByTestId('verify-tds_credentials_refused').textContent(), { timeout: 30_000 })
      .toMatch(/^Verified/);
    await expect(finding.getAttribute('data-state')).resolves.toBe('green');

    await open('status');
    await tds.waitFor();
    await expect(tds.locator('[data-light]').first().getAttribute('data-light')).resolves.toBe('green');
    await expect(page.locator('h1 [data-light]').getAttribute('data-light')).resolves.not.toBe('red');
  });

  it('shows live progress of a Product Sync run', async () => {
    await open('status');
    await page.getByRole('button', { name: 'Run Product Sync now' }).click();
    const text = page.getByTestId('progress-text');
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const t = (await text.count()) ? await text.textContent() : null;
          // Two different "done" counts: the progress itself moved (not just the rate or ETA).
          const done = t?.match(/^([1-9][\d,]*) /)?.[1];
          if (done) seen.add(done);
          return seen.size;
        },
        // Generous: a hang guard, not a speed check (a loaded 2-core machine counts the price file slowly).
        { timeout: 120_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(2);
    // It finishes and the table shows the records processed.
    await expect
      .poll(() => page.locator('tr[data-template=product-sync]').textContent(), { timeout: 120_000 })
      .toMatch(/\d+ added/);
  }, 300_000);
});
