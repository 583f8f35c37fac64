/** `tds-bridge report <daily|weekly|monthly|quarterly>`: a report made now, printed as a table, JSON, CSV or HTML. */
import type { Report } from '../../server/ops/reports/compose.ts';
import { type Api, CliError, EXIT } from '../lib/api.ts';
import { type Out, paint, table } from '../lib/output.ts';
import { resolveTenant } from '../lib/tenant.ts';

const KINDS = ['daily', 'weekly', 'monthly', 'quarterly'];
const FORMATS = ['text', 'json', 'csv', 'html'];

export async function reportCommand(
  api: Api,
  out: Out,
  opts: { kind: string; tenant?: string; format?: string; current: boolean },
): Promise<number> {
  if (!KINDS.includes(opts.kind)) throw new CliError(`A report is one of: ${KINDS.join(', ')}.`, EXIT.usage);
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) throw new CliError(`--format is one of: ${FORMATS.join(', ')}.`, EXIT.usage);
  const tenant = await resolveTenant(api, opts.tenant);
  const period = opts.current ? 'current' : 'previous';
  const path = `/tenants/${encodeURIComponent(tenant)}/reports/${opts.kind}?period=${period}`;
  if (format === 'csv' || format === 'html') {
    const { bytes } = await api.raw('GET', `${path}&format=${format}`);
    out.write(new TextDecoder().decode(bytes).replace(/\s+$/, ''));
    return EXIT.ok;
  }
  const report = await api.get<Report>(`${path}&format=json`);
  if (format === 'json') {
    out.write(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  out.write(paint(out, 'bold', `${report.kind} report — ${report.tenantName}`));
  out.write(
    `${report.period.start} to ${report.period.end} (${report.period.timeZone})${report.period.partial ? ', so far' : ''}`,
  );
  for (const section of report.sections) {
    out.write('');
    out.write(paint(out, 'bold', section.title));
    if (section.note) out.write(paint(out, 'dim', section.note));
    if (section.rows.length === 0) out.write('  nothing recorded in this period');
    else out.write(table([section.columns, ...section.rows.map((r) => r.map((v) => (v === null ? '–' : String(v))))]));
  }
  return EXIT.ok;
}
