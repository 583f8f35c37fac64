/**
 * `GET /tenants/:tenantId/audit`: who changed what and when (the named operator or ConnectWise member,
 * the admin token, a template or a callback), with before/after details and secrets redacted; newest first.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { auditLog } from '../../../db/schema/audit.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { redactSecrets } from '../../console/redact.ts';
import { cursor, existingTenant, limit, parseQuery } from './shared.ts';

/** The user's text matched literally: LIKE's wildcards (and the escape character) escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export const AuditQuery = z.object({
  action: z.string().trim().min(1).max(80).optional(),
  actor: z.string().trim().min(1).max(120).optional(),
  limit: limit(200),
  cursor,
});

export function auditRoutes() {
  return new Hono<AdminEnv>().get('/tenants/:tenantId/audit', async (c) => {
    const tenantId = await existingTenant(c);
    const q = parseQuery(c, AuditQuery);
    const size = q.limit ?? 50;
    const rows = await c.var.deps.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, tenantId),
          q.action ? sql`${auditLog.action} like ${`${escapeLike(q.action)}%`} escape '\\'` : undefined,
          q.actor ? sql`${auditLog.actor} like ${`%${escapeLike(q.actor)}%`} escape '\\'` : undefined,
          q.cursor ? lt(auditLog.id, Number(q.cursor)) : undefined,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(size + 1);
    const items = rows.slice(0, size).map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: redactSecrets(r.details),
    }));
    return c.json({ items, nextCursor: rows.length > size ? String(items.at(-1)?.id) : null });
  });
}
