import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit.ts';
import { connections } from '../../../db/schema/connections.ts';
import { cwClientFor } from '../../../server/tenants/cw-clients.ts';
import { clearTakeover } from '../../../server/tenants/failover.ts';
import { tdsClientFor } from '../../../server/tenants/tds-clients.ts';
import { DEMO, type Json, type SetupHarness, setupHarness, simCwConnection, simTdsConnection } from './harness.ts';

describe('connections per tenant', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await h.admin('DELETE', `/api/admin/tenants/${DEMO}/connections/cw/standby`);
    await h.admin('DELETE', `/api/admin/tenants/${DEMO}/connections/tds/standby`);
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, { ...simCwConnection(h), expiresAt: null });
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/tds`, { ...simTdsConnection(h), expiresAt: null });
    await clearTakeover(h.server.deps, DEMO, 'cw');
    await clearTakeover(h.server.deps, DEMO, 'tds');
  });

  const view = async () => (await h.admin('GET', `/api/admin/tenants/${DEMO}/connections`)).body as Json;
  const audits = (action: string) =>
    h.server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, DEMO), eq(auditLog.action, action)));

  it('shows settings and which secrets are stored, never a secret value', async () => {
    const res = await h.admin('GET', `/api/admin/tenants/${DEMO}/connections`);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    for (const secret of ['demo-private-key', 'demo-password', 'demo-client-secret'])
      expect(text).not.toContain(secret);
    expect(res.body.cw.primary.config.publicKey).toBe('demo-public-key');
    expect(res.body.cw.primary.secretsSet).toEqual(['privateKey']);
    expect(res.body.tds.primary.secretsSet).toEqual(['oauthClientSecret', 'password', 'priceFilePassword']);
    expect(res.body.cw.standby).toBeNull();
    expect(res.body.cw.inUse).toBe('primary');
  });

  it('counts down to the expiry date and warns within 14 days', async () => {
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, { ...simCwConnection(h), expiresAt: inDays(10) });
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/tds`, {
      ...simTdsConnection(h),
      expiresAt: inDays(40),
    });
    const v = await view();
    expect(v.cw.primary.expiry).toEqual({ expiresAt: `${inDays(10)}T00:00:00.000Z`, daysLeft: 10, state: 'warning' });
    expect(v.tds.primary.expiry).toMatchObject({ daysLeft: 40, state: 'ok' });
    const test = await h.admin('POST', `/api/admin/tenants/${DEMO}/test-connection`, { system: 'cw' });
    const expiry = test.body.checks.find((c: Json) => c.id === 'cw_key_expiry');
    expect(expiry.status).toBe('warn');
    expect(expiry.detail).toContain('in 10 days');
    expect(test.body.ok).toBe(true);
  });

  it('keeps the stored secret when a change leaves it out, and records what changed (not the values)', async () => {
    const { privateKey: _omit, ...withoutSecret } = simCwConnection(h);
    const res = await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, {
      ...withoutSecret,
      publicKey: 'demo-public-key',
    });
    expect(res.status).toBe(200);
    expect(res.body.connection.secretsSet).toEqual(['privateKey']);
    const cw = await cwClientFor(h.server.deps, DEMO);
    expect((await cw.systemInfo()).isCloud).toBe(true);
    const last = (await audits('connection.update')).at(-1)!;
    expect(last.target).toBe('cw:primary');
    expect(last.details).toMatchObject({ system: 'cw', role: 'primary', secretsChanged: false });
    expect(JSON.stringify(last.details)).not.toContain('demo-private-key');
  });

  it('validates bodies with zod and explains each field', async () => {
    const bad = await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, {
      ...simCwConnection(h),
      clientId: 'nope',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
    expect(bad.body.error.message).toContain('clientId');
    const other = await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, {
      ...simCwConnection(h),
      companyId: 'globex',
    });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('company_mismatch');
    const noSecret = await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/tds`, {
      customerNo: '1',
      user: 'u',
      role: 'standby',
      environment: 'sandbox',
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.code).toBe('secret_required');
    const missing = await h.admin('GET', '/api/admin/tenants/nobody/connections');
    expect(missing.status).toBe(404);
  });

  it('derives the ConnectWise API URL and the TD SYNNEX endpoint when left out', async () => {
    await h.admin('POST', '/api/admin/tenants', {
      id: 'cloudy',
      name: 'Cloudy MSP',
      cwSite: 'https://na.myconnectwise.net',
      cwCompanyId: 'cloudy',
    });
    const cw = await h.admin('PUT', '/api/admin/tenants/cloudy/connections/cw', {
      companyId: 'cloudy',
      publicKey: 'p',
      privateKey: 's',
      clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    });
    expect(cw.body.connection.config).toMatchObject({
      site: 'https://na.myconnectwise.net',
      apiUrl: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
    });
    const tds = await h.admin('PUT', '/api/admin/tenants/cloudy/connections/tds', {
      customerNo: '1',
      user: 'u',
      password: 'p',
      expiresAt: '2031-05-01',
    });
    expect(tds.body.connection.config).toMatchObject({
      environment: 'production',
      xmlUrl: 'https://ec.us.tdsynnex.com',
    });
    expect(tds.body.connection.expiry.expiresAt).toBe('2031-05-01T00:00:00.000Z');
  });

  it('deletes a connection, and says so when there is none', async () => {
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, { ...simCwConnection(h), role: 'standby' });
    expect((await view()).cw.standby.role).toBe('standby');
    const gone = await h.admin('DELETE', `/api/admin/tenants/${DEMO}/connections/cw/standby`);
    expect(gone.status).toBe(204);
    expect((await view()).cw.standby).toBeNull();
    const again = await h.admin('DELETE', `/api/admin/tenants/${DEMO}/connections/cw/standby`);
    expect(again.status).toBe(404);
    expect((await audits('connection.delete')).at(-1)?.target).toBe('cw:standby');
  });

  it('lets the ConnectWise standby take over when the primary key is refused, audited once, shown in GET connections', async () => {
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, { ...simCwConnection(h), role: 'standby' });
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['demo-public-key', 'revoked']),
    );
    const before = (await audits('connection.standby_takeover')).length;

    const cw = await cwClientFor(h.server.deps, DEMO);
    expect((await cw.get('sales/opportunities', 801)).id).toBe(801);
    expect(await cw.count('procurement/purchaseorderstatuses')).toBeGreaterThan(0);
    const again = await cwClientFor(h.server.deps, DEMO);
    expect((await again.list('company/companies', { pageSize: 1 })).length).toBe(1);

    const takeovers = await audits('connection.standby_takeover');
    expect(takeovers.length).toBe(before + 1);
    expect(takeovers.at(-1)).toMatchObject({ actor: 'system', target: 'cw:standby' });
    expect(takeovers.at(-1)!.details).toMatchObject({ system: 'cw', refusedCode: 'cw_unauthorized' });
    const v = await view();
    expect(v.cw.inUse).toBe('standby');
    expect(v.cw.takeover.refusedCode).toBe('cw_unauthorized');

    // New primary keys end the takeover.
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, simCwConnection(h));
    const after = await view();
    expect(after.cw.inUse).toBe('primary');
    expect(after.cw.takeover).toBeNull();
  });

  it('does not fail over on a timeout or 5xx, only on a refusal', async () => {
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, { ...simCwConnection(h), role: 'standby' });
    const before = (await audits('connection.standby_takeover')).length;
    await h.cwFaults({ failNext: [{ route: 'sales/opportunities', kind: 'server_error', count: 5 }] });
    const cw = await cwClientFor(h.server.deps, DEMO, { retry: false });
    await expect(cw.get('sales/opportunities', 801)).rejects.toMatchObject({ code: 'cw_server_error' });
    await h.clearFaults();
    expect((await audits('connection.standby_takeover')).length).toBe(before);
    expect((await view()).cw.inUse).toBe('primary');
  });

  it('lets the TD SYNNEX standby take over for XML calls and for the catalogue', async () => {
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/tds`, { ...simTdsConnection(h), role: 'standby' });
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/tds`,
      simTdsConnection(h, { password: 'expired', oauthClientSecret: 'expired' }),
    );
    const tds = await tdsClientFor(h.server.deps, DEMO);
    const [line] = await tds.priceAvailability(['6544282']);
    expect(line?.status).toBe('Active');
    await clearTakeover(h.server.deps, DEMO, 'tds');
    const fresh = await tdsClientFor(h.server.deps, DEMO);
    const pages = [];
    for await (const page of fresh.catalogueSearch({ tdsynnexPartNumber: ['6544282'], pageSize: 1 })) pages.push(page);
    expect(pages[0]?.items[0]?.tdsynnexPartNumber).toBe('6544282');
    const takeovers = (await audits('connection.standby_takeover')).filter((a) => a.target === 'tds:standby');
    expect(takeovers.length).toBeGreaterThanOrEqual(1);
    expect(takeovers.at(-1)!.details).toMatchObject({ refusedCode: 'tds_auth_failed' });
    expect((await view()).tds.inUse).toBe('standby');
  });

  it('throws the primary refusal when there is no standby', async () => {
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['demo-public-key', 'revoked']),
    );
    const cw = await cwClientFor(h.server.deps, DEMO);
    await expect(cw.systemInfo()).rejects.toMatchObject({ code: 'cw_unauthorized' });
    const stored = await h.server.db.select().from(connections).where(eq(connections.tenantId, DEMO));
    expect(stored.every((r) => !r.secretCiphertext.includes('revoked'))).toBe(true);
  });
});

describe('POST /api/admin/tenants', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());

  it('creates a tenant whose pod origins default to the site origin', async () => {
    const res = await h.admin('POST', '/api/admin/tenants', {
      id: 'acme-msp',
      name: 'Acme MSP',
      cwSite: 'https://na.myconnectwise.net/',
      cwCompanyId: 'acme',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'acme-msp',
      cwSite: 'https://na.myconnectwise.net',
      podOrigins: ['https://na.myconnectwise.net'],
      timeZone: 'America/New_York',
    });
    const list = await h.admin('GET', '/api/admin/tenants');
    expect(list.body.tenants.map((t: Json) => t.id)).toContain('acme-msp');
    const rows = await h.server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, 'acme-msp'), eq(auditLog.action, 'tenant.create')));
    expect(rows).toHaveLength(1);
  });

  it('refuses a taken id, a taken ConnectWise company, a bad id and a bad time zone', async () => {
    const body = { id: 'beta', name: 'Beta', cwSite: 'https://eu.myconnectwise.net', cwCompanyId: 'beta' };
    expect((await h.admin('POST', '/api/admin/tenants', body)).status).toBe(201);
    const dup = await h.admin('POST', '/api/admin/tenants', body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('tenant_exists');
    const sameCompany = await h.admin('POST', '/api/admin/tenants', { ...body, id: 'beta-2' });
    expect(sameCompany.status).toBe(409);
    expect(sameCompany.body.error.message).toContain('company "beta"');
    const badId = await h.admin('POST', '/api/admin/tenants', { ...body, id: 'Bad Id!' });
    expect(badId.status).toBe(400);
    const badZone = await h.admin('POST', '/api/admin/tenants', {
      ...body,
      id: 'gamma',
      cwCompanyId: 'g',
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.message).toContain('IANA');
  });

  it('needs the admin token', async () => {
    const res = await fetch(`${h.url}/api/admin/tenants`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const view = await fetch(`${h.url}/api/admin/tenants/demo/connections`);
    expect(view.status).toBe(401);
  });
});
