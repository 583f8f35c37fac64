import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, problemsOf, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openOpportunity(id: number): Promise<{ page: Page; pod: FrameLocator }> {
  const page = await h.page();
  await page.goto(`${h.server.screensUrl}/sim/cw/screens/opportunity/${id}`);
  const pod = page.frameLocator('#pod-frame');
  await pod.locator('[data-testid=pricing-row]').first().waitFor({ timeout: 20_000 });
  return { page, pod };
}

const row = (pod: FrameLocator, identifier: string) =>
  pod.locator('[data-testid=pricing-row]', { has: pod.locator('.expander', { hasText: identifier }) });

describe('the opportunity pod', () => {
  it('shows TD SYNNEX cost and stock for every line, and explains the lines it cannot price', async () => {
    const { page, pod } = await openOpportunity(802);
    const rows = pod.locator('[data-testid=pricing-row]');
    await expect(rows.count()).resolves.toBe(50);
    const statuses = await pod.locator('[data-testid=pricing-row] .badge').allTextContents();
    expect(statuses.filter((s) => s === 'Active').length).toBeGreaterThan(20);
    expect(
      statuses.every((s) => ['Active', 'Discontinued', 'Not found', 'Not authorized', 'Not TD SYNNEX'].includes(s)),
    ).toBe(true);

    await row(pod, 'LABOR-ONSITE').first().locator('.expander').click();
    await expect(pod.locator('[data-testid=line-explanation]').first().textContent()).resolves.toMatch(
      /not something TD SYNNEX sells/,
    );
    expect(problemsOf(page)).toEqual([]);
  });

  it('expands a line into its stock per warehouse, including manufacturer drop-ship', async () => {
    const { pod } = await openOpportunity(801);
    const expander = pod.locator('[data-testid=pricing-row] .expander').first();
    await expect(expander.getAttribute('aria-expanded')).resolves.toBe('false');
    await expander.click();
    await expect(expander.getAttribute('aria-expanded')).resolves.toBe('true');
    const warehouses = await pod.locator('.warehouses li').allTextContents();
    expect(warehouses.length).toBeGreaterThan(5);
    expect(warehouses.some((w) => /Manufacturer drop-ship #98/.test(w))).toBe(true);
    const total = Number(await pod.locator('[data-testid=stock]').first().textContent());
    const physical = warehouses
      .filter((w) => !/drop-ship/.test(w))
      .reduce((n, w) => n + Number(/: (\d+)/.exec(w)?.[1] ?? 0), 0);
    expect(total).toBe(physical);
  });

  it('keeps showing the last known prices, with their age, when TD SYNNEX fails', async () => {
    const { pod } = await openOpportunity(804);
    const costsBefore = await pod.locator('[data-testid=pricing-row] td:nth-child(5)').allTextContents();
    await fetch(`${h.server.url}/sim/tds/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rates: { server_error: 1 } }),
    });
    const realNow = h.server.deps.now;
    h.server.deps.now = () => new Date(Date.now() + 10 * 60_000);
    try {
      await pod.locator('[data-testid=refresh]').click();
      await pod.locator('[data-testid=pricing-warning]').waitFor({ timeout: 15_000 });
      await expect(pod.locator('[data-testid=pricing-warning]').textContent()).resolves.toMatch(/last known prices/);
      const costsAfter = await pod.locator('[data-testid=pricing-row] td:nth-child(5)').allTextContents();
      expect(costsAfter.map((c) => c.replace(/[▲▼]|cost moved.*$/g, '').trim())).toEqual(
        costsBefore.map((c) => c.replace(/[▲▼]|cost moved.*$/g, '').trim()),
      );
      await expect(pod.locator('td.stale').count()).resolves.toBeGreaterThan(0);
      await pod.locator('[data-testid=pricing-row] .expander').first().click();
      await expect(pod.locator('.details .muted').first().textContent()).resolves.toMatch(
        /last known, as of 10 min ago/,
      );
    } finally {
      h.server.deps.now = realNow;
      await fetch(`${h.server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
    }
  });

  it('updates the ConnectWise line cost after confirmation', async () => {
    const { pod } = await openOpportunity(806);
    const first = pod.locator('[data-testid=pricing-row]', { has: pod.locator('button.link') }).first();
    const productId = Number(await first.getAttribute('data-product-id'));
    const before = h.server.simulators?.cw.get('procurement/products', productId)?.cost;
    await first.locator('button.link').click();
    await pod.locator('[role=dialog]').waitFor();
    await pod.locator('[data-testid=confirm-update]').click();
    await pod.locator('[data-testid=update-message]', { hasText: 'Updated 1 line' }).waitFor({ timeout: 15_000 });
    const after = h.server.simulators?.cw.get('procurement/products', productId)?.cost;
    expect(after).not.toBe(before);
    await expect(
      pod.locator(`[data-testid=pricing-row][data-product-id="${productId}"] [data-testid=psa-cost]`).textContent(),
    ).resolves.toBe(`$${Number(after).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });
});
