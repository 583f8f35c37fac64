/**
 * The console as a ConnectWise Tab, in Chromium: an operator turns the option on in Setup and activation registers
 * it on the simulated Company screen; opened
 * there, the console signs the member in over the Hosted API (as the pod does) and shows the tenant's status to a
 * member of an allowed role, and a clear refusal (which roles may, who decides) to a member of another role.
 * axe-core: no serious or critical violations in the Tab at laptop and narrower widths.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { type Harness, problemsOf, startHarness } from './harness.ts';

const WIDTHS = { laptop: { width: 1366, height: 900 }, narrow: { width: 1000, height: 800 } };

let h: Harness;
let companyId: number;

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${h.server.deps.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  h = await startHarness();
  expect((await admin('PUT', '/tenants/demo/console-roles', { roles: ['Admin'] })).status).toBe(200);
  const company = h.server.simulators?.cw.list('company/companies')[0] as { id: number } | undefined;
  if (!company) throw new Error('the simulator seeded no company');
  companyId = company.id;
});
afterAll(async () => {
  await h?.close();
});

/** Opens the Company screen as `member`, follows the Tab the activation registered, and returns the console frame. */
async function openTab(member: string): Promise<{ page: Page; frame: Frame }> {
  const page = await h.page();
  await page.setViewportSize(WIDTHS.laptop);
  await page.goto(`${h.server.screensUrl}/sim/cw/screens/company/${companyId}?member=${member}`);
  await page.getByRole('navigation', { name: 'Record tabs' }).getByRole('link', { name: 'tds-bridge console' }).click();
  await page.waitForURL(/view=tab/);
  const frameElement = await page.waitForSelector('#pod-frame[src]');
  const frame = await frameElement.contentFrame();
  if (!frame) throw new Error('the Tab has no frame');
  return { page, frame };
}

describe('the console in a ConnectWise Tab', () => {
  it('an operator turns the option on in Setup, previews the Tab step and applies it', async () => {
    const { body } = await admin('POST', '/console/links', { operator: 'Robin Ops' });
    const page = await h.page();
    await page.goto(String(body.url));
    await page.getByRole('button', { name: 'Sign in as Robin Ops' }).click();
    await page.waitForURL(/\/console\/$/);
    await page.goto(`${h.server.url}/console/#setup`);
    const option = page.getByTestId('console-tab-option');
    const box = option.getByRole('checkbox', { name: 'Show this console as a ConnectWise Tab' });
    await expect.poll(() => box.isEnabled(), { timeout: 30_000 }).toBe(true);
    await expect(option.getByLabel('on the screen').inputValue()).resolves.toBe('company');
    await box.check();
    await option.getByRole('button', { name: 'Save option' }).click();
    await expect.poll(() => option.getByRole('status').textContent()).toMatch(/^Saved/);
    await page.getByRole('button', { name: 'Preview activation' }).click();
    const planned = page.locator('li', { hasText: 'Tab "tds-bridge console" on the company screen' });
    await expect.poll(() => planned.textContent(), { timeout: 30_000 }).toMatch(/^create/);
    await page.getByRole('button', { name: 'Apply activation' }).click();
    await expect.poll(() => planned.textContent(), { timeout: 30_000 }).toMatch(/^exists/);
    expect(problemsOf(page)).toEqual([]);
  }, 90_000);

  it('shows the tenant status to a member of an allowed role, signed in over the Hosted API', async () => {
    const { page, frame } = await openTab('jsmith');
    const url = new URL(frame.url());
    expect(url.origin).not.toBe(new URL(page.url()).origin);
    expect(url.pathname).toBe('/console/');
    expect(url.searchParams.get('tenant')).toBe('demo');
    await frame.locator('tr[data-template=product-sync]').waitFor({ timeout: 30_000 });
    await expect(frame.getByTestId('console-actor').textContent()).resolves.toBe('member:jsmith');
    for (const id of ['product-sync', 'price-availability', 'create-orders', 'order-status']) {
      await expect(frame.locator(`tr[data-template=${id}]`).count()).resolves.toBe(1);
    }
    // A member has no operator session to end.
    await expect(frame.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
    await expect(page.locator('#host-log').textContent()).resolves.toContain('member authentication');
    await expect.poll(() => frame.locator('.spinner').count(), { timeout: 30_000 }).toBe(0);
    for (const [name, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      expect({ name, violations: await seriousViolations(frame) }).toEqual({ name, violations: [] });
    }
    expect(problemsOf(page)).toEqual([]);
  }, 90_000);

  it('refuses a member whose role is not allowed, saying which roles may and who sets that', async () => {
    const { page, frame } = await openTab('akhan');
    const denied = frame.getByTestId('not-authorized');
    await denied.waitFor({ timeout: 30_000 });
    await expect(denied.locator('h2').textContent()).resolves.toBe(
      'Your security role may not open the tds-bridge console',
    );
    const message = (await denied.locator('p').textContent()) ?? '';
    expect(message).toContain('(Technician)');
    expect(message).toContain('"Admin"');
    expect(message).toMatch(/operator .*Setup → Console access/);
    await expect(frame.locator('tr[data-template]').count()).resolves.toBe(0);
    for (const [name, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      expect({ name, violations: await seriousViolations(frame) }).toEqual({ name, violations: [] });
    }
    // The refusal is a 403 the page handles, not a server error.
    expect(problemsOf(page)).toEqual([]);
  }, 90_000);
});
