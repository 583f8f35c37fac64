/**
 * `GET|POST /tenants/:tenantId/activation/plan` (read-only preview; the CLI posts),
 * `POST /tenants/:tenantId/activation/apply` (idempotent), see server/activation/activate.ts, and
 * `GET|PUT /tenants/:tenantId/activation/options` (the console Tab; server/activation/options.ts), audited.
 */
import { Hono } from 'hono';
import { applyActivation, planActivation } from '../../activation/activate.ts';
import { ActivationOptionsBody, readActivationOptions, saveActivationOptions } from '../../activation/options.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { requireTenant } from '../../setup/connections-service.ts';
import { publicOrigin } from '../../setup/public-origin.ts';
import { type AdminContext, actor, audit, parseBody, tenantParam } from '../admin/shared.ts';

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
    })
    .get('/tenants/:tenantId/activation/options', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      return c.json(await readActivationOptions(c.var.deps.db, tenant.id));
    })
    .put('/tenants/:tenantId/activation/options', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      const options = await parseBody(c, ActivationOptionsBody);
      const before = await readActivationOptions(c.var.deps.db, tenant.id);
      await saveActivationOptions(c.var.deps.db, {
        tenantId: tenant.id,
        options,
        actor: actor(c),
        now: c.var.deps.now(),
      });
      await audit(c, tenant.id, 'activation_options_changed', 'activation', { before, after: options });
      // Nothing changes in ConnectWise until the next apply: say so, with the plan's view of it.
      return c.json({ ...options, next: 'Preview with activation/plan, then apply to register or move the Tab.' });
    });
}
