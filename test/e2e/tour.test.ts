/**
 * The landing tour in a real Chromium, as a newcomer walks it: every link on the page opens without an error,
 * the first task's opportunity shows the pod with prices, Save logs the pod's before-save answer, the tour's
 * "Break TD SYNNEX" button breaks it (the pod says so, the console's Diagnostics finds it) and "Mend it" mends it
 * (Verify turns it green); the tour and the simulator
 * pages pass axe-core (no serious or critical violations).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TDS_PURCHASE_ORDERS } from '../../sim/data/cw-seed.ts';
import { seriousViolations } from './axe.ts';
import { type Harness, problemsOf, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  // The order demo's purchase orders, as `npm start` seeds them.
  h = await startHarness({}, { cwSizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS } });
});
afterAll(async () => {
  await h?.close();
});

async function openTour(): Promise<Page> {
  const page = await h.page();
  const response = await page.goto(`${h.server.screensUrl}/`);
  expect(response?.status()).toBe(200);
  return page;
}

/** `npx tds-bridge activate --tenant demo`, as the tour asks, through the same admin route. */
async function activateDemo() {
  const applied = await fetch(`${h.server.url}/api/admin/tenants/demo/activation/apply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.server.deps.adminToken}` },
  });
  expect(applied.status).toBe(200);
}

const hrefs = (page: Page, selector: string) =>
  page.$$eval(selector, (links) => links.map((a) => (a as HTMLAnchorElement).href));

describe('the landing tour in Chromium', () => {
  it('opens every link on the page without an error, and passes axe', async () => {
    const tour = await openTour();
    await expect(tour.locator('h1').textContent()).resolves.toContain('tds-bridge');
    expect(await seriousViolations(tour.mainFrame())).toEqual([]);
    const links = [...new Set(await hrefs(tour, 'a[href]'))];
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      // A page per link: a page that moves on by itself (the console to its sign-in) never cuts the next one short.
      const page = await h.page();
      const failed: string[] = [];
      page.on('response', (r) => {
        const type = r.request().resourceType();
        if (r.status() >= 400 && ['script', 'stylesheet', 'image', 'font'].includes(type)) failed.push(r.url());
      });
      const response = await page.goto(link);
      const status = response?.status() ?? 0;
      // Protected pages may refuse, but only with their sign-in.
      if (status === 401 || status === 403) await expect(page.content()).resolves.toMatch(/sign[ -]in/i);
      else expect(status, link).toBeLessThan(400);
      if (new URL(link).pathname === '/console/') {
        await page.waitForURL(/\/console\/sign-in/);
        await page.getByLabel('Admin token').waitFor();
      }
      expect({ link, failed, problems: problemsOf(page) }).toEqual({ link, failed: [], problems: [] });
      await page.close();
    }
    expect(problemsOf(tour)).toEqual([]);
  });

  it("walks the first task: the opportunity's pod shows prices, and Save logs the pod's before-save answer", async () => {
    const tour = await openTour();
    await tour.locator('#pa a').first().click();
    const pod = tour.frameLocator('#pod-frame');
    await pod.locator('[data-testid=record-title]').waitFor({ timeout: 20_000 });
    await expect(pod.locator('body').textContent()).resolves.toMatch(/\$\d/);
    await tour.locator('#save').click();
    await tour.locator('#host-log li', { hasText: 'pod acknowledged before-save' }).waitFor({ timeout: 10_000 });
    expect(problemsOf(tour)).toEqual([]);
  });

  it('breaks TD SYNNEX from the tour: the pod says so, the console finds it, and it is mended', async () => {
    const tour = await openTour();
    await tour.getByRole('button', { name: 'Break TD SYNNEX' }).click();
    await tour.getByText('TD SYNNEX now refuses').waitFor();
    expect(h.server.simulators?.tds.faults.config.expiredCredentials).toBe(true);

    const opportunity = await h.page();
    await opportunity.goto(
      (await hrefs(tour, '#break a')).find((href) => href.includes('/screens/opportunity/')) ?? '',
    );
    const pod = opportunity.frameLocator('#pod-frame');
    // Refresh asks TD SYNNEX again whatever the pricing cache holds (an earlier test may have opened this
    // opportunity), as the tour says; then what the tour says to look for.
    await pod.getByRole('button', { name: 'Refresh' }).click({ timeout: 20_000 });
    await pod
      .getByText(/TD SYNNEX refused the login/)
      .first()
      .waitFor({ timeout: 20_000 });

    // The console finds it, as the tour says: signed in with the admin token, Diagnostics shows the cause red.
    const console = await h.page();
    await console.goto(`${h.server.screensUrl}/console/sign-in`);
    await console.locator('#admin-token').fill(h.server.deps.adminToken);
    await console.locator('#admin-token').press('Enter');
    await console.waitForURL(/\/console\/$/);
    await console.goto(`${h.server.screensUrl}/console/#diagnostics`);
    await console.reload(); // a hash change alone keeps the section the console showed first
    const finding = console.locator('[data-finding=tds_credentials_refused]');
    await finding.waitFor({ timeout: 30_000 });
    await expect(finding.getAttribute('data-state')).resolves.toBe('red');

    await tour.getByRole('button', { name: 'Mend it' }).click();
    await tour.getByText('TD SYNNEX answers normally again').waitFor();
    expect(h.server.simulators?.tds.faults.config.expiredCredentials).toBeFalsy();
    await finding.getByRole('button', { name: /Verify/ }).click();
    await expect
      .poll(() => console.getByTestId('verify-tds_credentials_refused').textContent(), { timeout: 30_000 })
      .toMatch(/^Verified/);
    expect(problemsOf(console)).toEqual([]);
  });

  it('walks TDS Sync Price: after activation the field is saved on the screen and comes back "TDS Price Updated"', async () => {
    await activateDemo();
    const tour = await openTour();
    await tour.locator('#sync-price a').first().click();
    const field = tour.getByLabel('TDS Sync Price');
    await field.selectOption('Get TDS Price');
    await tour.getByRole('button', { name: 'Save field' }).click();
    await tour.waitForLoadState();
    await expect
      .poll(
        async () => {
          await tour.reload();
          return tour.getByLabel('TDS Sync Price').inputValue();
        },
        { timeout: 20_000 },
      )
      .toBe('TDS Price Updated');
    expect(await seriousViolations(tour.mainFrame())).toEqual([]);
    expect(problemsOf(tour)).toEqual([]);
  });

  it('walks Send to TDS: the ready PO is sent and gets its order number, the other names its problem, the ticket shows the badge', async () => {
    await activateDemo(); // the tour's task 3; idempotent, so this test also runs alone
    const tour = await openTour();
    await tour.locator('#send-to-tds a').first().click();
    const pod = tour.frameLocator('#pod-frame');
    await pod.getByTestId('send-to-tds').click({ timeout: 20_000 });
    await expect(pod.getByTestId('order-numbers').textContent({ timeout: 30_000 })).resolves.toMatch(/\d/);
    expect(problemsOf(tour)).toEqual([]);

    const problem = await openTour();
    await problem.locator('#send-to-tds a').nth(1).click();
    await problem.frameLocator('#pod-frame').getByTestId('send-reasons').waitFor({ timeout: 20_000 });

    const ticket = await openTour();
    await ticket.locator('#ticket-badge a').first().click();
    await ticket.frameLocator('#pod-frame').getByTestId('order-badge').first().waitFor({ timeout: 20_000 });
    expect(problemsOf(ticket)).toEqual([]);
  });

  it("shows each simulator's page with its controls, passing axe", async () => {
    const page = await h.page();
    for (const sim of ['cw', 'tds']) {
      await page.goto(`${h.server.url}/sim/${sim}/`);
      await page.getByRole('button', { name: 'Reset this simulator' }).waitFor();
      await page.getByRole('button', { name: 'Advance' }).click();
      await page.getByText('clock advanced').waitFor();
      expect(await seriousViolations(page.mainFrame())).toEqual([]);
    }
    expect(problemsOf(page)).toEqual([]);
  });
});
