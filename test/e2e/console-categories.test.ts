/**
 * The console's category tree picker (Setup → Product Sync categories) in Chromium against the running server:
 * the saved selection and what Product Sync keeps under it show on load, search narrows the tree, a top category is ticked by keyboard (its
 * children follow, a partly chosen parent is half-ticked), Save writes only `categories` (the rest of Product
 * Sync's settings stay), a reload shows the selection; axe-core at laptop and tab width, nothing sideways at
 * 640 px; a refused save shows the server's message; an unreadable category list says what to check.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRows } from '../../server/sync/templates/product-sync/map-repo.ts';
import { DEMO_FTP } from '../../sim/tds/account.ts';
import { seriousViolations } from './axe.ts';
import { type Harness, problemsOf, startHarness } from './harness.ts';

const ADMIN_TOKEN = 'console-categories-e2e-admin-token-0123456789';
const WIDTHS = { laptop: { width: 1280, height: 800 }, tab: { width: 1000, height: 700 } };
let h: Harness;
let page: Page;

interface Entry {
  code: string;
  name: string;
  level: number;
}
interface Settings {
  stored: { categories: string[]; mapping: Record<string, unknown>; cap: number } & Record<string, unknown>;
}

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${h.server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

const settingsPath = '/tenants/demo/templates/product-sync/settings';
const picker = () => page.getByTestId('category-picker');

async function openSetup() {
  await page.goto(`${h.server.url}/console/#setup`);
  await page.reload();
  await picker().locator('.category-tree, [role=alert]').first().waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  h = await startHarness({ ADMIN_TOKEN });
  page = await h.page();
  const res = await page.request.post(`${h.server.url}/console/sign-in`, {
    form: { adminToken: ADMIN_TOKEN },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
});
afterAll(async () => {
  await h?.close();
});

describe('console category picker', () => {
  it('searches, ticks a top category by keyboard, saves only categories, and shows it after a reload', async () => {
    const { categories } = await admin<{ categories: Entry[] }>('GET', '/tenants/demo/tds-categories');
    const before = await admin<Settings>('GET', settingsPath);
    const saved = before.stored.categories;
    expect(saved.length).toBeGreaterThan(0);
    // A top category of the live list that the saved selection does not touch.
    const top = categories.find((c) => c.level === 1 && !saved.some((s) => s.startsWith(c.code)));
    if (!top) throw new Error('no free top category in the list');
    const child = categories.find((c) => c.level === 2 && c.code.startsWith(top.code));
    if (!child) throw new Error(`${top.code} has no subcategory`);

    // Three products Product Sync keeps in ConnectWise under the first saved category (as a run records them).
    await saveRows(
      h.server.deps.db,
      ['2001', '2002', '2003'].map((sku) => ({
        tenantId: 'demo',
        sku,
        identifier: `MPN-${sku}`,
        mfgPN: `MPN-${sku}`,
        manufacturer: 'Cisco',
        categoryCode: saved[0] ?? '',
        status: 'active' as const,
        written: {},
        observed: {},
        updatedAt: new Date().toISOString(),
      })),
    );

    await page.setViewportSize(WIDTHS.laptop);
    await openSetup();
    // The saved selection on load: its top categories are half-ticked (indeterminate), the others empty.
    const savedTop = saved[0]?.slice(0, 3) ?? '';
    await expect(picker().locator(`li[data-code="${savedTop}"]`).getAttribute('data-state')).resolves.toBe('mixed');
    await expect(
      page.locator(`#category-${savedTop}`).evaluate((el: HTMLInputElement) => el.indeterminate),
    ).resolves.toBe(true);
    await expect(picker().locator(`li[data-code="${savedTop}"] label`).first().textContent()).resolves.toMatch(
      /3 products synced/,
    );
    await expect(picker().getByTestId('category-synced').textContent()).resolves.toMatch(
      /^In ConnectWise now: 3 products synced from these categories \(0 % of the cap\)\./,
    );
    const tops = await picker().locator('.category-tree > li').count();
    expect(tops).toBe(categories.filter((c) => c.level === 1).length);

    // Search narrows the tree to the match.
    await page.getByLabel('Search categories by name or code').fill(top.name);
    await expect.poll(() => picker().locator('.category-tree > li').count()).toBeLessThan(tops);
    const row = picker().locator(`li[data-code="${top.code}"]`);
    await row.waitFor();

    // Keyboard: focus the checkbox and press Space; then open its subcategories with Enter.
    await page.locator(`#category-${top.code}`).focus();
    await page.keyboard.press('Space');
    await expect(row.getAttribute('data-state')).resolves.toBe('checked');
    await row
      .getByRole('button', { name: `Subcategories of ${top.name}` })
      .first()
      .focus();
    await page.keyboard.press('Enter');
    await expect(page.locator(`#category-${child.code}`).isChecked()).resolves.toBe(true);
    await expect(picker().getByTestId('category-count').textContent()).resolves.toMatch(
      new RegExp(`^${saved.length + 1} codes chosen`),
    );

    // Accessible at laptop and ConnectWise-tab width, with the tree searched and a branch open.
    for (const [name, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      expect({ name, violations: await seriousViolations(page.mainFrame()) }).toEqual({ name, violations: [] });
    }
    // Nothing sideways at 640 px: neither the picker nor the page scrolls horizontally.
    await page.setViewportSize({ width: 640, height: 700 });
    const overflow = await picker().evaluate((el) => ({
      picker: el.scrollWidth - el.clientWidth,
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }));
    expect(overflow).toEqual({ picker: 0, page: 0 });
    await page.setViewportSize(WIDTHS.laptop);

    await picker().getByRole('button', { name: 'Save categories' }).click();
    await expect.poll(() => picker().getByTestId('category-said').textContent()).toMatch(/^Saved/);
    const after = await admin<Settings>('GET', settingsPath);
    expect(after.stored.categories).toEqual([...saved, top.code].sort());
    // Only `categories` changed.
    expect({ ...after.stored, categories: null }).toEqual({ ...before.stored, categories: null });

    await page.reload();
    await picker().locator('.category-tree').waitFor({ timeout: 30_000 });
    await expect(picker().locator(`li[data-code="${top.code}"]`).getAttribute('data-state')).resolves.toBe('checked');
    await expect(page.locator(`#category-${top.code}`).isChecked()).resolves.toBe(true);
    await expect(picker().locator(`li[data-code="${savedTop}"]`).getAttribute('data-state')).resolves.toBe('mixed');
    expect(problemsOf(page)).toEqual([]);
  });

  it('shows the server’s message when the save is refused', async () => {
    const before = await admin<Settings>('GET', settingsPath);
    // Without a ConnectWise subcategory, Product Sync's settings refuse any category.
    const { subcategory: _sub, byCategory: _rules, ...mapping } = before.stored.mapping;
    await admin('PUT', settingsPath, { ...before.stored, categories: [], mapping });
    await openSetup();
    const first = picker().locator('.category-tree > li').first();
    await first.locator('input[type=checkbox]').first().check();
    await picker().getByRole('button', { name: 'Save categories' }).click();
    const alert = picker().getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/not saved.*ConnectWise needs a subcategory/);
    const stored = (await admin<Settings>('GET', settingsPath)).stored;
    expect(stored.categories).toEqual([]);
    // Word for word what the server answers to the same save.
    const code = await first.getAttribute('data-code');
    const refusal = await fetch(`${h.server.url}/api/admin${settingsPath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...stored, categories: [code] }),
    });
    expect(refusal.status).toBe(400);
    const { error } = (await refusal.json()) as { error: { message: string } };
    await expect(alert.textContent()).resolves.toContain(error.message);
    await admin('PUT', settingsPath, before.stored);
  });

  it('says what to check when TD SYNNEX’s category list cannot be read, and reads it again', async () => {
    // The demo tenant reads the list over the simulator's FTP delivery: a wrong FTP password makes it unreadable.
    interface TdsView {
      tds: { primary: { config: { priceFile: Record<string, string> } & Record<string, unknown> } };
    }
    const { config } = (await admin<TdsView>('GET', '/tenants/demo/connections')).tds.primary;
    const withFtpPassword = (password: string) => ({ ...config, priceFile: { ...config.priceFile, password } });
    await admin('PUT', '/tenants/demo/connections/tds', withFtpPassword('not-the-ftp-password'));
    await openSetup();
    const alert = picker().getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/category list could not be read.*priceFile.*Test connection/);
    // The saved selection is still shown, and nothing can be saved blind.
    await expect(picker().getByTestId('category-saved').textContent()).resolves.toMatch(/\d{3}/);
    await expect(picker().getByRole('button', { name: 'Save categories' }).isDisabled()).resolves.toBe(true);
    await admin('PUT', '/tenants/demo/connections/tds', withFtpPassword(DEMO_FTP.password));
    await picker().getByRole('button', { name: 'Read the category list again' }).click();
    await picker().locator('.category-tree').waitFor({ timeout: 30_000 });
  });
});
