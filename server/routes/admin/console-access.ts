/**
 * Console access through the admin API: who am I, one-time sign-in links for named operators (what
 * `tds-bridge console --as NAME` prints), and which ConnectWise security roles may open a tenant's console.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { consoleRoleGrants } from '../../../db/schema/console.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { createSignInLink } from '../../console/sessions.ts';
import { AppError } from '../../errors.ts';
import { publicOrigin } from '../../setup/public-origin.ts';
import { actor, audit, existingTenant, parseBody } from './shared.ts';

export const LinkBody = z.object({
  operator: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[\p{L}\p{N} .'@_-]+$/u, "letters, digits, spaces and . ' @ _ - only"),
});
export const RolesBody = z.object({ roles: z.array(z.string().trim().min(1).max(100)).max(50) });

export function consoleAccessRoutes() {
  return new Hono<AdminEnv>()
    .get('/me', (c) => {
      const p = c.var.principal;
      return c.json({ kind: p.kind, actor: p.actor, tenants: p.tenants });
    })
    .post('/console/links', async (c) => {
      if (c.var.principal.kind === 'member_session') {
        throw new AppError(
          'operator_required',
          'Only the admin token or an operator can create console sign-in links.',
          {
            status: 403,
          },
        );
      }
      const { operator } = await parseBody(c, LinkBody);
      const link = await createSignInLink(c.var.deps.db, { operator, createdBy: actor(c), now: c.var.deps.now() });
      const url = `${publicOrigin(c.var.deps, c.req.url)}/console/sign-in?token=${link.token}`;
      return c.json({ operator, url, expiresAt: link.expiresAt }, 201);
    })
    .get('/tenants/:tenantId/console-roles', async (c) => {
      const tenantId = await existingTenant(c);
      const [row] = await c.var.deps.db
        .select()
        .from(consoleRoleGrants)
        .where(eq(consoleRoleGrants.tenantId, tenantId));
      return c.json({ roles: row?.roles ?? [] });
    })
    .put('/tenants/:tenantId/console-roles', async (c) => {
      const tenantId = await existingTenant(c);
      const { roles } = await parseBody(c, RolesBody);
      const db = c.var.deps.db;
      const [before] = await db.select().from(consoleRoleGrants).where(eq(consoleRoleGrants.tenantId, tenantId));
      const now = c.var.deps.now().toISOString();
      await db
        .insert(consoleRoleGrants)
        .values({ tenantId, roles, updatedAt: now, updatedBy: actor(c) })
        .onConflictDoUpdate({
          target: consoleRoleGrants.tenantId,
          set: { roles, updatedAt: now, updatedBy: actor(c) },
        });
      await audit(c, tenantId, 'console_roles_changed', 'console', { before: before?.roles ?? [], after: roles });
      return c.json({ roles });
    });
}
