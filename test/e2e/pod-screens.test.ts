import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, problemsOf, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const record = (entity: string) => {
  const row = h.server.simulators?.cw.list(entity)[0];
  if (!row) throw new Error(`the simulator seeded no ${entity}`);
  return row as Record<string, unknown> & { id: number };
};

async function openScreen(path: string): Promise<Page> {
  const page = await h.page();
  await page.goto(`${h.server.screensUrl}${path}`);
  return page;
}

describe('the pod inside simulated ConnectWise screens', () => {
  it('connects over the ConnectWise Hosted API, verifies the member and shows the opportunity', async () => {
    const opportunity = record('sales/opportunities');
    const page = await openScreen(`/sim/cw/screens/opportunity/${opportunity.id}`);
    const pod = page.frameLocator('#pod-frame');
    await expect(pod.locator('[data-testid=record-title]').textContent({ timeout: 15_000 })).resolves.toBe(
      String(opportunity.name),
    );
    await expect(pod.locator('[data-testid=pod-member]').textContent()).resolves.toMatch(/\w+ \w+/);
    const frameUrl = new URL(page.frames()[1]?.url() ?? '');
    expect(frameUrl.origin).not.toBe(new URL(page.url()).origin);
    expect(frameUrl.searchParams.get('host')).toBe('cw');
    await expect(page.locator('#host-log').textContent()).resolves.toContain('pod asked for member authentication');
    expect(problemsOf(page)).toEqual([]);
  });

  it('does the same over Penpal', async () => {
    const opportunity = record('sales/opportunities');
    const page = await openScreen(`/sim/cw/screens/opportunity/${opportunity.id}?transport=penpal`);
    const pod = page.frameLocator('#pod-frame');
    await expect(pod.locator('[data-testid=record-title]').textContent({ timeout: 15_000 })).resolves.toBe(
      String(opportunity.name),
    );
    expect(new URL(page.frames()[1]?.url() ?? '').searchParams.get('host')).toBe('penpal');
    expect(problemsOf(page)).toEqual([]);
  });

  it('refuses a forged member hash with a clear message and shows no data', async () => {
    const opportunity = record('sales/opportunities');
    const page = await openScreen(`/sim/cw/screens/opportunity/${opportunity.id}?as=forged`);
    const pod = page.frameLocator('#pod-frame');
    const denied = pod.locator('[data-testid=not-authorized]');
    await denied.waitFor({ timeout: 15_000 });
    // Heading and message apart: what happened, then why and the next step.
    await expect(denied.locator('h2').textContent()).resolves.toBe('ConnectWise did not confirm who you are');
    await expect(denied.locator('p').textContent()).resolves.toMatch(/Reopen the screen in ConnectWise/);
    await expect(pod.locator('[data-testid=record-title]').count()).resolves.toBe(0);
  });

  it('refuses a member of a company that is not connected', async () => {
    const opportunity = record('sales/opportunities');
    const page = await openScreen(`/sim/cw/screens/opportunity/${opportunity.id}?as=othercompany`);
    const denied = page.frameLocator('#pod-frame').locator('[data-testid=not-authorized]');
    await denied.waitFor({ timeout: 15_000 });
    await expect(denied.locator('h2').textContent()).resolves.toBe('This ConnectWise company is not connected');
    const message = await denied.locator('p').textContent();
    expect(message).toContain('othermsp');
    // The next step is one a member can take, naming a guide that exists.
    expect(message).toMatch(/Ask the administrator .* docs\/go-live\.md/);
  });

  it("completes the host's save because the pod acknowledges before-save", async () => {
    const opportunity = record('sales/opportunities');
    for (const transport of ['cw', 'penpal']) {
      const page = await openScreen(`/sim/cw/screens/opportunity/${opportunity.id}?transport=${transport}`);
      await page.frameLocator('#pod-frame').locator('[data-testid=record-title]').waitFor({ timeout: 15_000 });
      await page.locator('#save').click();
      await page.locator('#save-status', { hasText: 'Saved' }).waitFor({ timeout: 5_000 });
      await expect(page.locator('#host-log').textContent()).resolves.toContain(
        'pod acknowledged before-save: save completed',
      );
    }
  });

  it('shows the purchase order and the ticket on their screens', async () => {
    const po = record('procurement/purchaseorders');
    const poPage = await openScreen(`/sim/cw/screens/purchaseorder/${po.id}`);
    await expect(
      poPage.frameLocator('#pod-frame').locator('[data-testid=record-title]').textContent({ timeout: 15_000 }),
    ).resolves.toBe(String(po.poNumber));

    const ticket = record('service/tickets');
    const ticketPage = await openScreen(`/sim/cw/screens/ticket/${ticket.id}`);
    await expect(
      ticketPage.frameLocator('#pod-frame').locator('[data-testid=record-title]').textContent({ timeout: 15_000 }),
    ).resolves.toContain(String(ticket.summary));
  });
});
