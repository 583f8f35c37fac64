/**
 * Reports: the daily, weekly, monthly and quarterly reports made on demand (last complete period or so far),
 * shown as tables, with CSV and printable HTML downloads, and the reports the schedule stored.
 */
import { useState } from 'preact/hooks';
import type { Report } from '../../../server/ops/reports/compose.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api, query } from '../api.ts';
import { zoned } from '../format.ts';
import { fetchFile, saveBlob } from './download.ts';
import { ScrollRegion } from './scroll-region.tsx';
import type { SectionProps } from './section-props.ts';

const KINDS = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
type Kind = (typeof KINDS)[number];
interface StoredItem {
  id: number;
  kind: Kind;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
}

export default function ReportsSection({ tenant }: SectionProps) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}/reports`;
  const [kind, setKind] = useState<Kind>('daily');
  const [period, setPeriod] = useState<'previous' | 'current'>('previous');
  const [report] = useAsync(
    () => api.get<Report>(`${base}/${kind}${query({ period, format: 'json' })}`),
    [tenant.id, kind, period],
  );
  const [stored] = useAsync(() => api.get<{ items: StoredItem[] }>(`${base}${query({ limit: 20 })}`), [tenant.id]);
  const [message, setMessage] = useState('');

  async function download(path: string, name: string) {
    setMessage('Preparing the file…');
    try {
      saveBlob(await fetchFile('GET', path), name);
      setMessage(`Downloaded ${name}.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  }
  const file = (format: 'csv' | 'html') =>
    download(`${base}/${kind}${query({ period, format })}`, `tds-bridge-${tenant.id}-${kind}.${format}`);

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <p>
        <label>
          Report{' '}
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Period{' '}
          <select
            value={period}
            onChange={(e) => setPeriod((e.target as HTMLSelectElement).value as 'previous' | 'current')}
          >
            <option value="previous">last complete period</option>
            <option value="current">this period so far</option>
          </select>
        </label>{' '}
        <button type="button" onClick={() => file('csv')}>
          Download CSV
        </button>{' '}
        <button type="button" onClick={() => file('html')}>
          Printable HTML
        </button>{' '}
        <span role="status">{message}</span>
      </p>
      {report.status === 'loading' ? <Loading label="Computing the report…" /> : null}
      {report.status === 'error' ? (
        <ErrorState title="The report could not be made" message={report.error.message} />
      ) : null}
      {report.status === 'ready' ? (
        <article data-testid="report">
          <p class="muted">
            {zoned(report.value.period.start, tenant.timeZone)} to {zoned(report.value.period.end, tenant.timeZone)}
            {report.value.period.partial ? ' (so far)' : ''}
          </p>
          {report.value.sections.map((s) => (
            <section key={s.id} aria-labelledby={`report-${s.id}`} data-section={s.id}>
              <h2 id={`report-${s.id}`}>{s.title}</h2>
              {s.note ? <p class="muted">{s.note}</p> : null}
              {s.rows.length === 0 ? (
                <p class="muted">Nothing recorded in this period.</p>
              ) : (
                <ScrollRegion label={`${s.title} table`}>
                  <table class="grid">
                    <thead>
                      <tr>
                        {s.columns.map((c) => (
                          <th scope="col" key={c}>
                            {c}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {s.rows.map((row) => (
                        <tr key={String(row[0])}>
                          {row.map((v, i) =>
                            i === 0 ? (
                              <th scope="row" key={s.columns[i]}>
                                {v ?? '–'}
                              </th>
                            ) : (
                              <td key={s.columns[i]}>{v ?? '–'}</td>
                            ),
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
            </section>
          ))}
        </article>
      ) : null}
      <h2>Stored by the schedule</h2>
      {stored.status === 'ready' && stored.value.items.length === 0 ? (
        <p class="muted">None yet: the "Scheduled reports" template stores them every morning.</p>
      ) : null}
      {stored.status === 'ready' && stored.value.items.length > 0 ? (
        <ul>
          {stored.value.items.map((r) => (
            <li key={r.id}>
              {r.kind} {r.periodStart.slice(0, 10)} to {r.periodEnd.slice(0, 10)}{' '}
              <button
                type="button"
                onClick={() =>
                  download(
                    `${base}/stored/${r.id}?format=html`,
                    `tds-bridge-${tenant.id}-${r.kind}-${r.periodStart.slice(0, 10)}.html`,
                  )
                }
              >
                HTML
              </button>{' '}
              <button
                type="button"
                onClick={() =>
                  download(
                    `${base}/stored/${r.id}?format=csv`,
                    `tds-bridge-${tenant.id}-${r.kind}-${r.periodStart.slice(0, 10)}.csv`,
                  )
                }
              >
                CSV
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
