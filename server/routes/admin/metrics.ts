/** `GET /tenants/:tenantId/metrics?template=…&days=…`: the console's Metrics & trends (per day, tenant time zone). */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import { templateMetrics } from '../../console/metrics.ts';
import { getTenant } from '../../tenants/tenant-repo.ts';
import { existingTenant, parseQuery } from './shared.ts';

export const MetricsQuery = z.object({
  template: z.string().regex(/^[a-z0-9-]{1,60}$/),
  days: z.coerce.number().int().min(1).max(90).default(14),
});

export function metricsRoutes() {
  return new Hono<AdminEnv>().get('/tenants/:tenantId/metrics', async (c) => {
    const tenantId = await existingTenant(c);
    const q = parseQuery(c, MetricsQuery);
    const tenant = await getTenant(c.var.deps.db, tenantId);
    return c.json(
      await templateMetrics(c.var.deps, {
        tenantId,
        templateId: q.template,
        timeZone: tenant?.timeZone ?? 'UTC',
        days: q.days,
      }),
    );
  });
}
