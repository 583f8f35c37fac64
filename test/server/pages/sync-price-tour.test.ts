/**
 * The tour's "TDS Sync Price" task through real HTTP: after activation the simulated opportunity screen offers
 * the field; a member saves it at "Get TDS Price" (a guarded, same-origin form), ConnectWise's callback reaches
 * tds-bridge, and the opportunity ends at "TDS Price Updated" with TD SYNNEX costs on its lines.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 2000 });
});
afterAll(async () => {
  await server?.close();
});

const fieldValue = (id: number) => {
  const opportunity = server.simulators?.cw.get('sales/opportunities', id);
  const fields = (opportunity?.customFields ?? []) as Array<{ caption?: string; value?: unknown }>;
  return fields.find((f) => f.caption === 'TDS Sync Price')?.value;
};

describe('TDS Sync Price from the simulated opportunity screen', () => {
  it('is offered only once activation created the field', async () => {
    const id = server.deps.simulators?.samples().opportunities[0]?.id;
    const before = await fetch(`${server.screensUrl}/sim/cw/screens/opportunity/${id}`);
    expect(await before.text()).not.toContain('data-field="TDS Sync Price"');

    const applied = await server.api('/api/admin/tenants/demo/activation/apply', { method: 'POST', admin: true });
    expect(applied.status).toBe(200);
    const after = await fetch(`${server.screensUrl}/sim/cw/screens/opportunity/${id}`);
    const page = await after.text();
    expect(page).toContain('data-field="TDS Sync Price"');
    expect(page).toContain('<option value="Get TDS Price"');
  });

  it('saves "Get TDS Price" as the member, and tds-bridge answers with TD SYNNEX costs', async () => {
    const id = server.deps.simulators?.samples().opportunities[1]?.id ?? 0;
    const response = await fetch(`${server.screensUrl}/sim/cw/_sim/form/screen-field`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.screensUrl },
      body: new URLSearchParams({
        screen: 'opportunity',
        id: String(id),
        member: 'jsmith',
        caption: 'TDS Sync Price',
        value: 'Get TDS Price',
      }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/sim/cw/screens/opportunity/${id}?member=jsmith`);
    await vi.waitFor(
      async () => {
        await server.simulators?.cw.flushCallbacks();
        expect(fieldValue(id)).toBe('TDS Price Updated');
      },
      { timeout: 15_000, interval: 100 },
    );
    const activity = await server.api<{ entries: Array<{ code: string }> }>(
      '/api/admin/tenants/demo/activity?limit=50',
      { admin: true },
    );
    expect(JSON.stringify(activity.body)).toContain('sync_price_done');
  });

  it('refuses the form from another site and fields the screen does not offer', async () => {
    const post = (body: Record<string, string>, origin: string) =>
      fetch(`${server.screensUrl}/sim/cw/_sim/form/screen-field`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams(body),
        redirect: 'manual',
      });
    const form = {
      screen: 'opportunity',
      id: '1',
      member: 'jsmith',
      caption: 'TDS Sync Price',
      value: 'Get TDS Price',
    };
    expect((await post(form, 'http://evil.example')).status).toBe(403);
    expect((await post({ ...form, caption: 'Budget' }, server.screensUrl)).status).toBe(400);
    expect((await post({ ...form, id: '99999' }, server.screensUrl)).status).toBe(404);
  });
});
