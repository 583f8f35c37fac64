/** `POST /tenants/:tenantId/test-connection`: named checks with what to do about each (server/setup/test-connection.ts). */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { requireTenant } from '../../setup/connections-service.ts';
import { TestConnectionInput, testConnection } from '../../setup/test-connection.ts';
import { actor, tenantParam } from '../admin/shared.ts';
import { optionalBody } from './body.ts';

export function testConnectionRoutes() {
  return new Hono<AdminEnv>().post('/tenants/:tenantId/test-connection', async (c) => {
    const tenant = await requireTenant(c.var.deps, tenantParam(c));
    const input = await optionalBody(c, TestConnectionInput);
    return c.json(await testConnection(c.var.deps, tenant.id, input, actor(c)));
  });
}
