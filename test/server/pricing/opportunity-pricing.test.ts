import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpportunityPricing, PricedLine, UpdateCostResult } from '../../../server/wire/pricing.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 120_000 });
  token = await server.podToken();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await server.api('/sim/tds/_sim/faults', { method: 'DELETE' });
});

const pricing = async (id: number, query = '') => {
  const res = await server.api<OpportunityPricing>(`/api/pod/opportunities/${id}/pricing${query}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};
const byIdentifier = (p: OpportunityPricing, identifier: string) => {
  const line = p.lines.find((l) => l.identifier === identifier);
  if (!line) throw new Error(`no line ${identifier}`);
  return line;
};
/** Runs `fn` with the server's clock moved forward (past cache windows), then restores it. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const real = server.deps.now;
  server.deps.now = () => new Date(Date.now() + ms);
  try {
    return await fn();
  } finally {
    server.deps.now = real;
  }
}
const tdsKeys = (lines: PricedLine[]) => new Set(lines.filter((l) => l.matchedBy).map((l) => l.identifier)).size;

describe('opportunity price & availability', () => {
  it('answers every line: TD SYNNEX cost and stock per warehouse, or why there is none', async () => {
    const p = await pricing(802);
    expect(p.lines).toHaveLength(50);
    for (const line of p.lines) {
      expect(line.tds !== null || line.noteText !== null).toBe(true);
    }
    const priced = p.lines.filter((l) => l.tds?.status === 'Active');
    expect(priced.length).toBeGreaterThan(20);
    for (const line of priced) {
      const physical = line.tds?.warehouses.filter((w) => !w.dropShip).reduce((n, w) => n + w.qty, 0);
      expect(line.tds?.totalStock).toBe(physical);
      expect(line.tds?.warehouses.some((w) => w.dropShip && w.number === 98)).toBe(true);
    }
    expect(byIdentifier(p, 'LABOR-ONSITE')).toMatchObject({ tds: null, note: 'service_line' });
    const otherDistributor = byIdentifier(p, 'NW-KVM-4P');
    expect(otherDistributor.tds?.status).toBe('Not found');
    expect(otherDistributor.tds?.statusText).toMatch(/does not know this part number/);
  });

  it('asks TD SYNNEX ceil(n/100) times for n products, then serves from cache until refresh', async () => {
    server.resetSimStats();
    const p = await pricing(803);
    const keys = tdsKeys(p.lines);
    expect(keys).toBeGreaterThan(100);
    expect(server.simCalls('tds', 'PriceAvailability')).toBeLessThanOrEqual(Math.ceil(keys / 100));

    server.resetSimStats();
    await pricing(803);
    expect(server.simCalls('tds', 'PriceAvailability')).toBe(0);

    await later(5_000, () => pricing(803, '?refresh=1'));
    expect(server.simCalls('tds', 'PriceAvailability')).toBe(Math.ceil(keys / 100));
  });

  it('shares one TD SYNNEX call among 20 concurrent identical asks', async () => {
    server.resetSimStats();
    const all = await Promise.all(Array.from({ length: 20 }, () => pricing(808)));
    expect(new Set(all.map((p) => p.lines[0]?.tds?.cost)).size).toBe(1);
    expect(server.simCalls('tds', 'PriceAvailability')).toBe(1);
  });

  it('shows the last known prices with their age when TD SYNNEX fails', async () => {
    const before = await pricing(804, '?refresh=1');
    await server.api('/sim/tds/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ rates: { server_error: 1 } }),
    });
    const after = await later(120_000, () => pricing(804, '?refresh=1'));
    const line = after.lines.find((l) => l.tds);
    expect(line?.tds?.stale).toBe(true);
    expect(line?.tds?.cost).toBe(before.lines.find((l) => l.productId === line?.productId)?.tds?.cost);
    expect(line?.tds?.ageSeconds).toBeGreaterThanOrEqual(100);
    expect(after.summary.stale).toBeGreaterThan(0);
    expect(after.warnings[0]).toMatchObject({ code: 'tds_unavailable' });
    expect(after.warnings[0]?.message).toMatch(/last known prices/);
  });

  it('explains lines TD SYNNEX never answered instead of failing the screen', async () => {
    await server.api('/sim/tds/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({
        failNext: [{ route: 'PriceAvailability', count: 10, kind: 'business_error', message: 'IP Address Invalid' }],
      }),
    });
    const p = await pricing(805, '?refresh=1');
    const failed = p.lines.filter((l) => l.note === 'lookup_failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.noteText).toMatch(/did not answer/);
    expect(p.warnings[0]?.message).toMatch(/IP/);
  });

  it('writes the confirmed TD SYNNEX cost to the ConnectWise line and audits it', async () => {
    const p = await pricing(806, '?refresh=1');
    const line = p.lines.find((l) => l.canUpdateCost);
    if (!line?.tds?.cost) throw new Error('no updatable line on 806');
    const res = await server.api<UpdateCostResult>('/api/pod/opportunities/806/update-cost', {
      token,
      method: 'POST',
      body: JSON.stringify({ lines: [{ productId: line.productId, confirmedCost: line.tds.cost }] }),
    });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([
      {
        productId: line.productId,
        fromCost: line.psaCost,
        toCost: line.tds.cost,
        fromPrice: line.psaPrice,
        toPrice: line.psaPrice,
      },
    ]);
    expect(server.simulators?.cw.get('procurement/products', line.productId)?.cost).toBe(line.tds.cost);
    const audit = await server.db.$client.execute(
      "select actor, action, target, details from audit_log where action = 'opportunity_cost_updated'",
    );
    expect(audit.rows[0]).toMatchObject({ actor: 'member:jsmith', target: 'opportunity:806' });
    expect(JSON.parse(String((audit.rows[0] as { details?: unknown }).details ?? '{}'))).toMatchObject({
      productId: line.productId,
      before: { cost: line.psaCost },
      after: { cost: line.tds.cost },
    });
  });

  it('writes a below-minimum or negative margin only for the lines the member accepted, one audit entry per cost', async () => {
    let found: { id: number; line: PricedLine } | undefined;
    for (const id of [803, 802, 805]) {
      const p = await pricing(id, '?refresh=1');
      const line = p.lines.find(
        (l) => l.canUpdateCost && (l.afterUpdate?.flag === 'below_minimum' || l.afterUpdate?.flag === 'negative'),
      );
      if (line) {
        found = { id, line };
        break;
      }
    }
    if (!found?.line.tds?.cost) throw new Error('the seed has no updatable line with a low margin after update');
    const { id, line } = found;
    const cost = line.tds?.cost ?? 0;
    expect(line.afterUpdate?.cost).toBe(cost);
    const ask = (acceptMargin?: boolean) =>
      server.api<UpdateCostResult>(`/api/pod/opportunities/${id}/update-cost`, {
        token,
        method: 'POST',
        body: JSON.stringify({ lines: [{ productId: line.productId, confirmedCost: cost, acceptMargin }] }),
      });

    const refused = await ask();
    expect(refused.body.updated).toEqual([]);
    expect(refused.body.refused[0]).toMatchObject({ productId: line.productId, code: 'margin_not_accepted' });
    expect(refused.body.refused[0]?.message).toMatch(/accept that margin/);
    expect(server.simulators?.cw.get('procurement/products', line.productId)?.cost).toBe(line.psaCost);

    const accepted = await ask(true);
    expect(accepted.body.updated.map((u) => u.productId)).toEqual([line.productId]);
    expect(server.simulators?.cw.get('procurement/products', line.productId)?.cost).toBe(cost);
    const audit = await server.db.$client.execute({
      sql: "select actor, target, details from audit_log where action = 'opportunity_cost_updated' and target = ?",
      args: [`opportunity:${id}`],
    });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.actor).toBe('member:jsmith');
    expect(JSON.parse(String(audit.rows[0]?.details))).toMatchObject({
      productId: line.productId,
      before: { cost: line.psaCost, price: line.psaPrice },
      after: { cost },
      marginAccepted: true,
    });
  });

  it('refuses a cost the member did not see and changes nothing', async () => {
    const p = await pricing(807, '?refresh=1');
    const line = p.lines.find((l) => l.canUpdateCost);
    if (!line?.tds?.cost) throw new Error('no updatable line on 807');
    const res = await server.api<UpdateCostResult>('/api/pod/opportunities/807/update-cost', {
      token,
      method: 'POST',
      body: JSON.stringify({ lines: [{ productId: line.productId, confirmedCost: line.tds.cost + 1 }] }),
    });
    expect(res.body.updated).toEqual([]);
    expect(res.body.refused[0]).toMatchObject({ productId: line.productId, code: 'tds_cost_changed' });
    expect(server.simulators?.cw.get('procurement/products', line.productId)?.cost).toBe(line.psaCost);
  });

  it('needs a pod session, and says what to send when the body is wrong', async () => {
    expect((await server.api('/api/pod/opportunities/801/pricing')).status).toBe(401);
    const bad = await server.api<{ error: { code: string } }>('/api/pod/opportunities/801/update-cost', {
      token,
      method: 'POST',
      body: JSON.stringify({ lines: [] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_update_cost');
  });
});
