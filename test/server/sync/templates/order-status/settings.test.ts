/** Order Status finds hand-typed orders under Create Orders' PO prefix: one setting, its default when none is stored. */
import { describe, expect, it } from 'vitest';
import { saveSettings } from '../../../../../server/sync/engine/settings.ts';
import { createOrders } from '../../../../../server/sync/templates/create-orders/template.ts';
import { tenantPoPrefix } from '../../../../../server/sync/templates/order-status/settings.ts';
import { addTenant, memoryDb } from '../../engine/support.ts';

describe('Order Status: the tenant PO prefix', () => {
  it("is Create Orders' default until the tenant stores its own, then that one", async () => {
    const db = await memoryDb();
    const tenant = await addTenant(db);
    expect(await tenantPoPrefix(db, tenant)).toBe('CW-');
    await saveSettings(db, createOrders, tenant, { poPrefix: 'MSP-' }, 'test', new Date());
    expect(await tenantPoPrefix(db, tenant)).toBe('MSP-');
    db.$client.close();
  });
});
