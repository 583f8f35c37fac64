/**
 * A report as sections of tables, one shape for JSON, CSV and printable HTML. What each kind holds follows the
 * product manual: daily = health and activity; weekly = trends and issues; monthly = the full analysis with
 * recommendations; quarterly = the success metrics (uptime %, error rate and resolution time, processing speed,
 * order cycle time, volumes) by month.
 */
import type { ReportKind } from '../../../db/schema/ops.ts';
import type { TemplateStatus } from '../../sync/engine/index.ts';

/** The lights the daily report shows: the console's (templates with their connections' problems). */
export interface StatusLights {
  templates: TemplateStatus[];
}

import type { Figures } from './figures.ts';
import { recommendations } from './recommend.ts';

export type Cell = string | number | null;

export interface ReportSection {
  id: string;
  title: string;
  note?: string;
  columns: string[];
  rows: Cell[][];
}

export interface Report {
  kind: ReportKind;
  tenantId: string;
  tenantName: string;
  period: Figures['period'];
  generatedAt: string;
  sections: ReportSection[];
  figures: Figures;
  /** Figures of the sub-periods (days of a week, weeks of a month, months of a quarter). */
  series: Figures[];
  previous: Figures | null;
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

function healthSection(status: StatusLights | undefined): ReportSection {
  return {
    id: 'health',
    title: 'Health now',
    note: status ? undefined : 'The status lights were not available when this report was made.',
    columns: ['template', 'status', 'why', 'last success', 'errors (24 h)'],
    rows: (status?.templates ?? []).map((t) => [
      t.templateId,
      t.state,
      t.reasons.map((r) => r.message).join(' ') || null,
      t.lastSuccessfulRun?.finishedAt ?? null,
      t.errorsLast24h.total,
    ]),
  };
}

function activitySection(f: Figures): ReportSection {
  return {
    id: 'activity',
    title: 'Sync activity',
    columns: [
      'template',
      'runs',
      'succeeded',
      'with warnings',
      'failed',
      'success %',
      'p50 run (min)',
      'p95 run (min)',
      'added',
      'updated',
      'unchanged',
      'deactivated',
      'skipped',
      'item errors',
      'records / min',
    ],
    rows: f.templates.map((t) => [
      t.templateId,
      t.runs,
      t.succeeded,
      t.withWarnings,
      t.failed,
      t.successPercent,
      minutes(t.durationP50Ms),
      minutes(t.durationP95Ms),
      t.records.added,
      t.records.updated,
      t.records.unchanged,
      t.records.deactivated,
      t.records.skipped,
      t.records.errors,
      t.recordsPerMinute,
    ]),
  };
}

function upstreamSection(f: Figures): ReportSection {
  return {
    id: 'upstream',
    title: 'API calls and response times',
    columns: ['system', 'calls', 'failed', 'error %', 'rate limited (429)', 'p50 (ms)', 'p95 (ms)'],
    rows: f.upstream.map((u) => [
      u.system === 'cw' ? 'ConnectWise' : 'TD SYNNEX',
      u.calls,
      u.failed,
      u.errorPercent,
      u.rateLimited,
      u.p50Ms,
      u.p95Ms,
    ]),
  };
}

function errorsSection(f: Figures, title: string): ReportSection {
  return {
    id: 'errors',
    title,
    columns: ['code', 'template', 'count', 'first seen', 'last seen'],
    rows: f.errors.byCode.slice(0, 25).map((e) => [e.code, e.templateId, e.count, e.firstAt, e.lastAt]),
  };
}

function alertsSection(f: Figures): ReportSection {
  return {
    id: 'alerts',
    title: 'Alerts',
    columns: ['opened', 'recovered', 'open at end', 'mean time to recover (min)'],
    rows: [[f.alerts.opened, f.alerts.resolved, f.alerts.openAtEnd, minutes(f.alerts.meanTimeToRecoverMs)]],
  };
}

function totals(f: Figures) {
  const runs = f.templates.reduce((n, t) => n + t.runs, 0);
  const failed = f.templates.reduce((n, t) => n + t.failed, 0);
  const records = f.templates.reduce(
    (n, t) => n + t.records.added + t.records.updated + t.records.unchanged + t.records.deactivated,
    0,
  );
  const calls = f.upstream.reduce((n, u) => n + u.calls, 0);
  const failedCalls = f.upstream.reduce((n, u) => n + u.failed, 0);
  return {
    runs,
    failed,
    runErrorPercent: runs ? Math.round((failed / runs) * 10_000) / 100 : null,
    records,
    calls,
    callErrorPercent: calls ? Math.round((failedCalls / calls) * 10_000) / 100 : null,
    itemErrors: f.errors.total,
  };
}

function trendSection(f: Figures, series: Figures[], previous: Figures | null): ReportSection {
  const row = (label: string, x: Figures): Cell[] => {
    const t = totals(x);
    return [
      label,
      t.runs,
      t.failed,
      t.runErrorPercent,
      t.records,
      t.calls,
      t.callErrorPercent,
      t.itemErrors,
      x.reliability.uptimePercent,
    ];
  };
  const rows = series.map((s) => row(s.period.start.slice(0, 10), s));
  rows.push(row('whole period', f));
  if (previous) rows.push(row('previous period', previous));
  return {
    id: 'trends',
    title: 'Trends',
    columns: [
      'from',
      'runs',
      'failed runs',
      'run error %',
      'records',
      'API calls',
      'call error %',
      'logged errors',
      'uptime %',
    ],
    rows,
  };
}

function reliabilitySection(f: Figures): ReportSection {
  const r = f.reliability;
  return {
    id: 'reliability',
    title: 'Reliability',
    note: 'Downtime: from a failed run until the same template succeeds again.',
    columns: [
      'uptime %',
      'downtime (min)',
      'incidents',
      'mean resolution (min)',
      'median resolution (min)',
      'unresolved',
    ],
    rows: [
      [
        r.uptimePercent,
        minutes(r.downtimeMs),
        r.incidents,
        minutes(r.meanResolutionMs),
        minutes(r.medianResolutionMs),
        r.unresolved,
      ],
    ],
  };
}

function ordersSection(f: Figures): ReportSection {
  const o = f.orders;
  return {
    id: 'orders',
    title: 'Orders',
    note:
      o.requested === 0 && o.accepted + o.failed === 0 ? 'No orders were sent to TD SYNNEX in this period.' : undefined,
    columns: ['requested', 'accepted', 'failed', 'success %', 'cycle time p50 (min)', 'cycle time p95 (min)'],
    rows: [[o.requested, o.accepted, o.failed, o.successPercent, minutes(o.cycleTimeP50Ms), minutes(o.cycleTimeP95Ms)]],
  };
}

function kpiSection(f: Figures): ReportSection {
  const t = totals(f);
  const speed = f.templates
    .map((x) => `${x.templateId}: ${x.recordsPerMinute ?? '–'} records/min, p50 ${seconds(x.durationP50Ms) ?? '–'} s`)
    .join('; ');
  return {
    id: 'kpis',
    title: 'Key performance indicators',
    columns: ['indicator', 'value'],
    rows: [
      ['integration uptime %', f.reliability.uptimePercent],
      ['run error rate %', t.runErrorPercent],
      ['API call error rate %', t.callErrorPercent],
      ['mean resolution time (min)', minutes(f.reliability.meanResolutionMs)],
      ['processing speed', speed || null],
      ['order cycle time p50 (min)', minutes(f.orders.cycleTimeP50Ms)],
      ['records processed', t.records],
      ['API calls', t.calls],
      ['orders requested', f.orders.requested],
    ],
  };
}

function recommendationSection(f: Figures, previous: Figures | null): ReportSection {
  return {
    id: 'recommendations',
    title: 'Recommendations',
    columns: ['area', 'finding', 'what to do'],
    rows: recommendations(f, previous).map((r) => [r.area, r.finding, r.action]),
  };
}

export function composeReport(input: {
  kind: ReportKind;
  tenant: { id: string; name: string };
  figures: Figures;
  series: Figures[];
  previous: Figures | null;
  status: StatusLights | undefined;
  generatedAt: Date;
}): Report {
  const { figures: f, series, previous } = input;
  const byKind: Record<ReportKind, ReportSection[]> = {
    daily: [
      healthSection(input.status),
      activitySection(f),
      upstreamSection(f),
      errorsSection(f, 'Errors'),
      alertsSection(f),
      ordersSection(f),
    ],
    weekly: [
      trendSection(f, series, previous),
      activitySection(f),
      upstreamSection(f),
      errorsSection(f, 'Issues'),
      alertsSection(f),
      ordersSection(f),
    ],
    monthly: [
      trendSection(f, series, previous),
      reliabilitySection(f),
      activitySection(f),
      upstreamSection(f),
      errorsSection(f, 'Issues'),
      alertsSection(f),
      ordersSection(f),
      recommendationSection(f, previous),
    ],
    quarterly: [
      kpiSection(f),
      trendSection(f, series, previous),
      reliabilitySection(f),
      activitySection(f),
      upstreamSection(f),
      ordersSection(f),
      errorsSection(f, 'Issues'),
      recommendationSection(f, previous),
    ],
  };
  return {
    kind: input.kind,
    tenantId: input.tenant.id,
    tenantName: input.tenant.name,
    period: f.period,
    generatedAt: input.generatedAt.toISOString(),
    sections: byKind[input.kind],
    figures: f,
    series,
    previous,
  };
}
