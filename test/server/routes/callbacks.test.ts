/**
 * The ConnectWise callback receiver with real simulator deliveries: verified work is stored in the intake
 * before the answer, replays are acknowledged without effect, forged calls cost ConnectWise nothing, and an
 * unknown tenant looks like a bad signature. Waits on events (the simulator's flush, the intake's drain,
 * gates in handlers), never on time.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncActivity } from '../../../db/schema/activity.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { intakeRequests } from '../../../db/schema/intake.ts';
import { cwSetupIds } from '../../../server/activation/cw-setup-ids.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../server/activation/names.ts';
import { FLOOD_LIMIT } from '../../../server/callbacks/audit.ts';
import type { CwCallbackEvent } from '../../../server/callbacks/registry.ts';
import { computeCallbackSignature } from '../../../server/connectors/cw/callbacks.ts';
import { AppError } from '../../../server/errors.ts';
import { DEMO, type Json, type SetupHarness, setupHarness } from '../setup/harness.ts';

interface Captured {
  body: string;
  signature: string;
}

function gate<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => {
    resolve = ok;
  });
  return { promise, resolve };
}

describe('POST /api/callbacks/cw/:tenantId with real ConnectWise simulator deliveries', () => {
  let h: SetupHarness;
  let cookie: string;
  const events: CwCallbackEvent[] = [];
  const unregister: Array<() => void> = [];
  // A second receiver registered in the simulator, to capture genuine signed deliveries for replay.
  const captured: Captured[] = [];
  let capture: ReturnType<typeof serve>;

  const services = () => h.server.services;
  const sim = () => h.server.simulators!.cw;
  const keyFetches = () =>
    sim()
      .stats.snapshot()
      .routes.filter((r) => r.route === 'GET system/callbackkey')
      .reduce((n, r) => n + r.calls, 0);
  /** Every delivery the simulator has started is answered, and the work it stored is done. */
  const settle = async () => {
    await sim().flushCallbacks();
    await services().intake.drain();
  };
  const deliveries = async () =>
    (await fetch(`${h.url}/sim/cw/_sim/callbacks/deliveries`).then((r) => r.json())) as Json[];
  const capturedFor = (id: number) => {
    const found = captured.find((c) => JSON.parse(c.body).ID === id);
    if (!found) throw new Error(`no captured delivery for #${id}`);
    return found;
  };

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
    unregister.push(
      services().callbacks.on('opportunity', (event) => void events.push(event), { name: 'test-events' }),
    );
  });
  afterAll(async () => {
    for (const off of unregister) off();
    await new Promise<void>((done) => capture.close(() => done()));
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
    await settle();
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
  const signedWithSimKey = async (payload: Json) => {
    const key = (await fetch(payload.Metadata.key_url).then((r) => r.json())) as { signing_key: string };
    const body = JSON.stringify(payload);
    return { body, signature: await computeCallbackSignature(key.signing_key, body) };
  };

  it('hands the verified event to the opportunity handler when a member sets "TDS Sync Price"', async () => {
    await setSyncPrice(801, 'Get TDS Price');
    const event = events.find((e) => e.id === 801);
    expect(event).toMatchObject({
      tenantId: DEMO,
      type: 'opportunity',
      action: 'updated',
      id: 801,
      memberId: 'jsmith',
    });
    const fields = event?.entity?.customFields as Json[];
    expect(fields.find((f) => f.caption === 'TDS Sync Price')?.value).toBe('Get TDS Price');
    const ours = (await deliveries()).filter(
      (d) => d.url.startsWith(`${h.url}/api/callbacks/cw/${DEMO}`) && d.recordId === 801,
    );
    expect(ours[0]).toMatchObject({ outcome: 'delivered', type: 'opportunity', action: 'updated' });
    // 202: the work was stored in the intake before the answer, not done inline.
    expect(ours[0]?.attempts.map((a: Json) => a.status)).toEqual([202]);
  });

  it("does not call back for changes made by tds-bridge's own API member (self-suppressed)", async () => {
    await setSyncPrice(802, 'TDS Price Updated', 'api');
    // The capture callback (not suppressed) proves the change raised a delivery, and settle() waited for all.
    expect(capturedFor(802)).toBeDefined();
    expect(events.filter((e) => e.id === 802)).toEqual([]);
  });

  it('dispatches purchase-order callbacks by type to purchase-order handlers only', async () => {
    const orders: CwCallbackEvent[] = [];
    const off = services().callbacks.on('PurchaseOrder', (e) => void orders.push(e), {
      actions: ['updated'],
      name: 'test-orders',
    });
    try {
      const ids = await cwSetupIds(h.server.db, DEMO);
      const res = await h.cw('PATCH', 'procurement/purchaseorders/3301', {
        body: [{ op: 'replace', path: 'status', value: { id: ids.poStatus(TDS_PO_STATUS.send) } }],
        cookie,
      });
      expect(res.status).toBe(200);
      await settle();
      expect(orders.find((e) => e.id === 3301)?.entity).toMatchObject({ status: { name: 'Send to TDS' } });
      expect(events.filter((e) => e.id === 3301)).toEqual([]);
    } finally {
      off();
    }
  });

  it('acknowledges a replayed delivery without effect, and refuses it with one byte changed or unsigned (audited)', async () => {
    await setSyncPrice(803, 'Get TDS Price');
    const genuine = capturedFor(803);
    expect(events.filter((e) => e.id === 803)).toHaveLength(1);

    // The captured body went to the other registration (its own CallbackObjectRecId): new to our receiver once.
    const first = await replay(genuine.body, genuine.signature);
    expect(first.status).toBe(202);
    await services().intake.drain();
    expect(events.filter((e) => e.id === 803)).toHaveLength(2);
    const fetchesBefore = keyFetches();
    for (let i = 0; i < 3; i++) {
      const again = await replay(genuine.body, genuine.signature);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ received: true, id: 803, queued: 0, duplicate: true });
    }
    await services().intake.drain();
    expect(events.filter((e) => e.id === 803)).toHaveLength(2);

    const tampered = genuine.body.replace('"ID":803', '"ID":804');
    expect(tampered).not.toBe(genuine.body);
    const refused = await replay(tampered, genuine.signature);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).error.code).toBe('cw_callback_invalid');
    const unsigned = await replay(genuine.body, null);
    expect(unsigned.status).toBe(401);
    await services().intake.drain();
    expect(events.filter((e) => e.id === 803 || e.id === 804)).toHaveLength(2);
    // The key was cached from the genuine delivery; nothing here asked ConnectWise for it again.
    expect(keyFetches()).toBe(fetchesBefore);

    const audits = await h.server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, DEMO), eq(auditLog.action, 'callback.refused')));
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits[0]?.details).toMatchObject({ code: 'cw_callback_invalid' });
    const activity = await h.server.db.select().from(syncActivity).where(eq(syncActivity.code, 'callback_refused'));
    expect(activity[0]?.level).toBe('warn');
  });

  it("refuses, without fetching anything, a key URL off the tenant's ConnectWise, of another company or shape", async () => {
    await setSyncPrice(804, 'Get TDS Price');
    const genuine = capturedFor(804);
    const payload = JSON.parse(genuine.body);
    const keyUrl = new URL(payload.Metadata.key_url);
    const fetchesBefore = keyFetches();
    const variants = [
      'https://evil.example/v4_6_release//system/callbackkey/index.rails?companyName=demo&id=1',
      // The server's own origin on another path: only the key-URL shape is ever fetched.
      `${keyUrl.origin}/api/admin/tenants?companyName=demo&id=1`,
      `${keyUrl.origin}${keyUrl.pathname}?companyName=acme&id=${keyUrl.searchParams.get('id')}`,
    ];
    for (const key_url of variants) {
      const body = JSON.stringify({ ...payload, Metadata: { key_url } });
      const res = await replay(body, genuine.signature);
      expect(res.status).toBe(401);
      expect(((await res.json()) as Json).error.code).toBe('cw_callback_invalid');
    }
    // Correctly signed with the simulator's key, but claiming another ConnectWise company.
    const other = await signedWithSimKey({ ...payload, CompanyId: 'someone-else' });
    expect((await replay(other.body, other.signature)).status).toBe(401);
    expect(keyFetches()).toBe(fetchesBefore + 1); // the one signedWithSimKey made itself
  });

  it('answers an unknown tenant exactly as a bad signature, and 200 when no handler is registered', async () => {
    const unknown = await replay('{}', 'x', 'nobody');
    const badSignature = await replay('{}', 'x', DEMO);
    expect(unknown.status).toBe(401);
    expect(badSignature.status).toBe(401);
    expect(await unknown.json()).toEqual(await badSignature.json());

    await setSyncPrice(805, 'Get TDS Price');
    const ticket = { ...JSON.parse(capturedFor(805).body), Type: 'ticket' };
    const signed = await signedWithSimKey(ticket);
    const res = await replay(signed.body, signed.signature);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'ticket', handlers: 0 });
  });

  it('answers 202 before a slow handler finishes, so ConnectWise does not time out', async () => {
    const entered = gate();
    const release = gate();
    let finished = false;
    const off = services().callbacks.on(
      'opportunity',
      async (e) => {
        if (e.id !== 807) return;
        entered.resolve();
        await release.promise;
        finished = true;
      },
      { name: 'test-slow' },
    );
    try {
      await fetchThenAnswer(807);
      expect(finished).toBe(false);
      await entered.promise;
      release.resolve();
      await services().intake.drain();
      expect(finished).toBe(true);
    } finally {
      off();
    }
  });

  /** Sets the field and waits for the answer to ConnectWise only (not for the work). */
  async function fetchThenAnswer(id: number) {
    const ids = await cwSetupIds(h.server.db, DEMO);
    const res = await h.cw('PATCH', `sales/opportunities/${id}`, {
      body: [
        {
          op: 'replace',
          path: 'customFields',
          value: [{ id: ids.customField(TDS_CUSTOM_FIELDS.syncPrice), value: 'Get TDS Price' }],
        },
      ],
      cookie,
    });
    expect(res.status).toBe(200);
    await sim().flushCallbacks();
    const ours = (await deliveries()).filter(
      (d) => d.url.startsWith(`${h.url}/api/callbacks/cw/${DEMO}`) && d.recordId === id,
    );
    expect(ours.at(-1)?.attempts.map((a: Json) => a.status)).toEqual([202]);
  }

  it("records a handler's permanent failure on its intake request and in the Sync Activity Log, after answering 202", async () => {
    let calls = 0;
    const off = services().callbacks.on(
      'opportunity',
      (e) => {
        if (e.id !== 806) return;
        calls++;
        throw new AppError('po_not_found', 'TD SYNNEX does not know this order.', { status: 404 });
      },
      { name: 'test-failing' },
    );
    try {
      await setSyncPrice(806, 'Get TDS Price');
      expect(calls).toBe(1);
      const [row] = await h.server.db
        .select()
        .from(intakeRequests)
        .where(eq(intakeRequests.kind, 'cw-callback:test-failing'));
      expect(row).toMatchObject({ state: 'failed', lastError: { code: 'po_not_found' } });
      const rows = await h.server.db.select().from(syncActivity).where(eq(syncActivity.code, 'po_not_found'));
      expect(rows.some((r) => r.entityId === '806' && r.message.includes('does not know this order'))).toBe(true);
    } finally {
      off();
    }
  });

  it('stops fetching unknown signing keys once a tenant has had FLOOD_LIMIT refusals (429, no upstream call)', async () => {
    await setSyncPrice(808, 'Get TDS Price');
    const payload = JSON.parse(capturedFor(808).body);
    const keyUrl = new URL(payload.Metadata.key_url);
    const forged = (n: number) =>
      JSON.stringify({
        ...payload,
        MessageId: `forged-${n}`,
        Metadata: { key_url: `${keyUrl.origin}${keyUrl.pathname}?companyName=demo&id=forged-${n}` },
      });
    let n = 0;
    let answer = 401;
    const before = keyFetches();
    while (answer === 401 && n < FLOOD_LIMIT * 2) answer = (await replay(forged(n++), 'AAAA')).status;
    expect(answer).toBe(429);
    const fetched = keyFetches() - before;
    expect(fetched).toBeLessThanOrEqual(FLOOD_LIMIT);
    // Under the flood: more forged calls, no more fetches; a key id refused before is not asked for again.
    for (let i = 0; i < 10; i++) expect((await replay(forged(1000 + i), 'AAAA')).status).toBe(429);
    expect((await replay(forged(0), 'AAAA')).status).toBe(401);
    expect(keyFetches() - before).toBe(fetched);
  });
});
