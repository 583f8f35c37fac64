/**
 * Metrics & trends per template, per day in the tenant's zone: success rate, processing time, volumes,
 * error frequency by type, upstream response times and calls (quota use) — as charts and as a table of the
 * same numbers. Create Orders and Order Status show their numbers once those templates record runs.
 */
import { useState } from 'preact/hooks';
import type { TemplateMetrics } from '../../../server/console/metrics.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api, query } from '../api.ts';
import { LineChart } from '../chart.tsx';
import { ms } from '../format.ts';
import type { SectionProps } from './section-props.ts';

const TEMPLATES = [
  ['product-sync', 'Product Sync'],
  ['price-availability', 'Price & Availability'],
  ['create-orders', 'Create Orders'],
  ['order-status', 'Order Status'],
] as const;

export default function MetricsSection({ tenant, params }: SectionProps) {
  const [template, setTemplate] = useState(params.template ?? 'product-sync');
  const [days, setDays] = useState(14);
  const [state] = useAsync(
    () => api.get<TemplateMetrics>(`/tenants/${encodeURIComponent(tenant.id)}/metrics${query({ template, days })}`),
    [tenant.id, template, days],
  );
  return (
    <section aria-labelledby="metrics-title">
      <h1 id="metrics-title">Metrics and trends</h1>
      <div class="filters">
        <label for="m-template">Template</label>
        <select id="m-template" value={template} onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
          {TEMPLATES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <label for="m-days">Days</label>
        <select id="m-days" value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
          {[7, 14, 30, 90].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
      {state.status === 'loading' ? <Loading label="Reading the figures…" /> : null}
      {state.status === 'error' ? <ErrorState title="Metrics are not available" message={state.error.message} /> : null}
      {state.status === 'ready' ? <Figures m={state.value} /> : null}
    </section>
  );
}

function Figures({ m }: { m: TemplateMetrics }) {
  const pick = (f: (d: TemplateMetrics['perDay'][number]) => number | null) => m.perDay.map(f);
  const up = (system: 'cw' | 'tds', f: (u: TemplateMetrics['upstream'][number]) => number | null) =>
    m.days.map((day) => {
      const row = m.upstream.find((u) => u.day === day && u.system === system);
      return row ? f(row) : null;
    });
  const anyRuns = m.perDay.some((d) => d.runs > 0);
  const codes = [...new Set(m.perDay.flatMap((d) => Object.keys(d.errorsByCode)))];
  return (
    <>
      <p class="muted">
        Days in {m.timeZone}. {anyRuns ? '' : 'No run of this template in this period.'}
      </p>
      <div class="charts">
        <LineChart
          title="Success rate"
          unit="%"
          days={m.days}
          series={[{ label: 'succeeded', values: pick((d) => d.successRate), color: '#1a7f37' }]}
        />
        <LineChart
          title="Processing time (average run)"
          unit="s"
          days={m.days}
          series={[
            {
              label: 'duration',
              values: pick((d) => (d.avgDurationMs === null ? null : Math.round(d.avgDurationMs / 100) / 10)),
              color: '#0067b1',
            },
          ]}
        />
        <LineChart
          title="Volumes"
          unit="records"
          days={m.days}
          series={[
            { label: 'added', values: pick((d) => d.added), color: '#1a7f37' },
            { label: 'updated', values: pick((d) => d.updated), color: '#0067b1' },
            { label: 'deactivated', values: pick((d) => d.deactivated), color: '#a15c07' },
            { label: 'item errors', values: pick((d) => d.itemErrors), color: '#b42318' },
          ]}
        />
        <LineChart
          title="Upstream response time p95 (all of this tenant's calls)"
          unit="ms"
          days={m.days}
          series={[
            { label: 'ConnectWise', values: up('cw', (u) => u.p95Ms && Math.round(u.p95Ms)), color: '#0067b1' },
            { label: 'TD SYNNEX', values: up('tds', (u) => u.p95Ms && Math.round(u.p95Ms)), color: '#a15c07' },
          ]}
        />
      </div>
      <h2>The same numbers</h2>
      <div class="table-wrap">
        <table class="grid">
          <caption class="muted">
            Per day: runs, success rate, processing time, volumes, errors by type, upstream calls (quota use) and p95
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Runs</th>
              <th scope="col">Success rate</th>
              <th scope="col">Avg time</th>
              <th scope="col">Added</th>
              <th scope="col">Updated</th>
              <th scope="col">Unchanged</th>
              <th scope="col">Deactivated</th>
              <th scope="col">Errors by type</th>
              <th scope="col">CW calls / p95</th>
              <th scope="col">TD SYNNEX calls / p95</th>
            </tr>
          </thead>
          <tbody>
            {m.perDay.map((d) => {
              const cw = m.upstream.find((u) => u.day === d.day && u.system === 'cw');
              const tds = m.upstream.find((u) => u.day === d.day && u.system === 'tds');
              return (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{d.runs}</td>
                  <td>{d.successRate === null ? '—' : `${d.successRate}%`}</td>
                  <td>{ms(d.avgDurationMs)}</td>
                  <td>{d.added}</td>
                  <td>{d.updated}</td>
                  <td>{d.unchanged}</td>
                  <td>{d.deactivated}</td>
                  <td>
                    {codes.length
                      ? codes.map((c) => (d.errorsByCode[c] ? `${c} × ${d.errorsByCode[c]} ` : '')).join('') || '0'
                      : '0'}
                  </td>
                  <td>
                    {cw?.calls ?? 0} / {ms(cw?.p95Ms)}
                  </td>
                  <td>
                    {tds?.calls ?? 0} / {ms(tds?.p95Ms)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
