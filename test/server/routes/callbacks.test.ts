import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncActivity } from '../../../db/schema/activity.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { cwSetupIds } from '../../../server/activation/cw-setup-ids.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../server/activation/names.ts';
import {
  CallbackRegistry,
  type CwCallbackEvent,
  callbackRegistry,
  onCallback,
} from '../../../server/callbacks/registry.ts';
import { computeCallbackSignature } from '../../../server/connectors/cw/callbacks.ts';
import { INLINE_BUDGET_MS } from '../../../server/routes/callbacks.ts';
import { DEMO, type Json, type SetupHarness, setupHarness } from '../setup/harness.ts';

interface Captured {
  body: string;
  signature: string;
}

/** Waits until `probe` returns something (the simulator delivers callbacks asynchronously). */
async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 4000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('POST /api/callbacks/cw/:tenantId with real ConnectWise simulator deliveries', () => {
  let h: SetupHarness;
  let cookie: string;
  const events: CwCallbackEvent[] = [];
  const unregister: Array<() => void> = [];
  // A second receiver registered in the simulator, to capture genuine signed deliveries for replay.
  const captured: Captured[] = [];
  let capture: ReturnType<typeof serve>;

  beforeAll(async () => {
    h = await setupHarness();
    const applied = await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`);
    expect(applied.body.ok).toBe(true);
    const hash = await fetch(`${h.url}/sim/cw/_sim/member-hash`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: 'jsmith' }),
    }).then((r) => r.json() as Promise<{ memberHash: string }>);
    // A person in ConnectWise (not tds-bridge's API member, whose own changes are self-suppressed).
    cookie = `companyName=demo; memberHash=${hash.memberHash}; memberId=jsmith; memberContext=web`;
    capture = serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: async (req) => {
        captured.push({ body: await req.text(), signature: req.headers.get('x-content-signature') ?? '' });
        return new Response(null, { status: 204 });
      },
    });
    await new Promise<void>((ok) => capture.once('listening', ok));
    const port = (capture.address() as AddressInfo).port;
    const registered = await h.cw('POST', 'system/callbacks', {
      body: { url: `http://127.0.0.1:${port}/capture`, type: 'Opportunity', level: 'Owner', objectId: 1 },
    });
    expect(registered.status).toBe(201);
    unregister.push(onCallback('opportunity', (event) => void events.push(event)));
  });
  afterAll(async () => {
    for (const off of unregister) off();
    capture.close();
    await h.close();
  });
  afterEach(() => {
    events.length = 0;
    captured.length = 0;
  });

  const setSyncPrice = async (opportunityId: number, value: string, as: 'person' | 'api' = 'person') => {
    const ids = await cwSetupIds(h.server.db, DEMO);
    const res = await h.cw('PATCH', `sales/opportunities/${opportunityId}`, {
      body: [
        { op: 'replace', path: 'customFields', value: [{ id: ids.customField(TDS_CUSTOM_FIELDS.syncPrice), value }] },
      ],
      ...(as === 'person' ? { cookie } : {}),
    });
    expect(res.status).toBe(200);
  };
  const replay = (body: string, signature: string | null, tenant = DEMO) =>
    fetch(`${h.url}/api/callbacks/cw/${tenant}?recordId=1&action=updated`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'x-content-signature': signature }),
      },
      body,
    });

  it('calls the opportunity handler with the verified payload when a member sets "TDS Sync Price"', async () => {
    await setSyncPrice(801, 'Get TDS Price');
    const event = await eventually(() => events.find((e) => e.id === 801));
    expect(event).toMatchObject({
      tenantId: DEMO,
      type: 'opportunity',
      action: 'updated',
      id: 801,
      memberId: 'jsmith',
    });
    const fields = event.entity?.customFields as Json[];
    expect(fields.find((f) => f.caption === 'TDS Sync Price')?.value).toBe('Get TDS Price');
    expect(event.payload.Metadata.key_url).toContain('/sim/cw/');
    const delivered = await eventually(async () => {
      const log = (await fetch(`${h.url}/sim/cw/_sim/callbacks/deliveries`).then((r) => r.json())) as Json[];
      const ours = log.filter((d) => d.url.startsWith(`${h.url}/api/callbacks/cw/${DEMO}`) && d.recordId === 801);
      return ours[0]?.outcome === 'pending' ? undefined : ours[0];
    });
    expect(delivered).toMatchObject({ outcome: 'delivered', type: 'opportunity', action: 'updated' });
    expect(delivered.attempts.map((a: Json) => a.status)).toEqual([200]);
  });

  it("does not call back for changes made by tds-bridge's own API member (self-suppressed)", async () => {
    await setSyncPrice(802, 'TDS Price Updated', 'api');
    // The capture callback (not suppressed) proves the change raised a delivery at all.
    await eventually(() => captured.find((c) => JSON.parse(c.body).ID === 802));
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.id === 802)).toEqual([]);
  });

  it('dispatches purchase-order callbacks by type to purchase-order handlers only', async () => {
    const orders: CwCallbackEvent[] = [];
    const off = onCallback('PurchaseOrder', (e) => void orders.push(e), { actions: ['updated'] });
    try {
      const ids = await cwSetupIds(h.server.db, DEMO);
      const res = await h.cw('PATCH', 'procurement/purchaseorders/3301', {
        body: [{ op: 'replace', path: 'status', value: { id: ids.poStatus(TDS_PO_STATUS.send) } }],
        cookie,
      });
      expect(res.status).toBe(200);
      const order = await eventually(() => orders.find((e) => e.id === 3301));
      expect(order.entity).toMatchObject({ status: { name: 'Send to TDS' } });
      expect(events.filter((e) => e.id === 3301)).toEqual([]);
    } finally {
      off();
    }
  });

  it('accepts a genuine delivery replayed as is, and refuses it with one byte changed (401, audited)', async () => {
    await setSyncPrice(803, 'Get TDS Price');
    const genuine = await eventually(() => captured.find((c) => JSON.parse(c.body).ID === 803));
    await eventually(() => events.find((e) => e.id === 803));
    events.length = 0;

    const ok = await replay(genuine.body, genuine.signature);
    expect(ok.status).toBe(200);
    // Ours plus whatever the product registers for opportunities (the "TDS Sync Price" handler).
    const registered = callbackRegistry.handlersFor('opportunity', 'updated').length;
    expect(registered).toBeGreaterThanOrEqual(1);
    expect(await ok.json()).toMatchObject({ received: true, type: 'opportunity', id: 803, handlers: registered });
    expect(events).toHaveLength(1);

    const tampered = genuine.body.replace('"ID":803', '"ID":804');
    expect(tampered).not.toBe(genuine.body);
    const refused = await replay(tampered, genuine.signature);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).error.code).toBe('cw_callback_invalid');
    expect(events).toHaveLength(1);

    const unsigned = await replay(genuine.body, null);
    expect(unsigned.status).toBe(401);

    const audits = await h.server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, DEMO), eq(auditLog.action, 'callback.refused')));
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits[0]?.details).toMatchObject({ code: 'cw_callback_invalid' });
    const activity = await h.server.db.select().from(syncActivity).where(eq(syncActivity.code, 'callback_refused'));
    expect(activity[0]?.level).toBe('warn');
  });

  it("refuses a key URL outside the tenant's ConnectWise, and a payload signed for another company", async () => {
    await setSyncPrice(804, 'Get TDS Price');
    const genuine = await eventually(() => captured.find((c) => JSON.parse(c.body).ID === 804));
    const payload = JSON.parse(genuine.body);

    const foreign = JSON.stringify({
      ...payload,
      Metadata: { key_url: 'https://evil.example/system/callbackkey/index.rails?id=1' },
    });
    const untrusted = await replay(foreign, genuine.signature);
    expect(untrusted.status).toBe(401);
    expect(((await untrusted.json()) as Json).error.code).toBe('cw_untrusted_key_url');

    // Correctly signed with the simulator's key, but claiming another ConnectWise company.
    const key = (await fetch(payload.Metadata.key_url).then((r) => r.json())) as { signing_key: string };
    const other = JSON.stringify({ ...payload, CompanyId: 'someone-else' });
    const wrong = await replay(other, await computeCallbackSignature(key.signing_key, other));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Json).error.code).toBe('callback_wrong_company');
  });

  it('answers 404 for an unknown tenant and 2xx when no handler is registered', async () => {
    const unknown = await replay('{}', 'x', 'nobody');
    expect(unknown.status).toBe(404);
    await setSyncPrice(805, 'Get TDS Price');
    const genuine = await eventually(() => captured.find((c) => JSON.parse(c.body).ID === 805));
    const ticket = JSON.parse(genuine.body);
    ticket.Type = 'ticket';
    const key = (await fetch(ticket.Metadata.key_url).then((r) => r.json())) as { signing_key: string };
    const body = JSON.stringify(ticket);
    const res = await replay(body, await computeCallbackSignature(key.signing_key, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'ticket', handlers: 0 });
  });

  it('still answers 2xx when a handler fails, and logs the failure in the Sync Activity Log', async () => {
    const off = onCallback('opportunity', () => {
      throw new Error('TD SYNNEX is down');
    });
    try {
      await setSyncPrice(806, 'Get TDS Price');
      const genuine = await eventually(() => captured.find((c) => JSON.parse(c.body).ID === 806));
      const res = await replay(genuine.body, genuine.signature);
      expect(res.status).toBe(200);
      const rows = await h.server.db
        .select()
        .from(syncActivity)
        .where(eq(syncActivity.code, 'callback_handler_failed'));
      expect(rows.some((r) => r.entityId === '806' && r.message.includes('TD SYNNEX is down'))).toBe(true);
    } finally {
      off();
    }
  });

  it('answers 202 before a slow handler finishes, so ConnectWise does not time out', async () => {
    let slow = false;
    let finished = false;
    const off = onCallback('opportunity', async (e) => {
      if (e.id !== 807 || !slow) return;
      await new Promise((r) => setTimeout(r, INLINE_BUDGET_MS + 300));
      finished = true;
    });
    try {
      await setSyncPrice(807, 'Get TDS Price');
      const genuine = await eventually(() => captured.find((c) => JSON.parse(c.body).ID === 807));
      await eventually(() => events.find((e) => e.id === 807)); // the simulator's own delivery was handled
      slow = true;
      const started = Date.now();
      const res = await replay(genuine.body, genuine.signature);
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ done: false });
      expect(Date.now() - started).toBeLessThan(INLINE_BUDGET_MS + 250);
      expect(finished).toBe(false);
      await eventually(() => (finished ? true : undefined), 2000);
    } finally {
      off();
    }
  });
});

describe('callback registry', () => {
  it('matches types case-insensitively, filters by action, and unregisters', () => {
    const registry = new CallbackRegistry();
    const handler = () => {};
    const off = registry.on('PurchaseOrder', handler, { actions: ['added', 'updated'], name: 'orders' });
    registry.on('opportunity', handler);
    expect(registry.handlersFor('purchaseorder', 'Updated').map((r) => r.name)).toEqual(['orders']);
    expect(registry.handlersFor('purchaseorder', 'deleted')).toEqual([]);
    expect(registry.handlersFor('OPPORTUNITY', 'deleted')).toHaveLength(1);
    off();
    expect(registry.handlersFor('purchaseorder', 'updated')).toEqual([]);
  });
});
