/** Schedules per tenant and template: read, change cron/enabled, pause and resume. */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import { safeText } from '../../http/input.ts';
import { assertCron } from '../../sync/engine/index.ts';
import { audit, engine, parseBody, tenantParam } from './shared.ts';

export const Change = z
  .object({ cron: safeText(120).pipe(z.string().min(1)).optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.cron !== undefined || v.enabled !== undefined, 'send cron and/or enabled');
export const BulkChange = z.object({
  schedules: z
    .array(
      z
        .object({
          template: safeText(60).pipe(z.string().min(1)),
          cron: safeText(120).pipe(z.string().min(1)).optional(),
          enabled: z.boolean().optional(),
        })
        .strict(),
    )
    .max(50),
});

export function scheduleRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/schedules', async (c) => c.json({ schedules: await engine(c).schedules(tenantParam(c)) }))
    .put('/tenants/:tenantId/schedules', async (c) => {
      const tenantId = tenantParam(c);
      const { schedules } = await parseBody(c, BulkChange);
      const eng = engine(c);
      // Check everything first so a bad entry changes nothing.
      for (const s of schedules) {
        eng.template(s.template);
        if (s.cron !== undefined) assertCron(s.cron);
      }
      for (const { template, ...change } of schedules) {
        await eng.setSchedule(tenantId, template, change);
        await audit(c, tenantId, 'sync.schedule.update', template, change);
      }
      return c.json({ schedules: await eng.schedules(tenantId) });
    })
    .get('/tenants/:tenantId/schedules/:templateId', async (c) => {
      const tenantId = tenantParam(c);
      const templateId = c.req.param('templateId');
      engine(c).template(templateId);
      const found = (await engine(c).schedules(tenantId)).find((s) => s.templateId === templateId);
      return c.json(found);
    })
    .put('/tenants/:tenantId/schedules/:templateId', async (c) => {
      const tenantId = tenantParam(c);
      const templateId = c.req.param('templateId');
      const change = await parseBody(c, Change);
      const before = (await engine(c).schedules(tenantId)).find((s) => s.templateId === templateId);
      const view = await engine(c).setSchedule(tenantId, templateId, change);
      await audit(c, tenantId, 'sync.schedule.update', templateId, {
        ...change,
        before: before ? { cron: before.cron, enabled: before.enabled } : null,
        after: { cron: view.cron, enabled: view.enabled },
      });
      return c.json(view);
    })
    .post('/tenants/:tenantId/schedules/:templateId/pause', async (c) => {
      const tenantId = tenantParam(c);
      const view = await engine(c).pause(tenantId, c.req.param('templateId'));
      await audit(c, tenantId, 'sync.schedule.pause', view.templateId);
      return c.json(view);
    })
    .post('/tenants/:tenantId/schedules/:templateId/resume', async (c) => {
      const tenantId = tenantParam(c);
      const view = await engine(c).resume(tenantId, c.req.param('templateId'));
      await audit(c, tenantId, 'sync.schedule.resume', view.templateId);
      return c.json(view);
    });
}
