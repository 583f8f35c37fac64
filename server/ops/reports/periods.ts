/**
 * Report periods in the tenant's time zone: a day, a week (Monday to Monday), a month, a quarter. A period's
 * start is the last time the matching cron fires at or before the moment; croner does the time-zone arithmetic
 * (daylight saving included), so no date library is needed on Workers.
 */
import type { ReportKind } from '../../../db/schema/ops.ts';
import { nextRuns } from '../../sync/engine/cron.ts';

const STARTS: Record<ReportKind, { cron: string; lookbackDays: number }> = {
  daily: { cron: '0 0 * * *', lookbackDays: 2 },
  weekly: { cron: '0 0 * * 1', lookbackDays: 8 },
  monthly: { cron: '0 0 1 * *', lookbackDays: 32 },
  quarterly: { cron: '0 0 1 1,4,7,10 *', lookbackDays: 93 },
};
const DAY_MS = 86_400_000;

export interface Period {
  kind: ReportKind;
  /** ISO, inclusive. */
  start: string;
  /** ISO, exclusive. */
  end: string;
  timeZone: string;
  /** The period is still running (a report "so far"). */
  partial: boolean;
}

/** The start of the period that contains `at`. */
function startOf(kind: ReportKind, timeZone: string, at: Date): Date {
  const { cron, lookbackDays } = STARTS[kind];
  const from = new Date(at.getTime() - lookbackDays * DAY_MS);
  const starts = nextRuns(cron, timeZone, from, 100).filter((d) => d.getTime() <= at.getTime());
  const last = starts.at(-1);
  if (!last) throw new Error(`no ${kind} period start found before ${at.toISOString()}`);
  return last;
}

function endOf(kind: ReportKind, timeZone: string, start: Date): Date {
  const [next] = nextRuns(STARTS[kind].cron, timeZone, start, 1);
  if (!next) throw new Error(`no ${kind} period end after ${start.toISOString()}`);
  return next;
}

/** `previous`: the last complete period before `now`; `current`: the one running now, up to `now`. */
export function periodFor(kind: ReportKind, timeZone: string, now: Date, which: 'previous' | 'current'): Period {
  const currentStart = startOf(kind, timeZone, now);
  if (which === 'current') {
    return { kind, start: currentStart.toISOString(), end: now.toISOString(), timeZone, partial: true };
  }
  const start = startOf(kind, timeZone, new Date(currentStart.getTime() - 1));
  return { kind, start: start.toISOString(), end: currentStart.toISOString(), timeZone, partial: false };
}

/** The period right before `period` and of the same length kind (for trends). */
export function priorPeriod(period: Period): Period {
  const start = startOf(period.kind, period.timeZone, new Date(Date.parse(period.start) - 1));
  const end = period.partial
    ? new Date(start.getTime() + (Date.parse(period.end) - Date.parse(period.start)))
    : endOf(period.kind, period.timeZone, start);
  return { ...period, start: start.toISOString(), end: end.toISOString() };
}

/** The sub-periods of a period (days of a week, weeks of a month, months of a quarter) for series. */
export function slices(period: Period): Period[] {
  const sub: ReportKind = period.kind === 'quarterly' ? 'monthly' : period.kind === 'monthly' ? 'weekly' : 'daily';
  const out: Period[] = [];
  let start = new Date(period.start);
  if (period.kind === 'daily') return [period];
  while (start.getTime() < Date.parse(period.end) && out.length < 40) {
    const end = new Date(Math.min(endOf(sub, period.timeZone, start).getTime(), Date.parse(period.end)));
    out.push({
      kind: sub,
      start: start.toISOString(),
      end: end.toISOString(),
      timeZone: period.timeZone,
      partial: false,
    });
    start = end;
  }
  return out;
}
