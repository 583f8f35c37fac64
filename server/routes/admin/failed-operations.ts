/** The failed-operations queue of a tenant and the retry of one operation (console: Activity log). */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { failedOperations, retryFailedOperation } from '../../console/failed-operations.ts';
import { badRequest } from '../../errors.ts';
import { actor, audit, existingTenant } from './shared.ts';

export function failedOperationRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/failed-operations', async (c) => {
      const tenantId = await existingTenant(c);
      return c.json({ items: await failedOperations(c.var.deps.db, tenantId, c.var.deps.now()) });
    })
    .post('/tenants/:tenantId/failed-operations/:activityId/retry', async (c) => {
      const tenantId = await existingTenant(c);
      const activityId = Number(c.req.param('activityId'));
      if (!Number.isSafeInteger(activityId) || activityId <= 0)
        throw badRequest('invalid_activity_id', 'An activity id is a positive whole number.');
      const result = await retryFailedOperation(c.var.deps, { tenantId, activityId, actor: actor(c) });
      await audit(c, tenantId, 'operation.retry', `activity:${activityId}`, { ok: result.ok, code: result.code });
      return c.json(result);
    });
}
