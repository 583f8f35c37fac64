import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyActivation } from '../../../server/activation/activate.ts';
import { createEngine } from '../../../server/sync/engine/index.ts';
import { priceAvailabilityTemplate } from '../../../server/sync/templates/price-availability.ts';
import { cwClientFor } from '../../../server/tenants/cw-clients.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await applyActivation(server.deps, 'demo', server.url, 'test');
});
afterAll(async () => {
  await server?.close();
});

type Row = Record<string, unknown> & { id: number };
const cwSim = () => server.simulators!.cw;
const linesOf = (opportunityId: number) =>
  cwSim()
    .list('procurement/products')
    .filter((p) => (p.opportunity as { id?: number } | undefined)?.id === opportunityId) as Row[];
const fieldValue = (opportunityId: number) =>
  (
    (cwSim().get('sales/opportunities', opportunityId)?.customFields as Array<{ caption: string; value?: unknown }>) ??
    []
  ).find((f) => f.caption === 'TDS Sync Price')?.value;

/**
 * Sets "TDS Sync Price" as member jsmith would in ConnectWise (cookie auth: the change is the member's, so
 * the callback is not suppressed as the API member's own change would be).
 */
async function requestSyncPrice(opportunityId: number) {
  const cw = await cwClientFor(server.deps, 'demo');
  const opportunity = await cw.get('sales/opportunities', opportunityId);
  const fields = (opportunity.customFields ?? []).map((f) =>
    f.caption === 'TDS Sync Price' ? { ...f, value: 'Get TDS Price' } : f,
  );
  expect(fields.some((f) => f.caption === 'TDS Sync Price')).toBe(true);
  await patchAsMember(opportunityId, [{ op: 'replace', path: 'customFields', value: fields }]);
}

async function patchAsMember(opportunityId: number, ops: unknown[]) {
  const hash = cwSim().issueMemberHash('jsmith');
  const response = await fetch(`${server.url}/sim/cw/v4_6_release/apis/3.0/sales/opportunities/${opportunityId}`, {
    method: 'PATCH',
    headers: {
      'content-type': 'application/json',
      clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      cookie: `companyName=demo; memberHash=${hash}; memberId=jsmith; memberContext=web`,
    },
    body: JSON.stringify(ops),
  });
  expect(response.status).toBe(200);
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('"TDS Sync Price" = "Get TDS Price"', () => {
  it('writes TD SYNNEX cost and availability on the callback and sets the field to "TDS Price Updated"', async () => {
    const before = linesOf(805).map((l) => ({ id: l.id, cost: l.cost }));
    await requestSyncPrice(805);
    await until(() => fieldValue(805) === 'TDS Price Updated');
    const after = linesOf(805);
    const changed = after.filter((l) => before.find((b) => b.id === l.id)?.cost !== l.cost);
    expect(changed.length).toBeGreaterThan(0);
    const noted = after.filter(
      (l) => typeof l.internalNotes === 'string' && l.internalNotes.includes('TD SYNNEX availability'),
    );
    expect(noted.length).toBeGreaterThan(0);
    // The activity log is written in batches: the entry may land a moment after ConnectWise shows the result.
    const doneEntry = () =>
      server.db.$client.execute(
        "select message from sync_activity where code = 'sync_price_done' and entity_id = '805'",
      );
    await until(async () => (await doneEntry()).rows.length > 0);
    expect(String((await doneEntry()).rows[0]?.message)).toMatch(/line\(s\) updated with TD SYNNEX cost/);
  });

  it('leaves opportunities alone when the field says anything else (no loop on its own update)', async () => {
    const before = linesOf(801).map((l) => l.cost);
    const seen: number[] = [];
    const stop = server.services.callbacks.on('opportunity', (event) => void seen.push(event.id), {
      name: 'test-seen',
    });
    await patchAsMember(801, [{ op: 'replace', path: 'notes', value: 'touched by jsmith' }]);
    await server.simulators!.cw.flushCallbacks();
    // Every handler's intake work for the delivery is stored before the answer; drain it to the end.
    await server.services.intake.drain();
    stop();
    expect(seen).toContain(801); // the callback did arrive
    const activity = await server.db.$client.execute(
      "select count(*) as n from sync_activity where entity_id = '801' and code = 'sync_price_done'",
    );
    expect(Number(activity.rows[0]?.n)).toBe(0);
    expect(linesOf(801).map((l) => l.cost)).toEqual(before);
  });

  it('catches up on schedule when the callback was missed', async () => {
    const engine = createEngine({ db: server.db, templates: [priceAvailabilityTemplate], deps: server.deps });
    const cw = await cwClientFor(server.deps, 'demo');
    const opportunity = await cw.get('sales/opportunities', 806);
    const fields = (opportunity.customFields ?? []).map((f) =>
      f.caption === 'TDS Sync Price' ? { ...f, value: 'Get TDS Price' } : f,
    );
    // Changed by the integration's own API member: ConnectWise suppresses that callback, so only the schedule sees it.
    await cw.patch('sales/opportunities', 806, [{ op: 'replace', path: 'customFields', value: fields }]);
    await cwSim().flushCallbacks();
    expect(fieldValue(806)).toBe('Get TDS Price');
    const { run } = await engine.runNow('demo', 'price-availability');
    await engine.tick();
    const finished = await engine.run(run.id);
    expect(finished?.state).toBe('succeeded');
    expect(fieldValue(806)).toBe('TDS Price Updated');
    await engine.stop();
  });

  it('holds back lines the new cost would take below the minimum margin, and says which and what to do', async () => {
    const setMinimum = (minMarginPct: number) =>
      server.api('/api/admin/tenants/demo/templates/price-availability/settings', {
        method: 'PUT',
        admin: true,
        body: JSON.stringify({ minMarginPct }),
      });
    // At a 99% minimum every line's margin after the update is below it: nothing may be written without consent.
    expect((await setMinimum(99)).status).toBe(200);
    try {
      const engine = createEngine({ db: server.db, templates: [priceAvailabilityTemplate], deps: server.deps });
      const cw = await cwClientFor(server.deps, 'demo');
      const opportunity = await cw.get('sales/opportunities', 807);
      const fields = (opportunity.customFields ?? []).map((f) =>
        f.caption === 'TDS Sync Price' ? { ...f, value: 'Get TDS Price' } : f,
      );
      await cw.patch('sales/opportunities', 807, [{ op: 'replace', path: 'customFields', value: fields }]);
      await cwSim().flushCallbacks();
      const before = linesOf(807).map((l) => ({ id: l.id, cost: l.cost, notes: l.internalNotes }));
      expect(before.length).toBeGreaterThan(0);
      const { run } = await engine.runNow('demo', 'price-availability');
      await engine.tick();
      expect((await engine.run(run.id))?.state).toBe('succeeded');
      await engine.stop();
      expect(linesOf(807).map((l) => ({ id: l.id, cost: l.cost, notes: l.internalNotes }))).toEqual(before);
      expect(fieldValue(807)).toBe('TDS Price Updated');
      const doneEntry = () =>
        server.db.$client.execute(
          "select level, message from sync_activity where code = 'sync_price_done' and entity_id = '807'",
        );
      await until(async () => (await doneEntry()).rows.length > 0);
      const entry = await doneEntry();
      expect(entry.rows[0]?.level).toBe('warn');
      expect(String(entry.rows[0]?.message)).toMatch(/0 line\(s\) updated/);
      expect(String(entry.rows[0]?.message)).toContain('below the 99% minimum margin');
      expect(String(entry.rows[0]?.message)).toContain("accept each line's margin");
    } finally {
      await setMinimum(10);
    }
  });
});
