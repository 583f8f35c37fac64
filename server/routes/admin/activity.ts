/** A tenant's Sync Activity Log, filtered and paged (newest first). */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest } from '../../errors.ts';
import { IdSchema, safeText } from '../../http/input.ts';
import { cursor, engine, existingTenant, isoTime, levelList, limit, parseQuery } from './shared.ts';
import { activityView } from './views.ts';

export const ActivityQuery = z.object({
  template: safeText(60).pipe(z.string().min(1)).optional(),
  level: levelList.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  entity: safeText(200).pipe(z.string().min(1)).optional(),
  entityType: safeText(60).pipe(z.string().min(1)).optional(),
  code: safeText(100).pipe(z.string().min(1)).optional(),
  text: safeText(200).pipe(z.string().trim().min(1)).optional(),
  run: IdSchema.optional(),
  limit: limit(500),
  cursor,
});

export function activityRoutes() {
  return new Hono<AdminEnv>().get('/tenants/:tenantId/activity', async (c) => {
    const tenantId = await existingTenant(c);
    const q = parseQuery(c, ActivityQuery);
    if (q.from && q.to && q.from > q.to) throw badRequest('invalid_time_range', '"from" must be before "to".');
    const eng = engine(c);
    const page = await eng.activity({
      tenantId,
      templateId: q.template,
      levels: q.level,
      from: q.from,
      to: q.to,
      entityId: q.entity,
      entityType: q.entityType,
      code: q.code,
      text: q.text,
      runId: q.run,
      limit: q.limit,
      cursor: q.cursor,
    });
    return c.json({ items: page.items.map(activityView), nextCursor: page.nextCursor });
  });
}
