/**
 * Removing a tenant removes everything stored for it, whatever the connection's foreign-key pragma: the demo
 * tenant is used (activated, priced, with a run, calls and a refused sign-in on record), then removed through
 * the admin route; every tenant-scoped table is checked, and another tenant's rows stay.
 */
import { count, eq, getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInRefusals, upstreamCalls } from '../../../db/schema/index.ts';
import { applyActivation } from '../../../server/activation/activate.ts';
import { tenantScopedTables } from '../../../server/tenants/delete-tenant.ts';
import { upsertTenant } from '../../../server/tenants/tenant-repo.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const rowsFor = async (tenantId: string) => {
  const out: Record<string, number> = {};
  for (const { table, tenantId: column } of tenantScopedTables()) {
    const [row] = await server.db.select({ n: count() }).from(table).where(eq(column, tenantId));
    if (row!.n > 0) out[getTableName(table)] = row!.n;
  }
  return out;
};

describe('removing a tenant', () => {
  it('leaves no row of it in any table, and keeps the other tenants’ rows', async () => {
    await applyActivation(server.deps, 'demo', server.url, 'test');
    const token = await server.podToken();
    expect((await server.api('/api/pod/opportunities/805/pricing', { token })).status).toBe(200);
    const run = await server.api('/api/admin/tenants/demo/runs', {
      method: 'POST',
      admin: true,
      body: JSON.stringify({ template: 'price-availability' }),
    });
    expect(run.status).toBeLessThan(300);
    await server.db.insert(upstreamCalls).values({
      tenantId: 'demo',
      system: 'tds',
      method: 'POST',
      route: 'pa',
      status: 200,
      ok: true,
      durationMs: 5,
      at: server.deps.now().toISOString(),
    });
    await server.db.insert(signInRefusals).values({
      tenantId: 'demo',
      at: server.deps.now().toISOString(),
      ip: 'local',
      status: 401,
      code: 'member_not_verified',
    });
    await upsertTenant(
      server.db,
      {
        id: 'acme',
        name: 'Acme',
        cwSite: 'https://acme.example.com',
        cwCompanyId: 'acme',
        podOrigins: [],
        timeZone: 'UTC',
      },
      server.deps.now(),
    );
    await server.db.insert(upstreamCalls).values({
      tenantId: 'acme',
      system: 'cw',
      method: 'GET',
      route: 'x',
      status: 200,
      ok: true,
      durationMs: 5,
      at: server.deps.now().toISOString(),
    });
    const before = await rowsFor('demo');
    // The demo tenant has history in many tables, including the two without a foreign key.
    expect(Object.keys(before).length).toBeGreaterThan(8);
    expect(before.upstream_calls).toBeGreaterThan(0);
    expect(before.sign_in_refusals).toBe(1);

    const removed = await server.api('/api/admin/tenants/demo/remove-simulator-tenant', {
      method: 'POST',
      admin: true,
    });
    expect(removed.status).toBe(200);
    expect(await rowsFor('demo')).toEqual({});
    expect(await rowsFor('acme')).toMatchObject({ upstream_calls: 1 });
  });
});
