/**
 * Makes a report for a tenant: the period in the tenant's time zone, its figures, the sub-period series, the
 * period before (for trends), and the status lights for the daily health section. Stored reports are kept in
 * ops_reports, one per tenant, kind and period (a repeat generation replaces nothing).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { opsReports, type ReportKind } from '../../../db/schema/ops.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { getTenant } from '../../tenants/tenant-repo.ts';
import { composeReport, type Report, type StatusLights } from './compose.ts';
import { computeFigures } from './figures.ts';
import { periodFor, priorPeriod, slices } from './periods.ts';

export async function generateReport(input: {
  deps: Pick<Deps, 'db'>;
  tenantId: string;
  kind: ReportKind;
  which: 'previous' | 'current';
  now: Date;
  status?: StatusLights;
}): Promise<Report> {
  const { db } = input.deps;
  const tenant = await getTenant(db, input.tenantId);
  if (!tenant) throw notFound('tenant_not_found', `There is no tenant "${input.tenantId}".`);
  const period = periodFor(input.kind, tenant.timeZone, input.now, input.which);
  const [figures, previous, series] = await Promise.all([
    computeFigures(db, tenant.id, period),
    computeFigures(db, tenant.id, priorPeriod(period)),
    Promise.all(slices(period).map((p) => computeFigures(db, tenant.id, p))),
  ]);
  return composeReport({
    kind: input.kind,
    tenant,
    figures,
    series: input.kind === 'daily' ? [] : series,
    previous,
    status: input.status,
    generatedAt: input.now,
  });
}

/** Stores a complete period's report once; returns false when it was already stored. */
export async function storeReport(db: Db, report: Report): Promise<boolean> {
  const rows = await db
    .insert(opsReports)
    .values({
      tenantId: report.tenantId,
      kind: report.kind,
      periodStart: report.period.start,
      periodEnd: report.period.end,
      generatedAt: report.generatedAt,
      body: report,
    })
    .onConflictDoNothing()
    .returning({ id: opsReports.id });
  return rows.length > 0;
}

export async function hasReport(db: Db, tenantId: string, kind: ReportKind, periodStart: string): Promise<boolean> {
  const rows = await db
    .select({ id: opsReports.id })
    .from(opsReports)
    .where(and(eq(opsReports.tenantId, tenantId), eq(opsReports.kind, kind), eq(opsReports.periodStart, periodStart)));
  return rows.length > 0;
}

export async function listReports(db: Db, tenantId: string, kind?: ReportKind, limit = 50) {
  return db
    .select({
      id: opsReports.id,
      kind: opsReports.kind,
      periodStart: opsReports.periodStart,
      periodEnd: opsReports.periodEnd,
      generatedAt: opsReports.generatedAt,
    })
    .from(opsReports)
    .where(and(eq(opsReports.tenantId, tenantId), kind ? eq(opsReports.kind, kind) : undefined))
    .orderBy(desc(opsReports.periodStart), desc(opsReports.id))
    .limit(limit);
}

export async function storedReport(db: Db, tenantId: string, id: number): Promise<Report> {
  const [row] = await db
    .select()
    .from(opsReports)
    .where(and(eq(opsReports.tenantId, tenantId), eq(opsReports.id, id)));
  if (!row) throw notFound('report_not_found', `There is no stored report ${id}; GET …/reports lists them.`);
  return row.body as Report;
}
