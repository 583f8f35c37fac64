import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { type Harness, problemsOf, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Where ConnectWise puts the view: the 300 px pod panel, or a Tab across an 800 px wide page. */
const WIDTHS = [
  { name: 'pod panel (300 px)', query: '', pageWidth: 1280, cards: true },
  { name: 'tab (800 px page)', query: 'view=tab', pageWidth: 800, cards: false },
] as const;

async function openOpportunity(id: number, query = ''): Promise<{ page: Page; pod: FrameLocator; frame: Frame }> {
  const page = await h.page();
  await page.goto(`${h.server.screensUrl}/sim/cw/screens/opportunity/${id}${query ? `?${query}` : ''}`);
  const pod = page.frameLocator('#pod-frame');
  await pod.locator('[data-testid=pricing-row]').first().waitFor({ timeout: 20_000 });
  const frame = page.frames().find((f) => f.url().includes('/pod/'));
  if (!frame) throw new Error('no pod frame');
  return { page, pod, frame };
}

const row = (pod: FrameLocator, identifier: string) =>
  pod.locator('[data-testid=pricing-row]', { has: pod.locator('.ident', { hasText: identifier }) });

async function withTdsDown<T>(fn: () => Promise<T>): Promise<T> {
  await fetch(`${h.server.url}/sim/tds/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rates: { server_error: 1 } }),
  });
  const realNow = h.server.deps.now;
  h.server.deps.now = () => new Date(Date.now() + 10 * 60_000);
  try {
    return await fn();
  } finally {
    h.server.deps.now = realNow;
    await fetch(`${h.server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
  }
}

describe.each(WIDTHS)('the opportunity view in a $name', ({ query, pageWidth, cards }) => {
  it('shows TD SYNNEX cost, margin and stock for every line without sideways scrolling, and passes axe', async () => {
    const { page, pod, frame } = await openOpportunity(802, query);
    await page.setViewportSize({ width: pageWidth, height: 900 });
    const width = await frame.evaluate(() => document.documentElement.clientWidth);
    if (cards) expect(width).toBeLessThanOrEqual(300);
    else expect(width).toBeGreaterThanOrEqual(640);
    await expect(pod.locator('[data-testid=pricing-row]').count()).resolves.toBe(50);
    await expect(pod.locator('[data-testid=summary]').textContent()).resolves.toMatch(/50 lines · PSA cost \$[\d,.]+/);

    // Nothing wider than the frame, and every figure a tech needs is inside it.
    const overflow = await frame.evaluate(() => {
      const pod = document.getElementById('pod') as HTMLElement;
      return pod.scrollWidth - pod.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    const first = pod.locator('[data-testid=pricing-row]', { has: pod.locator('[data-testid=update-line]') }).first();
    const panel = await page.locator('#pod-frame').boundingBox();
    for (const testId of ['tds-cost', 'margin', 'stock', 'update-line']) {
      const box = await first.locator(`[data-testid=${testId}]`).boundingBox();
      expect(box, testId).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), testId).toBeLessThanOrEqual((panel?.x ?? 0) + width + 1);
    }
    // The description is on screen, not only in a tooltip.
    await expect(first.locator('.desc').isVisible()).resolves.toBe(true);
    // Cards: the column headings are for screen readers only (each figure carries its own label).
    const heading = await pod.locator('thead').boundingBox();
    expect((heading?.height ?? 0) > 1).toBe(!cards);

    await row(pod, 'LABOR-ONSITE').first().locator('[data-testid=expand]').click();
    await expect(pod.locator('[data-testid=line-explanation]').first().textContent()).resolves.toMatch(
      /not something TD SYNNEX sells/,
    );
    expect(await seriousViolations(frame)).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
  });

  it('expands the stock into its warehouses, including manufacturer drop-ship', async () => {
    const { pod, frame } = await openOpportunity(801, query);
    const toggle = pod.locator('[data-testid=pricing-row] .stock-toggle').first();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    const warehouses = await pod.locator('.warehouses li').allTextContents();
    expect(warehouses.length).toBeGreaterThan(5);
    expect(warehouses.some((w) => /Manufacturer drop-ship #98/.test(w))).toBe(true);
    const total = Number(await pod.locator('[data-testid=stock]').first().textContent());
    const physical = warehouses
      .filter((w) => !/drop-ship/.test(w))
      .reduce((n, w) => n + Number(/: (\d+)/.exec(w)?.[1] ?? 0), 0);
    expect(total).toBe(physical);
    const overflow = await frame.evaluate(() => document.getElementById('pod')?.scrollWidth ?? 0);
    expect(overflow).toBeLessThanOrEqual(await frame.evaluate(() => document.documentElement.clientWidth));
  });

  it('shows which lines an update leaves below the minimum margin, and writes them only when ticked one by one', async () => {
    const { pod, frame } = await openOpportunity(803, query);
    await pod.locator('[data-testid=update-all]').click();
    await pod.locator('[role=dialog]').waitFor();
    const risky = pod.locator('[data-testid=change].risky');
    const riskyCount = await risky.count();
    expect(riskyCount).toBeGreaterThan(0);
    await expect(risky.first().textContent()).resolves.toMatch(/Margin after: ⚠/);
    const total = await pod.locator('[data-testid=change]').count();
    await expect(pod.locator('[data-testid=confirm-update]').textContent()).resolves.toBe(
      `Update ${total - riskyCount} costs`,
    );
    await risky.first().locator('[data-testid=accept-margin]').check();
    await expect(pod.locator('[data-testid=confirm-update]').textContent()).resolves.toBe(
      `Update ${total - riskyCount + 1} costs`,
    );
    expect(await seriousViolations(frame)).toEqual([]);
    await pod.getByRole('button', { name: 'Cancel' }).click();
    await expect(pod.locator('[role=dialog]').count()).resolves.toBe(0);
  });
});

describe('the opportunity pod', () => {
  it('keeps showing the last known prices with their age when TD SYNNEX fails, and never offers them as today’s', async () => {
    const { pod } = await openOpportunity(804);
    const costsBefore = await pod.locator('[data-testid=tds-cost]').allTextContents();
    await withTdsDown(async () => {
      await pod.locator('[data-testid=refresh]').click();
      await pod.locator('[data-testid=pricing-warning]').waitFor({ timeout: 15_000 });
      await expect(pod.locator('[data-testid=pricing-warning]').textContent()).resolves.toMatch(/last known prices/);
      await expect(pod.locator('[data-testid=tds-cost]').allTextContents()).resolves.toEqual(costsBefore);
      await expect(pod.locator('[data-testid=tds-cost].stale').count()).resolves.toBeGreaterThan(0);
      await pod.locator('[data-testid=expand]').first().click();
      await expect(pod.locator('[data-testid=line-age]').first().textContent()).resolves.toMatch(
        /last known, as of 10 min ago/,
      );
      // A stale row's Update asks TD SYNNEX again and shows its answer: none, so nothing can be written.
      await pod.locator('[data-testid=update-line]').first().click();
      await pod.locator('[role=dialog]').waitFor({ timeout: 15_000 });
      // The dialog opens while TD SYNNEX is asked again; its (missing) answer shows when the ask ends.
      await pod.locator('[data-testid=change-unanswered]').waitFor({ timeout: 15_000 });
      await expect(pod.locator('[data-testid=change-unanswered]').count()).resolves.toBe(1);
      await expect(pod.locator('[data-testid=change]').count()).resolves.toBe(0);
      await expect(pod.locator('[data-testid=confirm-update]').isDisabled()).resolves.toBe(true);
    });
  });

  it('shows progress while refreshing, then the new "as of"', async () => {
    const { pod } = await openOpportunity(805);
    const before = await pod.locator('[data-testid=as-of]').textContent();
    await fetch(`${h.server.url}/sim/tds/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latency: { ms: 3000 } }),
    });
    try {
      const realNow = h.server.deps.now;
      h.server.deps.now = () => new Date(Date.now() + 5 * 60_000);
      try {
        await pod.locator('[data-testid=refresh]').click();
        await pod.locator('[data-testid=as-of]', { hasText: 'Asking TD SYNNEX' }).waitFor({ timeout: 5_000 });
        await expect(pod.locator('[data-testid=refresh]').isDisabled()).resolves.toBe(true);
        await pod.locator('[data-testid=as-of]', { hasText: 'Prices as of' }).waitFor({ timeout: 15_000 });
      } finally {
        h.server.deps.now = realNow;
      }
    } finally {
      await fetch(`${h.server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
    }
    await expect(pod.locator('[data-testid=as-of]').textContent()).resolves.not.toBe(before);
  });

  it('updates the ConnectWise line cost after confirmation', async () => {
    const { pod } = await openOpportunity(806);
    const first = pod.locator('[data-testid=pricing-row]', { has: pod.locator('[data-testid=update-line]') }).first();
    const productId = Number(await first.getAttribute('data-product-id'));
    const before = h.server.simulators?.cw.get('procurement/products', productId)?.cost;
    await first.locator('[data-testid=update-line]').click();
    await pod.locator('[role=dialog]').waitFor();
    const accept = pod.locator('[data-testid=accept-margin]');
    if (await accept.count()) await accept.check();
    await pod.locator('[data-testid=confirm-update]').click();
    await pod.locator('[data-testid=update-message]', { hasText: 'Updated 1 line' }).waitFor({ timeout: 15_000 });
    const after = h.server.simulators?.cw.get('procurement/products', productId)?.cost;
    expect(after).not.toBe(before);
    await expect(
      pod.locator(`[data-testid=pricing-row][data-product-id="${productId}"] [data-testid=psa-cost]`).textContent(),
    ).resolves.toBe(`$${Number(after).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });
});
