/**
 * `GET|POST /tenants/:tenantId/activation/plan` (read-only preview; the CLI posts) and
 * `POST /tenants/:tenantId/activation/apply` (idempotent), see server/activation/activate.ts.
 */
import { Hono } from 'hono';
import { applyActivation, planActivation } from '../../activation/activate.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { requireTenant } from '../../setup/connections-service.ts';
import { publicOrigin } from '../../setup/public-origin.ts';
import { type AdminContext, actor, tenantParam } from '../admin/shared.ts';

async function plan(c: AdminContext) {
  const tenant = await requireTenant(c.var.deps, tenantParam(c));
  return c.json(await planActivation(c.var.deps, tenant.id, publicOrigin(c.var.deps, c.req.url)));
}

export function activationRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/activation/plan', plan)
    .post('/tenants/:tenantId/activation/plan', plan)
    .post('/tenants/:tenantId/activation/apply', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      const origin = publicOrigin(c.var.deps, c.req.url);
      return c.json(await applyActivation(c.var.deps, tenant.id, origin, actor(c)));
    });
}
