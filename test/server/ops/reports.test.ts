/**
 * Reports compute the documented figures from seeded runs, calls and log entries: success rate, run times,
 * records per minute, uptime and resolution time from failed → successful runs, call error rates and
 * percentiles, errors by code; periods follow the tenant's time zone; CSV and HTML carry the same numbers;
 * the ops-reports template stores each complete period once.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { syncActivity } from '../../../db/schema/activity.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import { opsReports } from '../../../db/schema/ops.ts';
import { type OrderRow, orders } from '../../../db/schema/orders.ts';
import { type RunCounts, syncRuns } from '../../../db/schema/runs.ts';
import type { Deps } from '../../../server/deps.ts';
import { generateReport } from '../../../server/ops/reports/generate.ts';
import { periodFor } from '../../../server/ops/reports/periods.ts';
import { reportCsv, reportHtml } from '../../../server/ops/reports/render.ts';
import { opsReportsTemplate } from '../../../server/ops/reports/template.ts';
import { createEngine } from '../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, memoryDb } from '../sync/engine/support.ts';

const ZERO: RunCounts = { added: 0, updated: 0, unchanged: 0, deactivated: 0, skipped: 0, errors: 0 };

async function run(
  db: Db,
  r: {
    template: string;
    state: 'succeeded' | 'failed' | 'succeeded_with_warnings';
    start: string;
    end: string;
    counts?: Partial<RunCounts>;
    activeMs?: number;
  },
) {
  await db.insert(syncRuns).values({
    tenantId: 'acme',
    templateId: r.template,
    state: r.state,
    trigger: 'schedule',
    settings: {},
    maxAttempts: 5,
    counts: { ...ZERO, ...r.counts },
    skippedReasons: {},
    warnings: [],
    activeMs: r.activeMs ?? Date.parse(r.end) - Date.parse(r.start),
    errorCode: r.state === 'failed' ? 'tds_unavailable' : null,
    createdAt: r.start,
    startedAt: r.start,
    finishedAt: r.end,
    updatedAt: r.end,
  });
}

async function seed(db: Db) {
  await run(db, {
    template: 'price-availability',
    state: 'failed',
    start: '2026-02-28T09:00:00.000Z',
    end: '2026-02-28T09:01:00.000Z',
  });
  await run(db, {
    template: 'price-availability',
    state: 'succeeded',
    start: '2026-02-28T10:00:00.000Z',
    end: '2026-02-28T10:01:00.000Z',
  });
  await run(db, {
    template: 'product-sync',
    state: 'succeeded',
    start: '2026-03-01T02:00:00.000Z',
    end: '2026-03-01T02:10:00.000Z',
    counts: { added: 100, updated: 50, unchanged: 850 },
  });
  await run(db, {
    template: 'price-availability',
    state: 'failed',
    start: '2026-03-01T09:59:00.000Z',
    end: '2026-03-01T10:00:00.000Z',
  });
  await run(db, {
    template: 'price-availability',
    state: 'succeeded',
    start: '2026-03-01T11:59:00.000Z',
    end: '2026-03-01T12:00:00.000Z',
    counts: { updated: 3 },
  });
  await run(db, {
    template: 'price-availability',
    state: 'succeeded',
    start: '2026-03-01T13:59:00.000Z',
    end: '2026-03-01T14:00:00.000Z',
  });
  await run(db, {
    template: 'ops-alerts',
    state: 'failed',
    start: '2026-03-01T15:00:00.000Z',
    end: '2026-03-01T15:00:01.000Z',
  });
  const calls = [];
  for (let i = 1; i <= 10; i++) {
    calls.push({
      system: 'cw' as const,
      status: i === 3 ? 500 : 200,
      ok: i !== 3,
      durationMs: i * 10,
      at: `2026-03-01T08:00:${String(i).padStart(2, '0')}.000Z`,
    });
  }
  for (const [i, status] of [200, 429, 429, 200].entries()) {
    calls.push({
      system: 'tds' as const,
      status,
      ok: status === 200,
      durationMs: 300 + i,
      at: `2026-03-01T09:00:0${i}.000Z`,
    });
  }
  calls.push({ system: 'cw' as const, status: 200, ok: true, durationMs: 5_000, at: '2026-03-02T01:00:00.000Z' });
  await db.insert(upstreamCalls).values(calls.map((c) => ({ ...c, tenantId: 'acme', method: 'GET', route: '/x' })));
  const entry = (code: string, templateId: string, at: string) => ({
    tenantId: 'acme',
    templateId,
    at,
    level: 'error' as const,
    scope: 'item' as const,
    code,
    message: code,
  });
  await db
    .insert(syncActivity)
    .values([
      entry('sku_not_found', 'product-sync', '2026-03-01T02:01:00.000Z'),
      entry('sku_not_found', 'product-sync', '2026-03-01T02:02:00.000Z'),
      entry('sku_not_found', 'product-sync', '2026-03-01T02:03:00.000Z'),
      entry('run_failed', 'price-availability', '2026-03-01T10:00:00.000Z'),
      entry('run_failed', 'price-availability', '2026-02-28T09:01:00.000Z'),
    ]);
}

async function seeded(timeZone = 'UTC') {
  const db = await memoryDb();
  await addTenant(db, 'acme', timeZone);
  await seed(db);
  return db;
}

describe('reports', () => {
  it('computes the daily figures from the seeded runs, calls and errors', async () => {
    const db = await seeded();
    const report = await generateReport({
      deps: { db },
      tenantId: 'acme',
      kind: 'daily',
      which: 'previous',
      now: new Date('2026-03-02T07:00:00Z'),
    });
    const f = report.figures;
    expect(report.period).toMatchObject({
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-03-02T00:00:00.000Z',
      partial: false,
    });
    const ps = f.templates.find((t) => t.templateId === 'product-sync');
    expect(ps).toMatchObject({
      runs: 1,
      succeeded: 1,
      successPercent: 100,
      durationP50Ms: 600_000,
      recordsPerMinute: 100,
    });
    expect(ps?.records).toMatchObject({ added: 100, updated: 50, unchanged: 850 });
    const pa = f.templates.find((t) => t.templateId === 'price-availability');
    expect(pa).toMatchObject({ runs: 3, succeeded: 2, failed: 1, successPercent: 66.67 });
    expect(f.templates.map((t) => t.templateId)).not.toContain('ops-alerts');
    // Price & Availability was down from the failed run at 10:00 to the success at 12:00: 2 h of 24.
    expect(f.reliability).toMatchObject({
      incidents: 1,
      downtimeMs: 7_200_000,
      uptimePercent: 91.67,
      meanResolutionMs: 7_200_000,
      unresolved: 0,
    });
    expect(f.upstream).toEqual([
      { system: 'cw', calls: 10, failed: 1, errorPercent: 10, rateLimited: 0, p50Ms: 50, p95Ms: 100 },
      { system: 'tds', calls: 4, failed: 2, errorPercent: 50, rateLimited: 2, p50Ms: 301, p95Ms: 303 },
    ]);
    expect(f.errors.total).toBe(4);
    expect(f.errors.byCode[0]).toMatchObject({
      code: 'sku_not_found',
      count: 3,
      firstAt: '2026-03-01T02:01:00.000Z',
      lastAt: '2026-03-01T02:03:00.000Z',
    });
    expect(report.sections.map((s) => s.id)).toEqual(['health', 'activity', 'upstream', 'errors', 'alerts', 'orders']);
  });

  it('reads periods in the tenant time zone', async () => {
    const db = await seeded('America/New_York');
    const report = await generateReport({
      deps: { db },
      tenantId: 'acme',
      kind: 'daily',
      which: 'previous',
      now: new Date('2026-03-02T07:00:00Z'),
    });
    expect(report.period).toMatchObject({ start: '2026-03-01T05:00:00.000Z', end: '2026-03-02T05:00:00.000Z' });
    // The 01:00 UTC call on 2 March is still 1 March in New York.
    expect(report.figures.upstream.find((u) => u.system === 'cw')?.calls).toBe(11);
    expect(periodFor('weekly', 'America/New_York', new Date('2026-03-04T12:00:00Z'), 'previous')).toMatchObject({
      start: '2026-02-23T05:00:00.000Z',
      end: '2026-03-02T05:00:00.000Z',
    });
  });

  it('gives the quarterly KPIs: uptime over the quarter, error rate, resolution time, speed and volumes, by month', async () => {
    const db = await seeded();
    const report = await generateReport({
      deps: { db },
      tenantId: 'acme',
      kind: 'quarterly',
      which: 'previous',
      now: new Date('2026-04-02T07:00:00Z'),
    });
    expect(report.period).toMatchObject({ start: '2026-01-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' });
    const kpi = Object.fromEntries((report.sections.find((s) => s.id === 'kpis')?.rows ?? []).map((r) => [r[0], r[1]]));
    // Two incidents in 90 days: 28 Feb 09:01→10:01 (1 h) and 1 Mar 10:00→12:00 (2 h).
    expect(kpi['integration uptime %']).toBe(Math.round((1 - (3 * 3_600_000) / (90 * 86_400_000)) * 10_000) / 100);
    expect(kpi['mean resolution time (min)']).toBe(90);
    expect(kpi['run error rate %']).toBe(Math.round((2 / 6) * 10_000) / 100);
    expect(kpi['records processed']).toBe(1003);
    expect(kpi['API calls']).toBe(15);
    expect(report.series.map((s) => s.period.start.slice(0, 10))).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(report.sections.find((s) => s.id === 'orders')?.note).toContain('No orders were sent');
  });

  it('counts orders and their cycle time from the orders Create Orders records', async () => {
    const db = await seeded();
    await addTenant(db, 'other', 'UTC');
    const order = (
      tenantId: string,
      cwPoId: number,
      state: OrderRow['state'],
      createdAt: string,
      resolvedAt: string | null,
    ) => ({
      tenantId,
      cwPoId,
      cwPoNumber: String(cwPoId),
      state,
      tdsPoNumber: `CW-${cwPoId}`,
      tdsOrderNumbers: state === 'accepted' ? [`4500000${cwPoId}`] : [],
      requestedVia: 'button' as const,
      lastRequestedAt: createdAt,
      approvals: [],
      issues: [],
      changes: [],
      createdAt,
      updatedAt: resolvedAt ?? createdAt,
      resolvedAt,
    });
    await db
      .insert(orders)
      .values([
        order('acme', 1, 'accepted', '2026-03-01T08:00:00.000Z', '2026-03-01T08:10:00.000Z'),
        order('acme', 2, 'accepted', '2026-03-01T09:00:00.000Z', '2026-03-01T09:30:00.000Z'),
        order('acme', 3, 'failed', '2026-03-01T10:00:00.000Z', '2026-03-01T10:01:00.000Z'),
        order('acme', 4, 'submitting', '2026-03-01T11:00:00.000Z', null),
        order('acme', 5, 'accepted', '2026-02-27T11:00:00.000Z', '2026-02-27T11:05:00.000Z'),
        order('other', 6, 'accepted', '2026-03-01T11:00:00.000Z', '2026-03-01T11:05:00.000Z'),
      ]);
    const report = await generateReport({
      deps: { db },
      tenantId: 'acme',
      kind: 'daily',
      which: 'previous',
      now: new Date('2026-03-02T07:00:00Z'),
    });
    expect(report.figures.orders).toEqual({
      requested: 4,
      accepted: 2,
      failed: 1,
      successPercent: 66.67,
      cycleTimeP50Ms: 600_000,
      cycleTimeP95Ms: 1_800_000,
    });
    expect(report.sections.find((s) => s.id === 'orders')?.rows).toEqual([[4, 2, 1, 66.67, 10, 30]]);
  });

  it('exports the same numbers as CSV and printable HTML, escaped', async () => {
    const db = await seeded();
    const report = await generateReport({
      deps: { db },
      tenantId: 'acme',
      kind: 'daily',
      which: 'previous',
      now: new Date('2026-03-02T07:00:00Z'),
    });
    const csv = reportCsv(report);
    expect(csv.split('\r\n')[0]).toBe('report,tenant,period_start,period_end,section,row,column,value');
    expect(csv).toContain(
      'daily,acme,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,activity,price-availability,success %,66.67',
    );
    expect(csv).toContain('upstream,TD SYNNEX,rate limited (429),2');
    const html = reportHtml({ ...report, tenantName: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<td>66.67</td>');
    expect(html).toContain('@media print');
  });

  it('stores each complete period once from the ops-reports template', async () => {
    const db = await seeded();
    const clock = fakeClock('2026-04-01T06:00:00.000Z');
    const deps = { db, now: clock.now } as Deps;
    const engine = createEngine({ db, templates: [opsReportsTemplate], deps, now: clock.now, startOnRequest: false });
    await engine.runNow('acme', 'ops-reports');
    await engine.tick();
    // 1 April: the day, the week (started Monday 23 March), March and Q1 all just ended.
    const stored = await db.select().from(opsReports);
    expect(stored.map((r) => `${r.kind}:${r.periodStart.slice(0, 10)}`).sort()).toEqual([
      'daily:2026-03-31',
      'monthly:2026-03-01',
      'quarterly:2026-01-01',
      'weekly:2026-03-23',
    ]);
    await engine.runNow('acme', 'ops-reports');
    await engine.tick();
    expect(await db.select().from(opsReports)).toHaveLength(4);
  });
});
