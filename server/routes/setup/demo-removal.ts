/**
 * `POST /tenants/:tenantId/remove-simulator-tenant`: going live, an MSP removes the demo tenant (the
 * simulators' tenant). Only a tenant whose every address is on this machine can be removed this way, so the
 * command can never delete a real MSP's tenant; with it gone, `SIMULATORS=auto` keeps the simulators off as
 * soon as a real tenant exists.
 */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { AppError } from '../../errors.ts';
import { isSimulatorTenant } from '../../security/simulator-mode.ts';
import { requireTenant } from '../../setup/connections-service.ts';
import { deleteTenant } from '../../tenants/delete-tenant.ts';
import { tenantParam } from '../admin/shared.ts';

export function demoRemovalRoutes() {
  return new Hono<AdminEnv>().post('/tenants/:tenantId/remove-simulator-tenant', async (c) => {
    if (c.var.principal.tenants !== 'all') {
      throw new AppError('forbidden', 'Only an administrator of all tenants may remove a tenant.', { status: 403 });
    }
    const tenant = await requireTenant(c.var.deps, tenantParam(c));
    if (!(await isSimulatorTenant(c.var.deps.db, tenant.id))) {
      throw new AppError(
        'not_simulator_tenant',
        `Tenant "${tenant.id}" connects beyond this machine; only the simulators' demo tenant can be removed this way.`,
        { status: 409 },
      );
    }
    await deleteTenant(c.var.deps.db, tenant.id);
    console.warn(JSON.stringify({ level: 'warn', msg: 'simulator tenant removed', tenantId: tenant.id }));
    return c.json({ removed: tenant.id });
  });
}
