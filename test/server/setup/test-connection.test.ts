import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit.ts';
import {
  byId,
  DEMO,
  type Json,
  type SetupHarness,
  setupHarness,
  simCwConnection,
  simTdsConnection,
} from './harness.ts';

describe('POST /api/admin/tenants/:t/test-connection against the simulators', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await h.clearFaults();
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, { ...simCwConnection(h), expiresAt: null });
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/tds`, { ...simTdsConnection(h), expiresAt: null });
  });

  const test = async (body?: unknown) => {
    const res = await h.admin('POST', `/api/admin/tenants/${DEMO}/test-connection`, body);
    expect(res.status).toBe(200);
    return { ...res.body, by: byId(res.body.checks) } as Json;
  };
  const failing = (r: Json) => r.checks.filter((c: Json) => c.status === 'fail').map((c: Json) => c.id);

  it('passes every check of a healthy tenant, with no body (as the CLI sends it)', async () => {
    const r = await test();
    expect(r.ok).toBe(true);
    expect(failing(r)).toEqual([]);
    expect(r.systems).toEqual(['cw', 'tds']);
    for (const id of [
      'cw_reachable',
      'cw_company',
      'cw_keys',
      'cw_member_active',
      'cw_perm_callbacks',
      'tds_credentials',
      'tds_ip',
      'tds_account',
      'tds_catalogue',
    ]) {
      expect(r.by[id]?.status, id).toBe('pass');
      expect(r.by[id].ok).toBe(true);
      expect(r.by[id].fix).toBeNull();
    }
    expect(r.by.cw_keys.detail).toContain('tds-api');
    expect(r.by.cw_perm_po_write.detail).toContain('"Admin"');
    for (const c of r.checks)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'detail', 'fix']));
  });

  it('names "API keys valid" when ConnectWise refuses the keys, and says to regenerate them', async () => {
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, simCwConnection(h, ['demo-public-key', 'wrong']));
    const r = await test({ system: 'cw' });
    expect(r.ok).toBe(false);
    expect(failing(r)).toEqual(['cw_keys']);
    expect(r.by.cw_keys.detail).toContain('401');
    expect(r.by.cw_keys.fix).toMatch(/generate a new key pair/);
    expect(r.by.cw_keys.fix).toContain('public and private key');
    expect(r.by.cw_member_active.status).toBe('skipped');
    expect(r.systems).toEqual(['cw']);
  });

  it('names each permission the restricted API member lacks, with the security-role setting to change', async () => {
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['restricted-public-key', 'restricted-private-key']),
    );
    const r = await test({ system: 'cw' });
    expect(failing(r).sort()).toEqual([
      'cw_perm_callbacks',
      'cw_perm_custom_fields',
      'cw_perm_hosted_setups',
      'cw_perm_po_write',
    ]);
    expect(r.by.cw_perm_po_read.status).toBe('pass');
    expect(r.by.cw_perm_catalog_write.status).toBe('pass');
    expect(r.by.cw_perm_po_write.detail).toContain('API Restricted');
    expect(r.by.cw_perm_po_write.fix).toContain('System > Security Roles > "API Restricted"');
    expect(r.by.cw_perm_po_write.fix).toContain('Procurement > Purchasing: Add Level and Edit Level = All');
    expect(r.by.cw_perm_callbacks.fix).toContain('System > Callbacks');
    expect(r.by.cw_perm_custom_fields.fix).toContain('System > Table Setup');
  });

  it('probes write permission without creating anything', async () => {
    const before = await h.cw('GET', 'system/callbacks/count');
    const statuses = await h.cw('GET', 'procurement/purchaseorderstatuses/count');
    await test({ system: 'cw' });
    expect((await h.cw('GET', 'system/callbacks/count')).body.count).toBe(before.body.count);
    expect((await h.cw('GET', 'procurement/purchaseorderstatuses/count')).body.count).toBe(statuses.body.count);
  });

  it('names "API keys valid" when cloud ConnectWise answers refused keys with 404 (Developer Guide)', async () => {
    const security = (json: Record<string, string>) =>
      fetch(`${h.url}/sim/cw/_sim/security`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    await security({ badCredentials: 'not-found' });
    try {
      await h.admin(
        'PUT',
        `/api/admin/tenants/${DEMO}/connections/cw`,
        simCwConnection(h, ['demo-public-key', 'wrong']),
      );
      const r = await test({ system: 'cw' });
      expect(failing(r)).toEqual(['cw_keys']);
      expect(r.by.cw_keys.detail).toMatch(/HTTP 404.*refused credentials with 404/);
    } finally {
      await security({ badCredentials: 'unauthorized' });
    }
  });

  it('names "API member active" for an inactive API member', async () => {
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['inactive-public-key', 'inactive-private-key']),
    );
    const r = await test({ system: 'cw' });
    expect(failing(r)).toEqual(['cw_member_active']);
    expect(r.by.cw_member_active.detail).toContain('UserNotAuthenticated');
    expect(r.by.cw_member_active.fix).toContain('clear "Inactive"');
  });

  it('names "API keys valid" when ConnectWise reports the credentials expired, and the expiry check too', async () => {
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, {
      ...simCwConnection(h),
      expiresAt: '2020-01-31',
    });
    await h.cwFaults({ expiredCredentials: true });
    const r = await test({ system: 'cw' });
    expect(failing(r).sort()).toEqual(['cw_key_expiry', 'cw_keys']);
    expect(r.by.cw_keys.detail).toContain('2020-01-31 has passed');
    expect(r.by.cw_key_expiry.detail).toBe('The ConnectWise API keys expired on 2020-01-31.');
    expect(r.by.cw_key_expiry.fix).toContain('expiresAt');
  });

  it('names "ConnectWise reachable" when ConnectWise answers 5xx, and skips what it cannot judge', async () => {
    await h.cwFaults({ rates: { server_error: 1 } });
    const r = await test({ system: 'cw' });
    expect(failing(r)).toEqual(['cw_reachable']);
    expect(r.by.cw_reachable.detail).toContain('HTTP 500');
    expect(r.by.cw_reachable.fix).toContain('status.connectwise.com');
    expect(r.by.cw_keys.status).toBe('skipped');
  });

  it('names "ConnectWise reachable" when ConnectWise hangs past a short client timeout', async () => {
    await h.cwFaults({ rates: { hang: 1 }, hangMs: 1500 });
    // "did not answer" is only said when the 300 ms client timeout fired before the 1.5 s hang ended.
    const r = await test({ system: 'cw', timeoutMs: 300 });
    expect(failing(r)).toEqual(['cw_reachable']);
    expect(r.by.cw_reachable.detail).toContain('did not answer');
    expect(r.by.cw_reachable.fix).toContain('try again');
  });

  it('names "Company id" when ConnectWise does not know the company', async () => {
    const site = h.server.screensUrl;
    const created = await h.admin('POST', '/api/admin/tenants', {
      id: 'wrong-company',
      name: 'Typo MSP',
      cwSite: site,
      cwCompanyId: 'demo-typo',
    });
    expect(created.status).toBe(201);
    await h.admin('PUT', '/api/admin/tenants/wrong-company/connections/cw', {
      ...simCwConnection(h),
      companyId: 'demo-typo',
    });
    const res = await h.admin('POST', '/api/admin/tenants/wrong-company/test-connection', { system: 'cw' });
    const by = byId(res.body.checks);
    expect(by.cw_company.status).toBe('fail');
    expect(by.cw_company.detail).toContain('"demo-typo"');
    expect(by.cw_company.fix).toContain('"Company" value of the ConnectWise login screen');
  });

  it('names "XML credentials valid" when TD SYNNEX refuses the login', async () => {
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/tds`,
      simTdsConnection(h, { password: 'not-the-password' }),
    );
    const r = await test({ system: 'tds' });
    expect(failing(r)).toEqual(['tds_credentials']);
    expect(r.by.tds_credentials.detail).toContain('demo@tds-bridge.test');
    expect(r.by.tds_credentials.fix).toContain('EC user name and password');
    expect(r.by.tds_ip.status).toBe('skipped');
  });

  it('names the XML login and the catalogue login when TD SYNNEX reports the credentials expired', async () => {
    await h.tdsFaults({ expiredCredentials: true });
    const r = await test({ system: 'tds' });
    expect(failing(r).sort()).toEqual(['tds_catalogue', 'tds_credentials']);
    expect(r.by.tds_catalogue.fix).toContain('oauthClientSecret');
  });

  it('names "Server IP registered" on TD SYNNEX\'s "IP Address Invalid"', async () => {
    await h.tdsFaults({
      failNext: [{ route: '/SynnexXML/PriceAvailability', kind: 'business_error', message: 'IP Address Invalid' }],
    });
    const r = await test({ system: 'tds' });
    expect(failing(r)).toEqual(['tds_ip']);
    expect(r.by.tds_ip.detail).toContain('IP Address Invalid');
    expect(r.by.tds_ip.fix).toContain('register the static public IP address');
  });

  it('names "TD SYNNEX reachable" on a TD SYNNEX 5xx and on a hang past the timeout', async () => {
    await h.tdsFaults({ failNext: [{ route: '/SynnexXML/PriceAvailability', kind: 'server_error' }] });
    const down = await test({ system: 'tds' });
    expect(failing(down)).toEqual(['tds_reachable']);
    expect(down.by.tds_reachable.fix).toContain('maintenance');
    await h.tdsFaults({ failNext: [{ route: '/SynnexXML/PriceAvailability', kind: 'hang' }], hangMs: 1500 });
    const hung = await test({ system: 'tds', timeoutMs: 300 });
    expect(failing(hung)).toEqual(['tds_reachable']);
    expect(hung.by.tds_reachable.detail).toContain('did not answer');
  });

  it('names "Account authorised" when TD SYNNEX answers "Not authorized" for the SKU', async () => {
    const apple = (await fetch(`${h.url}/sim/tds/_sim/stats`)).ok; // the simulator is up
    expect(apple).toBe(true);
    const sku = await appleSku(h);
    const r = await test({ system: 'tds', probeSku: sku });
    expect(failing(r)).toEqual(['tds_account']);
    expect(r.by.tds_account.detail).toContain('Not authorized');
    expect(r.by.tds_account.fix).toContain('authorise the account');
  });

  it('warns, without failing, when no catalogue API client is stored', async () => {
    const { oauthClientId: _id, oauthClientSecret: _secret, ...xmlOnly } = simTdsConnection(h);
    await h.admin('DELETE', `/api/admin/tenants/${DEMO}/connections/tds/primary`);
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/tds`, xmlOnly);
    const r = await test({ system: 'tds' });
    expect(r.ok).toBe(true);
    expect(r.by.tds_catalogue.status).toBe('warn');
    expect(r.by.tds_catalogue.ok).toBe(true);
    expect(r.by.tds_catalogue.fix).toContain('oauthClientId and oauthClientSecret');
  });

  it('records every test in the audit log with the failing check ids', async () => {
    await h.tdsFaults({ expiredCredentials: true });
    await test({ system: 'tds' });
    const rows = await h.server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, DEMO), eq(auditLog.action, 'connection.test')));
    const last = rows.at(-1)!;
    expect(last.target).toBe('tds:primary');
    expect(last.details).toMatchObject({ ok: false, failed: ['tds_credentials', 'tds_catalogue'] });
    expect(last.actor).toBe('admin');
  });

  it('says which connection is missing, and refuses an unknown option', async () => {
    const standby = await h.admin('POST', `/api/admin/tenants/${DEMO}/test-connection`, { role: 'standby' });
    expect(standby.body.ok).toBe(false);
    expect(standby.body.checks.map((c: Json) => c.id)).toEqual(['cw_connected', 'tds_connected']);
    expect(standby.body.checks[0].fix).toContain('PUT /api/admin/tenants/demo/connections/cw');
    const bad = await h.admin('POST', `/api/admin/tenants/${DEMO}/test-connection`, { system: 'erp' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
  });
});

/** A SKU of an Apple product from the simulator's catalogue (the demo account may not buy Apple). */
async function appleSku(h: SetupHarness): Promise<string> {
  const token = await fetch(`${h.url}/sim/tds/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'tds-bridge-demo',
      client_secret: 'demo-client-secret',
    }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const page = await fetch(`${h.url}/sim/tds/resellers/v2/products/catalogue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ manufacturer: 'Apple', pageSize: 1 }),
  }).then((r) => r.json() as Promise<{ data: Array<{ tdsynnexPartNumber: string }> }>);
  const sku = page.data[0]?.tdsynnexPartNumber;
  if (!sku) throw new Error('the simulator has no Apple product');
  return sku;
}
