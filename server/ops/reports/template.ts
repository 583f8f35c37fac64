/**
 * The `ops-reports` template: every morning (06:00 in the tenant's zone) it stores the reports whose period has
 * just ended — the daily one every day, the weekly one on Mondays, the monthly one on the 1st, the quarterly one
 * at the start of a quarter. A period already stored is skipped, so a missed morning is caught up next time.
 */
import * as z from 'zod';
import { REPORT_KINDS } from '../../../db/schema/ops.ts';
import { tenantHealth } from '../../console/health.ts';
import { defineTemplate } from '../../sync/engine/index.ts';
import { getTenant } from '../../tenants/tenant-repo.ts';
import { generateReport, hasReport, storeReport } from './generate.ts';
import { periodFor } from './periods.ts';

export const REPORTS_TEMPLATE_ID = 'ops-reports';

export const opsReportsTemplate = defineTemplate({
  id: REPORTS_TEMPLATE_ID,
  title: 'Scheduled reports',
  description: 'Stores the daily, weekly, monthly and quarterly operations reports when their period ends.',
  defaultSchedule: '0 6 * * *',
  settingsSchema: z.object({ kinds: z.array(z.enum(REPORT_KINDS)).default([...REPORT_KINDS]) }),
  async run(ctx) {
    const tenant = await getTenant(ctx.deps.db, ctx.tenantId);
    if (!tenant) return { done: true };
    const now = ctx.now();
    // The console's lights; when they cannot be read (no connections yet), the engine's own.
    const status =
      (await tenantHealth(ctx.deps, ctx, ctx.tenantId).catch(() => null)) ??
      (await ctx.status()).find((t) => t.tenantId === ctx.tenantId);
    for (const kind of ctx.settings.kinds) {
      const period = periodFor(kind, tenant.timeZone, now, 'previous');
      if (await hasReport(ctx.deps.db, ctx.tenantId, kind, period.start)) {
        ctx.counts.add('unchanged');
        continue;
      }
      const report = await generateReport({
        deps: ctx.deps,
        tenantId: ctx.tenantId,
        kind,
        which: 'previous',
        now,
        status,
      });
      if (await storeReport(ctx.deps.db, report)) {
        ctx.counts.add('added');
        ctx.log.info({
          code: 'report_stored',
          message: `The ${kind} report for ${period.start.slice(0, 10)} to ${period.end.slice(0, 10)} is ready in the console.`,
          entity: { type: 'report', id: `${kind}:${period.start}` },
        });
      }
    }
    return { done: true };
  },
});
