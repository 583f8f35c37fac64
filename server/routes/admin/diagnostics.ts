/** Diagnostics: run every check of the common issues for a tenant; verify one finding after a fix. */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest } from '../../errors.ts';
import { runDiagnostics, verifyFinding } from '../../ops/diagnostics/index.ts';
import { actor, audit, engine, existingTenant, inBackground } from './shared.ts';

export function diagnosticsRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/diagnostics', async (c) => {
      const tenantId = await existingTenant(c);
      return c.json(await runDiagnostics(c.var.deps, engine(c), { tenantId, actor: actor(c) }));
    })
    .post('/tenants/:tenantId/diagnostics/:id/verify', async (c) => {
      const tenantId = await existingTenant(c);
      const id = c.req.param('id');
      if (!/^[a-z_]{2,60}$/.test(id))
        throw badRequest('invalid_diagnostic_id', 'A diagnostic id is snake_case, e.g. tds_credentials_refused.');
      const result = await verifyFinding(c.var.deps, engine(c), { tenantId, id, actor: actor(c) });
      if (result.outcome === 'run_started') {
        await audit(c, tenantId, 'sync.run.start', result.finding.verify.templateId ?? '', {
          runId: result.runId,
          verifying: id,
        });
        inBackground(c, engine(c).kick());
      }
      return c.json(result);
    });
}
