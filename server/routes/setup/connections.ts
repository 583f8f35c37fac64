/**
 * A tenant's connections: `GET connections` (settings, which secrets are stored, expiry countdown, standby
 * takeover — never a secret), `PUT connections/cw|tds` (primary or standby), `DELETE connections/:system/:role`.
 */
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest, notFound } from '../../errors.ts';
import { CwConnectionInput, TdsConnectionInput } from '../../setup/connection-schemas.ts';
import {
  AUDIT_CONNECTION_DELETED,
  AUDIT_CONNECTION_SAVED,
  connectionsView,
  deleteConnection,
  requireTenant,
  saveCwConnection,
  saveTdsConnection,
} from '../../setup/connections-service.ts';
import { audit, parseBody, tenantParam } from '../admin/shared.ts';

const SystemParam = z.enum(['cw', 'tds']);
const RoleParam = z.enum(['primary', 'standby']);

/** Names of the fields sent, secrets included by name only. */
const fieldsSent = (input: Record<string, unknown>) => Object.keys(input).filter((k) => input[k] !== undefined);

/** Audits a saved connection and answers with its view (never a secret). */
async function saved(
  c: Context<AdminEnv>,
  tenantId: string,
  system: 'cw' | 'tds',
  input: Record<string, unknown> & { role: 'primary' | 'standby' },
  { secretsChanged }: { secretsChanged: boolean },
) {
  await audit(c, tenantId, AUDIT_CONNECTION_SAVED, `${system}:${input.role}`, {
    system,
    role: input.role,
    fields: fieldsSent(input),
    secretsChanged,
  });
  const view = await connectionsView(c.var.deps, tenantId);
  return c.json({ tenantId, system, role: input.role, connection: view[system][input.role], [system]: view[system] });
}

export function connectionRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/connections', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      return c.json(await connectionsView(c.var.deps, tenant.id));
    })
    .put('/tenants/:tenantId/connections/cw', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      const input = await parseBody(c, CwConnectionInput);
      return saved(c, tenant.id, 'cw', input, await saveCwConnection(c.var.deps, tenant, input));
    })
    .put('/tenants/:tenantId/connections/tds', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      const input = await parseBody(c, TdsConnectionInput);
      return saved(c, tenant.id, 'tds', input, await saveTdsConnection(c.var.deps, tenant, input));
    })
    .delete('/tenants/:tenantId/connections/:system/:role', async (c) => {
      const tenant = await requireTenant(c.var.deps, tenantParam(c));
      const system = SystemParam.safeParse(c.req.param('system'));
      const role = RoleParam.safeParse(c.req.param('role'));
      if (!system.success || !role.success) {
        throw badRequest('invalid_connection', 'Use /connections/cw|tds/primary|standby.');
      }
      const deleted = await deleteConnection(c.var.deps, tenant.id, system.data, role.data);
      if (!deleted) {
        throw notFound('connection_not_found', `Tenant ${tenant.id} has no ${role.data} ${system.data} connection.`);
      }
      await audit(c, tenant.id, AUDIT_CONNECTION_DELETED, `${system.data}:${role.data}`, {
        system: system.data,
        role: role.data,
      });
      return c.body(null, 204);
    });
}
