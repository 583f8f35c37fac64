/** Runs: start one now, list a tenant's runs, one run's detail and log, cancel. */
import { Hono } from 'hono';
import * as z from 'zod';
import { type AdminEnv, assertTenantAccess } from '../../auth/admin.ts';
import { RUN_STATES } from '../../sync/engine/index.ts';
import {
  actor,
  audit,
  cursor,
  engine,
  existingTenant,
  inBackground,
  levelList,
  limit,
  parseBody,
  parseQuery,
  runIdParam,
  tenantParam,
} from './shared.ts';
import { activityView, runDetailView, runView } from './views.ts';

export const StartRun = z.object({ template: z.string().min(1), full: z.boolean().default(false) }).strict();
export const RunsQuery = z.object({
  template: z.string().min(1).optional(),
  state: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(RUN_STATES)).min(1))
    .optional(),
  limit: limit(200),
  cursor,
});
export const RunActivityQuery = z.object({
  level: levelList.optional(),
  entity: z.string().min(1).optional(),
  code: z.string().min(1).optional(),
  limit: limit(500),
  cursor,
});

export function runRoutes() {
  return new Hono<AdminEnv>()
    .post('/tenants/:tenantId/runs', async (c) => {
      const tenantId = tenantParam(c);
      const { template, full } = await parseBody(c, StartRun);
      const eng = engine(c);
      const { run, created } = await eng.runNow(tenantId, template, { full, requestedBy: actor(c) });
      if (created) await audit(c, tenantId, 'sync.run.start', template, { runId: run.id, full });
      inBackground(c, eng.kick());
      return c.json({ run: runView(run), created }, 202);
    })
    .get('/tenants/:tenantId/runs', async (c) => {
      const tenantId = await existingTenant(c);
      const q = parseQuery(c, RunsQuery);
      if (q.template) engine(c).template(q.template);
      const page = await engine(c).runs({
        tenantId,
        templateId: q.template,
        states: q.state,
        limit: q.limit,
        cursor: q.cursor,
      });
      return c.json({ items: page.items.map(runView), nextCursor: page.nextCursor });
    })
    .get('/runs/:runId', async (c) => {
      const run = await engine(c).run(runIdParam(c));
      assertTenantAccess(c.var.principal, run.tenantId);
      const log = await engine(c).activity({ runId: run.id, order: 'asc', limit: 50 });
      return c.json(runDetailView(run, { items: log.items.map(activityView), nextCursor: log.nextCursor }));
    })
    .get('/runs/:runId/activity', async (c) => {
      const run = await engine(c).run(runIdParam(c));
      assertTenantAccess(c.var.principal, run.tenantId);
      const q = parseQuery(c, RunActivityQuery);
      const page = await engine(c).activity({
        runId: run.id,
        levels: q.level,
        entityId: q.entity,
        code: q.code,
        limit: q.limit,
        cursor: q.cursor,
        order: 'asc',
      });
      return c.json({ items: page.items.map(activityView), nextCursor: page.nextCursor });
    })
    .post('/runs/:runId/cancel', async (c) => {
      const eng = engine(c);
      const before = await eng.run(runIdParam(c));
      assertTenantAccess(c.var.principal, before.tenantId);
      const run = await eng.cancel(before.id, { requestedBy: actor(c) });
      await audit(c, run.tenantId, 'sync.run.cancel', run.templateId, { runId: run.id });
      // 200 when it is already cancelled; 202 when its worker will stop at the next step boundary.
      return c.json({ run: runView(run) }, run.state === 'cancelled' ? 200 : 202);
    });
}
