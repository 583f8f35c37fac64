/** `GET /tenants/:tenantId/health`: the console's Status section (lights, connections, upstream figures, live progress). */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { tenantHealth } from '../../console/health.ts';
import { notFound } from '../../errors.ts';
import { engine, tenantParam } from './shared.ts';

export function healthRoutes() {
  return new Hono<AdminEnv>().get('/tenants/:tenantId/health', async (c) => {
    const tenantId = tenantParam(c);
    const health = await tenantHealth(c.var.deps, engine(c), tenantId);
    if (!health)
      throw notFound('tenant_not_found', `There is no tenant "${tenantId}". GET /api/admin/tenants lists them.`);
    return c.json(health);
  });
}
