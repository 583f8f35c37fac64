/**
 * `GET /api/admin/tenants/:t/product-sync/category-counts`: the products Product Sync keeps in ConnectWise (active
 * or being created) per TD SYNNEX category code, for the console's category picker; other statuses and other
 * tenants are not counted; an unknown tenant is a 404 with a code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CATALOG_MAP_STATUSES } from '../../../../db/schema/catalog.ts';
import { saveRows } from '../../../../server/sync/templates/product-sync/map-repo.ts';
import { addTenant } from '../../sync/engine/support.ts';
import { type AdminHarness, adminHarness } from './support.ts';

let h: AdminHarness;
beforeEach(async () => {
  h = await adminHarness();
});
afterEach(() => h.close());

const row = (tenantId: string, sku: string, categoryCode: string, status: (typeof CATALOG_MAP_STATUSES)[number]) => ({
  tenantId,
  sku,
  identifier: `MPN-${sku}`,
  mfgPN: `MPN-${sku}`,
  manufacturer: 'Cisco',
  categoryCode,
  status,
  written: {},
  observed: {},
  updatedAt: '2026-03-02T12:00:00.000Z',
});

describe('GET /api/admin/tenants/:t/product-sync/category-counts', () => {
  it('counts active and pending items per category code, for that tenant only', async () => {
    await addTenant(h.db, 'other');
    await saveRows(h.db, [
      row('acme', '1001', '006069208', 'active'),
      row('acme', '1002', '006069208', 'active'),
      row('acme', '1003', '006069208', 'pending'),
      row('acme', '1004', '006071684', 'active'),
      row('acme', '1005', '006071684', 'inactive'),
      row('acme', '1006', '009088257', 'removed'),
      row('acme', '1007', '009088257', 'conflict'),
      row('other', '1001', '006069208', 'active'),
    ]);
    const res = await h.call('GET', '/api/admin/tenants/acme/product-sync/category-counts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ counts: { '006069208': 3, '006071684': 1 }, total: 4 });
  });

  it('answers an empty count before any sync, and 404 for an unknown tenant', async () => {
    expect((await h.call('GET', '/api/admin/tenants/acme/product-sync/category-counts')).body).toEqual({
      counts: {},
      total: 0,
    });
    const missing = await h.call('GET', '/api/admin/tenants/nobody/product-sync/category-counts');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('tenant_not_found');
  });
});
