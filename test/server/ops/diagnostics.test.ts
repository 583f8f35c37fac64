/**
 * Each diagnostic detects its issue when the simulators inject the matching fault (or the connection is
 * broken the matching way), and clears once the fault is fixed and Verify re-runs it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tenants } from '../../../db/schema/tenants.ts';
import type { Diagnosis, Finding, VerifyResult } from '../../../server/ops/diagnostics/index.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

describe('diagnostics against the simulators', () => {
  let server: TestServer;
  let cwConnection: Record<string, unknown>;

  beforeAll(async () => {
    server = await startTestServer();
    const view = await server.api<{ cw: { primary: { config: Record<string, unknown> } } }>(
      '/api/admin/tenants/demo/connections',
      { admin: true },
    );
    cwConnection = view.body.cw.primary.config;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await fetch(`${server.url}/sim/cw/_sim/faults`, { method: 'DELETE' });
    await fetch(`${server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
  });

  async function diagnose(): Promise<Diagnosis> {
    const res = await server.api<Diagnosis>('/api/admin/tenants/demo/diagnostics', { admin: true });
    expect(res.status).toBe(200);
    return res.body;
  }
  async function findingOf(id: string): Promise<Finding> {
    const found = (await diagnose()).categories.flatMap((c) => c.findings).find((f) => f.id === id);
    if (!found) throw new Error(`no finding ${id}`);
    return found;
  }
  async function verify(id: string) {
    return (
      await server.api<VerifyResult>(`/api/admin/tenants/demo/diagnostics/${id}/verify`, {
        method: 'POST',
        admin: true,
      })
    ).body;
  }
  async function fault(system: 'cw' | 'tds', body: unknown) {
    const res = await fetch(`${server.url}/sim/${system}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.ok).toBe(true);
  }
  async function saveCw(change: Record<string, unknown>) {
    const res = await server.api('/api/admin/tenants/demo/connections/cw', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({
        companyId: cwConnection.companyId,
        apiUrl: cwConnection.apiUrl,
        clientId: cwConnection.clientId,
        publicKey: 'demo-public-key',
        privateKey: 'demo-private-key',
        ...change,
      }),
    });
    expect(res.status).toBe(200);
  }

  it("finds nothing red on the healthy demo tenant, filed under the manual's categories", async () => {
    const d = await diagnose();
    expect(d.categories.map((c) => c.title)).toEqual([
      'Connection/authentication problems',
      'Data sync issues',
      'Order processing failures',
      'Performance problems',
      'User training needs',
    ]);
    const red = d.categories.flatMap((c) => c.findings).filter((f) => f.state === 'red');
    expect(red).toEqual([]);
  });

  it('TD SYNNEX credentials refused: red with cause and fix, still failing on verify, verified after the fix', async () => {
    await fault('tds', { expiredCredentials: true });
    const found = await findingOf('tds_credentials_refused');
    expect(found.state).toBe('red');
    expect(found.cause).toContain('refused');
    expect(found.fix.join(' ')).toMatch(/password/i);
    expect((await diagnose()).state).toBe('red');
    expect((await verify('tds_credentials_refused')).outcome).toBe('still_failing');
    await fetch(`${server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
    const verified = await verify('tds_credentials_refused');
    expect(verified.outcome).toBe('verified');
    expect(verified.finding.state).toBe('green');
    expect((await findingOf('tds_credentials_refused')).state).toBe('green');
  });

  it('ConnectWise keys refused', async () => {
    await fault('cw', { expiredCredentials: true });
    expect((await findingOf('cw_keys_refused')).state).toBe('red');
    await fetch(`${server.url}/sim/cw/_sim/faults`, { method: 'DELETE' });
    expect((await verify('cw_keys_refused')).outcome).toBe('verified');
  });

  it('inactive API member, then the active one restored', async () => {
    await saveCw({ publicKey: 'inactive-public-key', privateKey: 'inactive-private-key' });
    const found = await findingOf('cw_member_inactive');
    expect(found.state).toBe('red');
    await saveCw({});
    expect((await verify('cw_member_inactive')).outcome).toBe('verified');
  });

  it('wrong company id (a tenant set up with a company ConnectWise does not know), cleared once corrected', async () => {
    const demo = (await server.db.select().from(tenants).where(eq(tenants.id, 'demo')))[0];
    const created = await server.api('/api/admin/tenants', {
      method: 'POST',
      admin: true,
      body: JSON.stringify({ id: 'typo', name: 'Typo MSP', cwSite: 'https://typo.example', cwCompanyId: 'dmeo' }),
    });
    expect(created.status).toBe(201);
    const save = (companyId: string) =>
      server.api('/api/admin/tenants/typo/connections/cw', {
        method: 'PUT',
        admin: true,
        body: JSON.stringify({
          companyId,
          apiUrl: cwConnection.apiUrl,
          clientId: cwConnection.clientId,
          publicKey: 'demo-public-key',
          privateKey: 'demo-private-key',
        }),
      });
    expect((await save('dmeo')).status).toBe(200);
    const typo = async () =>
      (await server.api<Diagnosis>('/api/admin/tenants/typo/diagnostics', { admin: true })).body.categories
        .flatMap((c) => c.findings)
        .find((f) => f.id === 'cw_company_wrong');
    const found = await typo();
    expect(found?.state).toBe('red');
    expect(found?.cause).toContain('dmeo');
    // The fix: the right company id on the tenant and its connection.
    await server.db
      .update(tenants)
      .set({ cwCompanyId: demo?.cwCompanyId ?? 'demo' })
      .where(eq(tenants.id, 'typo'));
    expect((await save(demo?.cwCompanyId ?? 'demo')).status).toBe(200);
    expect((await typo())?.state).toBe('green');
  });

  it('ConnectWise maintenance (every call answers 5xx) versus the network', async () => {
    await fault('cw', { rates: { server_error: 1 } });
    const d = (await diagnose()).categories.flatMap((c) => c.findings);
    expect(d.find((f) => f.id === 'cw_maintenance')?.state).toBe('red');
    expect(d.find((f) => f.id === 'cw_network')?.state).toBe('green');
    await fetch(`${server.url}/sim/cw/_sim/faults`, { method: 'DELETE' });
    expect((await verify('cw_maintenance')).outcome).toBe('verified');

    await saveCw({ apiUrl: 'http://127.0.0.1:9/v4_6_release/apis/3.0' });
    const net = (await diagnose()).categories.flatMap((c) => c.findings);
    expect(net.find((f) => f.id === 'cw_network')?.state).toBe('red');
    await saveCw({});
    expect((await verify('cw_network')).outcome).toBe('verified');
  });

  it('API rate limiting, judged from recorded calls; cleared by a verify after the throttling stops', async () => {
    await fault('tds', { rates: { throttle: 1 }, retryAfterSeconds: 0 });
    await diagnose(); // the live checks meet the throttling and it is recorded
    expect((await findingOf('rate_limited')).state).toBe('yellow');
    await fetch(`${server.url}/sim/tds/_sim/faults`, { method: 'DELETE' });
    const verified = await verify('rate_limited');
    expect(verified.outcome).toBe('verified');
    expect((await findingOf('rate_limited')).state).toBe('green');
  });
});
