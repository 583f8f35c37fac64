/**
 * Screenshots of the opportunity view as a tech sees it: the pod panel (300 px) and the Tab (800 px wide page),
 * with a line expanded and the update dialog open. Not a test: `npx tsx test/e2e/screenshots.ts <out dir>`.
 */
import { startHarness } from './harness.ts';

const out = process.argv[2] ?? '/tmp';
const h = await startHarness();
try {
  for (const [name, width, query] of [
    ['pod-300', 1280, ''],
    ['tab-800', 800, '?view=tab'],
    ['pod-penpal-300', 1280, '?transport=penpal'],
  ] as const) {
    const page = await h.page();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${h.server.screensUrl}/sim/cw/screens/opportunity/802${query}`);
    const pod = page.frameLocator('#pod-frame');
    await pod.locator('[data-testid=pricing-row]').first().waitFor({ timeout: 20_000 });
    await pod.locator('[data-testid=pricing-row] .stock-toggle').first().click();
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    // The frame alone, taller, to see several lines (a tech scrolls the pod panel).
    await page.locator('#pod-frame').evaluate((f) => {
      (f as HTMLIFrameElement).style.height = '1100px';
    });
    await page.locator('#pod-frame').screenshot({ path: `${out}/${name}-frame.png` });
    await pod.locator('[data-testid=update-line]').first().click();
    await pod.locator('[role=dialog]').waitFor();
    await page.screenshot({ path: `${out}/${name}-dialog.png`, fullPage: true });
  }
  const denied = await h.page();
  await denied.goto(`${h.server.screensUrl}/sim/cw/screens/opportunity/802?as=forged`);
  await denied.frameLocator('#pod-frame').locator('[data-testid=not-authorized]').waitFor({ timeout: 15_000 });
  await denied.screenshot({ path: `${out}/denied-300.png` });
} finally {
  await h.close();
}
