import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertTenantAccess, sameSecret } from '../../../../server/auth/admin.ts';
import { type AdminHarness, adminHarness } from './support.ts';

describe('admin authentication', () => {
  let h: AdminHarness;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => h.close());

  it('asks for the admin token and says where to find it', async () => {
    const res = await h.call('GET', '/api/admin/tenants', { token: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('admin_token_required');
    expect(res.body.error.message).toContain('Authorization: Bearer <token>');
    expect(res.body.error.message).toContain('data/admin-token');
    expect(res.body.error.message).toContain('ADMIN_TOKEN');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="tds-bridge admin"');
  });

  it('refuses a wrong token, or a token sent another way', async () => {
    const wrong = await h.call('GET', '/api/admin/tenants', { token: 'not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('admin_token_invalid');
    const prefix = await h.call('GET', '/api/admin/tenants', { token: 'test-admin-token' });
    expect(prefix.body.error.code).toBe('admin_token_invalid');
  });

  it('lets the admin token in', async () => {
    const res = await h.call('GET', '/api/admin/tenants');
    expect(res.status).toBe(200);
    expect(res.body.tenants.map((t: { id: string }) => t.id)).toEqual(['acme', 'globex']);
  });

  it.each([
    ['GET', '/api/admin/tenants'],
    ['GET', '/api/admin/templates'],
    ['GET', '/api/admin/status'],
    ['GET', '/api/admin/tenants/acme/templates/paged-sync/settings'],
    ['PUT', '/api/admin/tenants/acme/templates/paged-sync/settings'],
    ['GET', '/api/admin/tenants/acme/schedules'],
    ['PUT', '/api/admin/tenants/acme/schedules/paged-sync'],
    ['POST', '/api/admin/tenants/acme/schedules/paged-sync/pause'],
    ['POST', '/api/admin/tenants/acme/runs'],
    ['GET', '/api/admin/tenants/acme/runs'],
    ['GET', '/api/admin/runs/1'],
    ['GET', '/api/admin/runs/1/activity'],
    ['POST', '/api/admin/runs/1/cancel'],
    ['GET', '/api/admin/tenants/acme/activity'],
    ['GET', '/api/admin/no-such-route'],
  ])('keeps %s %s closed without the token', async (method, path) => {
    const res = await h.call(method, path, { token: null, body: method === 'GET' ? undefined : {} });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('admin_token_required');
    expect(JSON.stringify(res.body)).not.toContain('acme MSP');
  });

  it('compares secrets by value only', async () => {
    expect(await sameSecret('abc', 'abc')).toBe(true);
    expect(await sameSecret('abd', 'abc')).toBe(false);
    expect(await sameSecret('abcd', 'abc')).toBe(false);
    expect(await sameSecret('', '')).toBe(false);
  });

  it('limits a tenant-scoped principal (future console sessions) to its tenants', () => {
    const member = { kind: 'member_session' as const, actor: 'member:jsmith', tenants: ['acme'] };
    expect(() => assertTenantAccess(member, 'acme')).not.toThrow();
    expect(() => assertTenantAccess(member, 'globex')).toThrow(
      expect.objectContaining({ code: 'tenant_not_found', status: 404 }),
    );
  });
});
