/** The support bundle in the admin API: one POST builds the zip (it runs test connection, hence not a GET). */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { buildSupportBundle } from '../../ops/support-bundle/bundle.ts';
import { actor, audit, engine, existingTenant } from './shared.ts';

export function supportBundleRoutes() {
  return new Hono<AdminEnv>().post('/tenants/:tenantId/support-bundle', async (c) => {
    const tenantId = await existingTenant(c);
    const { zip, files } = await buildSupportBundle({ deps: c.var.deps, engine: engine(c), tenantId, actor: actor(c) });
    await audit(c, tenantId, 'support_bundle.create', tenantId, { files });
    const day = c.var.deps.now().toISOString().slice(0, 10);
    return c.body(zip.slice().buffer, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="tds-bridge-support-${tenantId}-${day}.zip"`,
      'cache-control': 'no-store',
    });
  });
}
