/** The tenants an admin can see, and the dashboard status of each tenant's templates. */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { listTenants } from '../../tenants/tenant-repo.ts';
import { engine } from './shared.ts';

export function tenantRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants', async (c) => {
      const visible = c.var.principal.tenants;
      const rows = await listTenants(c.var.deps.db);
      const tenants = rows
        .filter((t) => visible === 'all' || visible.includes(t.id))
        .map((t) => ({
          id: t.id,
          name: t.name,
          cwSite: t.cwSite,
          cwCompanyId: t.cwCompanyId,
          timeZone: t.timeZone,
          createdAt: t.createdAt,
        }));
      return c.json({ tenants });
    })
    .get('/status', async (c) => {
      const visible = c.var.principal.tenants;
      const status = await engine(c).status();
      return c.json({
        generatedAt: c.var.deps.now().toISOString(),
        tenants: status.filter((t) => visible === 'all' || visible.includes(t.tenantId)),
      });
    });
}
