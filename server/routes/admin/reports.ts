/**
 * Reports in the admin API: made on demand for the last complete period (or the running one, `period=current`),
 * or read back as stored by the `ops-reports` template; as JSON, CSV or printable HTML.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { REPORT_KINDS } from '../../../db/schema/ops.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { tenantHealth } from '../../console/health.ts';
import { badRequest } from '../../errors.ts';
import type { Report } from '../../ops/reports/compose.ts';
import { generateReport, listReports, storedReport } from '../../ops/reports/generate.ts';
import { reportCsv, reportHtml } from '../../ops/reports/render.ts';
import { type AdminContext, engine, existingTenant, isoTime, limit, parseQuery } from './shared.ts';

const Format = z.enum(['json', 'csv', 'html']).default('json');
export const ReportQuery = z.object({
  format: Format,
  period: z.enum(['previous', 'current']).default('previous'),
  /** Report as of this moment instead of now (e.g. a past month). */
  at: isoTime.optional(),
});
export const ReportListQuery = z.object({ kind: z.enum(REPORT_KINDS).optional(), limit: limit(200) });

function answer(c: AdminContext, report: Report, format: z.output<typeof Format>) {
  const name = `tds-bridge-${report.tenantId}-${report.kind}-${report.period.start.slice(0, 10)}`;
  if (format === 'csv') {
    c.header('content-disposition', `attachment; filename="${name}.csv"`);
    return c.body(reportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8' });
  }
  if (format === 'html') {
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    return c.html(reportHtml(report));
  }
  return c.json(report);
}

export function reportRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/reports', async (c) => {
      const tenantId = await existingTenant(c);
      const q = parseQuery(c, ReportListQuery);
      return c.json({ items: await listReports(c.var.deps.db, tenantId, q.kind, q.limit ?? 50) });
    })
    .get('/tenants/:tenantId/reports/stored/:id', async (c) => {
      const tenantId = await existingTenant(c);
      const id = Number(c.req.param('id'));
      if (!Number.isSafeInteger(id) || id <= 0)
        throw badRequest('invalid_report_id', 'A report id is a positive whole number.');
      const { format } = parseQuery(c, z.object({ format: Format }));
      return answer(c, await storedReport(c.var.deps.db, tenantId, id), format);
    })
    .get('/tenants/:tenantId/reports/:kind', async (c) => {
      const tenantId = await existingTenant(c);
      const kind = z.enum(REPORT_KINDS).safeParse(c.req.param('kind'));
      if (!kind.success) throw badRequest('invalid_report_kind', `A report is one of: ${REPORT_KINDS.join(', ')}.`);
      const q = parseQuery(c, ReportQuery);
      const now = q.at ? new Date(q.at) : c.var.deps.now();
      // The daily report's health section shows the console's lights (templates with their connections).
      const status = q.at ? undefined : ((await tenantHealth(c.var.deps, engine(c), tenantId)) ?? undefined);
      const report = await generateReport({
        deps: c.var.deps,
        tenantId,
        kind: kind.data,
        which: q.period,
        now,
        status,
      });
      return answer(c, report, q.format);
    });
}
