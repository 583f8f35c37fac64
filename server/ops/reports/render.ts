/**
 * A report as CSV (one row per cell: section, row label, column, value — easy to pivot in a spreadsheet) and as
 * a printable HTML page (tables, print CSS, no script).
 */
import type { Cell, Report } from './compose.ts';

function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it with a leading apostrophe.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function reportCsv(report: Report): string {
  const lines = [['report', 'tenant', 'period_start', 'period_end', 'section', 'row', 'column', 'value'].join(',')];
  for (const section of report.sections) {
    for (const row of section.rows) {
      const label = row[0];
      section.columns.forEach((column, i) => {
        if (i === 0) return;
        lines.push(
          [report.kind, report.tenantId, report.period.start, report.period.end, section.id, label, column, row[i]]
            .map((v) => csvField(v as Cell))
            .join(','),
        );
      });
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

const htmlText = (value: Cell | undefined) =>
  value === null || value === undefined
    ? '–'
    : String(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const TITLES = {
  daily: 'Daily report',
  weekly: 'Weekly report',
  monthly: 'Monthly report',
  quarterly: 'Quarterly report',
};

export function reportHtml(report: Report): string {
  const sections = report.sections
    .map(
      (s) => `<section><h2>${htmlText(s.title)}</h2>${s.note ? `<p class="note">${htmlText(s.note)}</p>` : ''}
${
  s.rows.length === 0
    ? '<p class="empty">Nothing recorded in this period.</p>'
    : `<table><thead><tr>${s.columns.map((c) => `<th scope="col">${htmlText(c)}</th>`).join('')}</tr></thead>
<tbody>${s.rows.map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${htmlText(v)}</th>` : `<td>${htmlText(v)}</td>`)).join('')}</tr>`).join('\n')}</tbody></table>`
}</section>`,
    )
    .join('\n');
  const title = `${TITLES[report.kind]} — ${report.tenantName}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${htmlText(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1f24}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.meta,.note,.empty{color:#4a5560}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}
th,td{border:1px solid #c9d1d9;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef2f6}td{font-variant-numeric:tabular-nums}
@media print{body{margin:0}section{break-inside:avoid}}
</style></head>
<body><main>
<h1>${htmlText(title)}</h1>
<p class="meta">${htmlText(report.period.start)} to ${htmlText(report.period.end)} (${htmlText(report.period.timeZone)})${report.period.partial ? ', so far' : ''}. Generated ${htmlText(report.generatedAt)} by tds-bridge.</p>
${sections}
</main></body></html>
`;
}
