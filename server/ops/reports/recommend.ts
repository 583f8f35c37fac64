/**
 * The "recommendations" of the monthly and quarterly reports: plain rules over the figures, each naming
 * what was seen and what to do about it (the manual's "comprehensive analysis and recommendations").
 */
import type { Figures } from './figures.ts';

export interface Recommendation {
  area: string;
  finding: string;
  action: string;
}

export function recommendations(f: Figures, previous: Figures | null): Recommendation[] {
  const out: Recommendation[] = [];
  if (f.reliability.uptimePercent < 99) {
    out.push({
      area: 'reliability',
      finding: `Uptime was ${f.reliability.uptimePercent}% with ${f.reliability.incidents} incidents.`,
      action:
        'Open the top issues below in the activity log; set up an alert channel that does not depend on ConnectWise.',
    });
  }
  for (const t of f.templates) {
    if (t.successPercent !== null && t.successPercent < 95) {
      out.push({
        area: t.templateId,
        finding: `${t.successPercent}% of ${t.templateId} runs succeeded (${t.failed} failed).`,
        action: 'Run "tds-bridge test-connection" and review the failed runs\' errors.',
      });
    }
    if (t.records.errors > 0) {
      out.push({
        area: t.templateId,
        finding: `${t.records.errors} item errors in ${t.templateId}.`,
        action: 'Filter the activity log by this template and level "error"; fix the items it names.',
      });
    }
  }
  for (const u of f.upstream) {
    const name = u.system === 'cw' ? 'ConnectWise' : 'TD SYNNEX';
    if (u.rateLimited > 0) {
      out.push({
        area: 'API quota',
        finding: `${name} rate-limited ${u.rateLimited} calls.`,
        action: 'Move heavy syncs off-peak or narrow Product Sync categories.',
      });
    }
    const before = previous?.upstream.find((p) => p.system === u.system);
    if (before?.p95Ms && u.p95Ms && u.p95Ms > before.p95Ms * 1.5) {
      out.push({
        area: 'performance',
        finding: `${name} p95 response time rose from ${before.p95Ms} ms to ${u.p95Ms} ms.`,
        action: `Check ${name}'s service status and network latency; schedule intensive syncs off-peak.`,
      });
    }
  }
  if (f.alerts.openAtEnd > 0) {
    out.push({
      area: 'alerts',
      finding: `${f.alerts.openAtEnd} alerts were still open at the end of the period.`,
      action: 'Work through the open alerts in the console (each names its fix).',
    });
  }
  if (out.length === 0) {
    out.push({
      area: 'overall',
      finding: 'No problems stood out in this period.',
      action: 'Keep the current schedules and categories.',
    });
  }
  return out;
}
