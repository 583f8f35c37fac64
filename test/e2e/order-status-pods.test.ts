/**
 * Order Status in Chromium on the simulated ConnectWise screens, pods 300 px wide: a PO raised for a ticket is sent
 * by Create Orders ("Send to TDS"), the TD SYNNEX clock moves until it ships, Order Status runs; the ticket pod's
 * badge shows "TDS Shipped" with a working tracking link, and the PO pod's progress shows the status, carriers
 * with tracking links and the serial numbers. Both fit the width and pass axe-core. A ticket without orders shows
 * no badge.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyActivation } from '../../server/activation/activate.ts';
import { getOrder } from '../../server/orders/repo.ts';
import { getTracking } from '../../server/orders/tracking-repo.ts';
import { requestSend } from '../../server/sync/templates/create-orders/index.ts';
import { cwClientFor } from '../../server/tenants/cw-clients.ts';
import { type Harness, problemsOf, startHarness } from './harness.ts';

const TENANT = 'demo';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Rec = Record<string, unknown> & { id: number };

let h: Harness;
let ticketId = 0;
let otherTicketId = 0;
let poId = 0;

async function runOrderStatus(): Promise<string> {
  const { run } = await h.server.engine.runNow(TENANT, 'order-status');
  for (let i = 0; i < 200; i++) {
    await h.server.engine.tick();
    const current = await h.server.engine.run(run.id);
    if (current.state !== 'scheduled' && current.state !== 'running') return current.state;
  }
  throw new Error('order-status did not finish');
}

beforeAll(async () => {
  h = await startHarness({}, { cwSizes: { tdsPurchaseOrders: 3 }, tickIntervalMs: 0 });
  const deps = h.server.deps;
  await applyActivation(deps, TENANT, h.server.url, 'e2e');
  const cw = await cwClientFor(deps, TENANT);
  const vendor = (await cw.list('company/companies', { conditions: 'identifier="TDSYNNEX"' }))[0] as Rec;
  const [po] = (await cw.list('procurement/purchaseorders', {
    conditions: `vendorCompany/id=${vendor.id}`,
    orderBy: 'id asc',
  })) as Rec[];
  if (!po) throw new Error('no seeded PO to TD SYNNEX');
  poId = po.id;
  // "Send to TDS" (the button's path), then the engine until Create Orders has placed it.
  await requestSend(deps, h.server.engine, { tenantId: TENANT, cwPoId: po.id, source: 'button', memberId: 'mbrown' });
  for (let i = 0; i < 100 && (await getOrder(deps.db, { tenantId: TENANT, cwPoId: po.id }))?.state !== 'accepted'; i++)
    await h.server.engine.tick();
  expect((await getOrder(deps.db, { tenantId: TENANT, cwPoId: po.id }))?.state).toBe('accepted');
  const tickets = (await cw.list('service/tickets', { conditions: `poNumber="${String(po.poNumber)}"` })) as Rec[];
  ticketId = tickets[0]?.id ?? 0;
  const all = (await cw.list('service/tickets', { pageSize: 100 })) as Rec[];
  otherTicketId = all.find((t) => !t.poNumber)?.id ?? 0;
  // Move TD SYNNEX's clock an hour at a time until the order has shipped (no waiting: simulator time).
  const sim = h.server.simulators?.tds;
  for (let i = 0; i < 24 * 14; i++) {
    if (
      sim
        ?.orders()
        .find((o) => o.poNumber === `CW-${String(po.poNumber)}`)
        ?.lines.some((l) => l.shipped > 0)
    )
      break;
    await fetch(`${h.server.url}/sim/tds/_sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: '1h' }),
    });
  }
  expect(await runOrderStatus()).toMatch(/^succeeded/);
}, 180_000);
afterAll(async () => {
  await h?.close();
});

async function ticketPod(id: number): Promise<{ page: Page; pod: FrameLocator; ordersAnswered: Promise<unknown> }> {
  const page = await h.page();
  const ordersAnswered = page.waitForResponse((r) => r.url().includes(`/api/pod/tickets/${id}/orders`), {
    timeout: 20_000,
  });
  await page.goto(`${h.server.screensUrl}/sim/cw/screens/ticket/${id}`);
  // ConnectWise gives a pod about 300 px.
  await page.locator('#pod-frame').evaluate((frame) => {
    (frame as HTMLIFrameElement).style.width = '300px';
  });
  const pod = page.frameLocator('#pod-frame');
  await pod.locator('[data-testid=record-title]').waitFor({ timeout: 15_000 });
  return { page, pod, ordersAnswered };
}

describe('ticket pod: TD SYNNEX order badge', () => {
  it('shows the shipped order with its status and a carrier tracking link, within 300 px, axe-clean', async () => {
    expect(ticketId).toBeGreaterThan(0);
    const { page, pod } = await ticketPod(ticketId);
    const badge = pod.locator('[data-testid=order-badge]');
    await badge.waitFor({ timeout: 15_000 });
    await expect(badge.locator('[data-testid=order-status]').textContent()).resolves.toMatch(
      /TDS (Shipped|Invoiced|Closed)/,
    );
    const link = badge.locator('[data-testid=tracking-link]');
    await expect(link.getAttribute('href')).resolves.toMatch(/^https:\/\/www\.(fedex|ups)\.com\//);
    await expect(link.getAttribute('rel')).resolves.toContain('noopener');
    const frame = page.frames().find((f) => f.url().includes('/pod'));
    if (!frame) throw new Error('pod frame not found');
    const widths = await frame.evaluate(() => ({
      viewport: document.documentElement.clientWidth,
      content: document.documentElement.scrollWidth,
      badge: document.querySelector('[data-testid=order-badge]')?.getBoundingClientRect().right ?? 0,
    }));
    expect(widths.viewport).toBeLessThanOrEqual(300);
    expect(widths.content).toBeLessThanOrEqual(widths.viewport);
    expect(widths.badge).toBeLessThanOrEqual(widths.viewport);
    // Through the debugger protocol: the pod's CSP (script-src 'self') rightly refuses inline scripts.
    await frame.evaluate(axeSource);
    const violations = await frame.evaluate(async () => {
      type Axe = { run(ctx: unknown, opts?: unknown): Promise<{ violations: Array<{ id: string }> }> };
      const axe = (window as unknown as { axe: Axe }).axe;
      // The whole pod against WCAG 2.1 A/AA; the badges also against axe's best practices. (The pod shell's
      // page-level best practices, one <main> and an <h1>, belong to the shell, not to this screen.)
      const wcag = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      const badges = await axe.run('[data-testid=order-badges]', {
        rules: { 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } },
      });
      return [...wcag.violations, ...badges.violations].map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
  });

  it('shows the PO pod progress: status, carriers with tracking links and the serial numbers, within 300 px, axe-clean', async () => {
    const row = (await getTracking(h.server.db, { tenantId: TENANT, cwPoId: poId }))!;
    const page = await h.page();
    await page.goto(`${h.server.screensUrl}/sim/cw/screens/purchaseorder/${poId}?member=mbrown`);
    await page.locator('#pod-frame').evaluate((frame) => {
      (frame as HTMLIFrameElement).style.width = '300px';
    });
    const pod = page.frameLocator('#pod-frame');
    const progress = pod.locator('[data-testid=order-progress]');
    await progress.waitFor({ timeout: 20_000 });
    await expect(progress.locator('[data-testid=progress-status]').textContent()).resolves.toMatch(
      /TDS (Shipped|Invoiced|Closed)/,
    );
    const firstTracking = row.lines.flatMap((l) => l.trackingNumbers)[0]!;
    await expect(
      progress.locator('[data-testid=progress-tracking] a', { hasText: firstTracking }).getAttribute('href'),
    ).resolves.toContain(firstTracking);
    const serials = row.lines.flatMap((l) => l.serialNumbers);
    if (serials.length) {
      const shown = await progress.locator('[data-testid=progress-serials]').textContent();
      for (const serial of serials) expect(shown).toContain(serial);
    } else {
      await expect(progress.locator('[data-testid=progress-serials]').count()).resolves.toBe(0);
    }
    const frame = page.frames().find((f) => f.url().includes('/pod'))!;
    await expect(frame.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(300);
    await frame.evaluate(axeSource);
    const violations = await frame.evaluate(async () => {
      type Axe = { run(ctx: unknown, opts?: unknown): Promise<{ violations: Array<{ id: string }> }> };
      const axe = (window as unknown as { axe: Axe }).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
  });

  it('shows no badge on a ticket without a TD SYNNEX order', async () => {
    expect(otherTicketId).toBeGreaterThan(0);
    const { page, pod, ordersAnswered } = await ticketPod(otherTicketId);
    // The badges load after the record: wait for the pod's own request to be answered before counting.
    await ordersAnswered;
    await pod.locator('[data-testid=record-title]').waitFor();
    await expect(pod.locator('[data-testid=order-badges]').count()).resolves.toBe(0);
    expect(problemsOf(page)).toEqual([]);
  });
});
