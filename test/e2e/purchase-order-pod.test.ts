/**
 * "Send to TDS" end to end in Chromium on the simulated ConnectWise screens: the button path (pressed twice =
 * one order), an invalid PO that shows what to fix and makes none, and the callback path (status set to
 * "Send to TDS" and saved on the simulated PO screen). The pod is checked with axe-core and at 300 px.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TDS_PURCHASE_ORDERS } from '../../sim/data/cw-seed.ts';
import { type Harness, problemsOf, startHarness } from './harness.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Json = Record<string, unknown>;

let h: Harness;
let pos: Array<{ id: number; poNumber: string }>;
beforeAll(async () => {
  h = await startHarness({}, { cwSizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS } });
  const res = await fetch(`${h.server.url}/api/admin/tenants/demo/activation/apply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.server.deps.adminToken}` },
  });
  expect(res.status).toBe(200);
  const cw = h.server.simulators!.cw;
  const vendor = cw.list('company/companies').find((c) => c.identifier === 'TDSYNNEX');
  pos = cw
    .list('procurement/purchaseorders')
    .filter((p) => (p.vendorCompany as Json).id === vendor!.id)
    .map((p) => ({ id: Number(p.id), poNumber: String(p.poNumber) }));
});
afterAll(async () => {
  await h?.close();
});

const tdsOrders = (poNumber: string) =>
  h.server.simulators!.tds.orders().filter((o) => o.poNumber === `CW-${poNumber}`);
const cwPo = (id: number) => h.server.simulators!.cw.get('procurement/purchaseorders', id) as Json & { status: Json };

async function openPo(id: number): Promise<{ page: Page; frame: () => Frame }> {
  const page = await h.page();
  await page.goto(`${h.server.screensUrl}/sim/cw/screens/purchaseorder/${id}?member=mbrown`);
  const frame = () => {
    const f = page.frames().find((x) => x !== page.mainFrame());
    if (!f) throw new Error('no pod frame');
    return f;
  };
  return { page, frame };
}

async function axeViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(AXE);
  const result = (await frame.evaluate(
    "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })",
  )) as {
    violations: Array<{ id: string; nodes: unknown[] }>;
  };
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

describe('the purchase-order pod sends to TD SYNNEX', () => {
  it('sends a valid PO once even when pressed twice, and the PO carries the order number and "TDS Accepted"', async () => {
    const po = pos[0]!;
    const { page, frame } = await openPo(po.id);
    const pod = page.frameLocator('#pod-frame');
    const button = pod.locator('[data-testid=send-to-tds]');
    await expect(button.isEnabled({ timeout: 20_000 })).resolves.toBe(true);
    // 300 px, as ConnectWise sizes pods: nothing overflows sideways, and axe finds nothing.
    await page.evaluate(() => {
      (document.getElementById('pod-frame') as HTMLIFrameElement).style.width = '300px';
    });
    await expect(frame().evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(300);
    await expect(axeViolations(frame())).resolves.toEqual([]);

    await button.dblclick();
    await pod.locator('[data-testid=order-numbers]').waitFor({ timeout: 20_000 });
    const placed = tdsOrders(po.poNumber);
    expect(placed).toHaveLength(1);
    // The pod asked ConnectWise to refresh; the reloaded screen shows what was written.
    await page.locator('dd', { hasText: 'TDS Accepted' }).waitFor({ timeout: 20_000 });
    expect(cwPo(po.id).status.name).toBe('TDS Accepted');
    expect(cwPo(po.id).vendorOrderNumber).toBe(placed[0]!.orderNumbers.join(', '));
    await expect(pod.locator('[data-testid=order-numbers]').textContent({ timeout: 20_000 })).resolves.toBe(
      placed[0]!.orderNumbers.join(', '),
    );
    await expect(pod.locator('[data-testid=send-to-tds]').count()).resolves.toBe(0);
    expect(problemsOf(page)).toEqual([]);
  });

  it('shows what to fix on an invalid PO, keeps the button disabled, and places nothing', async () => {
    const po = pos[3]!;
    const { page, frame } = await openPo(po.id);
    const pod = page.frameLocator('#pod-frame');
    const issues = pod.locator('[data-testid=order-issues]');
    await issues.waitFor({ timeout: 20_000 });
    await expect(issues.textContent()).resolves.toContain('ship-to address has no city, zip code');
    await expect(pod.locator('[data-testid=send-to-tds]').isDisabled()).resolves.toBe(true);
    await expect(pod.locator('[data-testid=send-reasons]').textContent()).resolves.toContain('Fix the problems');
    await expect(axeViolations(frame())).resolves.toEqual([]);
    expect(tdsOrders(po.poNumber)).toHaveLength(0);
  });

  it('sends through the ConnectWise callback when the status is set to "Send to TDS" and saved', async () => {
    const po = pos[1]!;
    const { page } = await openPo(po.id);
    const pod = page.frameLocator('#pod-frame');
    await pod.locator('[data-testid=record-title]').waitFor({ timeout: 20_000 });
    await page.locator('#po-status').selectOption({ label: 'Send to TDS' });
    await page.locator('#save').click();
    await page.locator('#save-notice', { hasText: 'Saved' }).waitFor({ timeout: 20_000 });
    await pod.locator('[data-testid=order-numbers]').waitFor({ timeout: 20_000 });
    expect(tdsOrders(po.poNumber)).toHaveLength(1);
    await page.locator('dd', { hasText: 'TDS Accepted' }).waitFor({ timeout: 20_000 });
  });

  it('names the batch TD SYNNEX rejected when a split PO is only partly accepted, within 300 px, axe-clean', async () => {
    const po = pos[6]!;
    const admin = { authorization: `Bearer ${h.server.deps.adminToken}`, 'content-type': 'application/json' };
    const settings = (body: Json) =>
      fetch(`${h.server.url}/api/admin/tenants/demo/templates/create-orders/settings`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify(body),
      });
    expect((await settings({ maxLinesPerOrder: 5 })).status).toBe(200);
    try {
      h.server.simulators!.tds.faults.configure({
        failNext: [{ route: '/SynnexXML/PO', kind: 'business_error', message: 'Credit hold on account' }],
      });
      const { page, frame } = await openPo(po.id);
      await page.evaluate(() => {
        (document.getElementById('pod-frame') as HTMLIFrameElement).style.width = '300px';
      });
      const pod = page.frameLocator('#pod-frame');
      const button = pod.locator('[data-testid=send-to-tds]');
      await expect(button.isEnabled({ timeout: 20_000 })).resolves.toBe(true);
      await button.click();
      const alert = pod.locator('[data-testid=order-partly-rejected]');
      await alert.waitFor({ timeout: 20_000 });
      await expect(alert.textContent()).resolves.toContain(`CW-${po.poNumber}-B1: `);
      await expect(alert.textContent()).resolves.toContain('Credit hold on account');
      await expect(pod.locator('[data-testid=order-numbers]').textContent()).resolves.toBeTruthy();
      await expect(frame().evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(300);
      await expect(axeViolations(frame())).resolves.toEqual([]);
    } finally {
      h.server.simulators!.tds.faults.configure({ failNext: [] });
      await settings({});
    }
  });
});
