/**
 * `GET|PUT /tenants/:tenantId/pod-origins`: the ConnectWise origins allowed to frame the pod (CSP
 * frame-ancestors) and to talk to it, as the console's Setup shows and edits them; audited before/after.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { tenants } from '../../../db/schema/tenants.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { getTenant, siteOrigin } from '../../tenants/tenant-repo.ts';
import { audit, existingTenant, parseBody } from './shared.ts';

export const PodOriginsBody = z.object({
  origins: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .max(10),
});

export function podOriginRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/pod-origins', async (c) => {
      const tenant = await getTenant(c.var.deps.db, await existingTenant(c));
      return c.json({ origins: tenant?.podOrigins ?? [] });
    })
    .put('/tenants/:tenantId/pod-origins', async (c) => {
      const tenantId = await existingTenant(c);
      const { origins } = await parseBody(c, PodOriginsBody);
      const before = (await getTenant(c.var.deps.db, tenantId))?.podOrigins ?? [];
      const after = [...new Set(origins.map(siteOrigin))].sort();
      await c.var.deps.db
        .update(tenants)
        .set({ podOrigins: after, updatedAt: c.var.deps.now().toISOString() })
        .where(eq(tenants.id, tenantId));
      await audit(c, tenantId, 'tenant.pod_origins.update', 'pod-origins', { before, after });
      return c.json({ origins: after });
    });
}
