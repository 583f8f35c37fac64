/**
 * Status: the tenant's light and every template's (green/yellow/red/gray with the reasons), connections
 * with the key-expiry countdown, upstream response times and API budget, and the live progress of running
 * syncs (polled every 2 s while one runs, every 15 s otherwise).
 */
import { useState } from 'preact/hooks';
import type { TenantHealth } from '../../../server/console/health.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { api } from '../api.ts';
import { ms, seconds, zoned } from '../format.ts';
import { LightBadge } from '../light.tsx';
import { usePoll } from '../use-poll.ts';
import type { SectionProps } from './section-props.ts';

const SYSTEM = { cw: 'ConnectWise PSA', tds: 'TD SYNNEX' } as const;

export default function StatusSection({ tenant, go }: SectionProps) {
  const [polled, refresh] = usePoll(
    () => api.get<TenantHealth>(`/tenants/${encodeURIComponent(tenant.id)}/health`),
    (h) => (h?.running.length ? 2_000 : 15_000),
    [tenant.id],
  );
  const [notice, setNotice] = useState('');
  const health = polled.value;
  if (!health && polled.error) return <ErrorState title="Status is not available" message={polled.error.message} />;
  if (!health) return <Loading label="Reading status…" />;
  const tz = health.timeZone;

  async function runNow(templateId: string, full = false) {
    try {
      const { run } = await api.post<{ run: { id: number } }>(`/tenants/${encodeURIComponent(tenant.id)}/runs`, {
        template: templateId,
        full,
      });
      setNotice(`Run #${run.id} of ${templateId} started.`);
      refresh();
    } catch (error) {
      setNotice((error as Error).message);
    }
  }

  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">
        Status of {health.name} <LightBadge state={health.state} />
      </h1>
      <p class="muted">
        Times in {tz}. Updated {zoned(health.generatedAt, tz)}
        {polled.error ? ` (last refresh failed: ${polled.error.message})` : ''}.
      </p>
      <div role="status" class="notice">
        {notice}
      </div>
      {health.reasons.length ? (
        <ul class="reasons" aria-label="Why">
          {health.reasons.map((r) => (
            <li key={r.code}>
              <code>{r.code}</code> {r.message}
            </li>
          ))}
        </ul>
      ) : null}

      {health.running.length ? (
        <>
          <h2>Running now</h2>
          {health.running.map((r) => (
            <div class="progress-card" key={r.runId} data-testid={`progress-${r.templateId}`}>
              <strong>
                {r.templateId} · run #{r.runId}
              </strong>{' '}
              {r.state === 'scheduled' ? '(waiting to start)' : ''}
              <progress max={r.total ?? undefined} value={r.done} aria-label={`${r.templateId} progress`} />
              <span data-testid="progress-text">
                {r.done.toLocaleString()}
                {r.total !== null ? ` / ${r.total.toLocaleString()}` : ''} {r.label ?? ''} · rate{' '}
                {r.ratePerMinute === null ? '—' : `${r.ratePerMinute}/min`} · ETA {seconds(r.etaSeconds)}
              </span>
            </div>
          ))}
        </>
      ) : null}

      <h2>Templates</h2>
      <div class="table-wrap">
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
              <th scope="col">Last success</th>
              <th scope="col">Records (last run)</th>
              <th scope="col">Errors 24 h</th>
              <th scope="col">Next run</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {health.templates.map((t) => {
              const c = t.lastRun?.counts;
              const notBuilt = t.reasons.some((r) => r.code === 'not_built');
              return (
                <tr key={t.templateId} data-template={t.templateId}>
                  <th scope="row">{t.title}</th>
                  <td>
                    <LightBadge state={t.state} />
                  </td>
                  <td>
                    {t.reasons.length
                      ? t.reasons.map((r) => (
                          <div key={r.code}>
                            <code>{r.code}</code> {r.message}
                          </div>
                        ))
                      : 'Running normally'}
                  </td>
                  <td>{zoned(t.lastSuccessfulRun?.finishedAt, tz)}</td>
                  <td>
                    {c
                      ? `${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deactivated} deactivated, ${c.skipped} skipped, ${c.errors} errors`
                      : '—'}
                    {t.lastRun?.durationMs ? ` in ${ms(t.lastRun.durationMs)}` : ''}
                  </td>
                  <td>
                    {t.errorsLast24h.total ? (
                      <a href={`#activity?template=${t.templateId}&level=error`}>
                        {Object.entries(t.errorsLast24h.byCode)
                          .map(([code, n]) => `${code} × ${n}`)
                          .join(', ')}
                      </a>
                    ) : (
                      '0'
                    )}
                  </td>
                  <td>{t.schedule.enabled ? zoned(t.schedule.nextRunAt, tz) : notBuilt ? '—' : 'paused'}</td>
                  <td>
                    {notBuilt ? null : (
                      <>
                        <button type="button" onClick={() => runNow(t.templateId)}>
                          Run {t.title} now
                        </button>{' '}
                        <button type="button" onClick={() => go('activity', { template: t.templateId })}>
                          Log
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Connections</h2>
      <div class="cards">
        {health.connections.map((c) => {
          const up = health.upstream.find((u) => u.system === c.system);
          return (
            <div class="card" key={c.system} data-testid={`connection-${c.system}`}>
              <h3>
                {SYSTEM[c.system]} <LightBadge state={c.state} />
              </h3>
              {c.reasons.map((r) => (
                <p key={r.code}>
                  <code>{r.code}</code> {r.message}
                </p>
              ))}
              <dl class="fields">
                <dt>Credential in use</dt>
                <dd>{c.inUse ?? 'none'}</dd>
                <dt>Key expiry</dt>
                <dd>
                  {c.expiry.expiresAt
                    ? `${c.expiry.expiresAt.slice(0, 10)} (${c.expiry.daysLeft! >= 0 ? `${c.expiry.daysLeft} days left` : `expired ${-c.expiry.daysLeft!} days ago`})`
                    : 'no expiry date recorded'}
                </dd>
                <dt>Last call</dt>
                <dd>
                  {c.lastCall
                    ? `${c.lastCall.ok ? 'ok' : `failed (${c.lastCall.status || 'no answer'}${c.lastCall.errorCode ? `, ${c.lastCall.errorCode}` : ''})`} at ${zoned(c.lastCall.at, tz)}`
                    : 'none yet'}
                </dd>
                {up ? (
                  <>
                    <dt>Response time 24 h</dt>
                    <dd>
                      p50 {ms(up.p50Ms)} · p95 {ms(up.p95Ms)}
                    </dd>
                    <dt>Calls 24 h</dt>
                    <dd>
                      {up.calls24h.toLocaleString()} ({up.failures24h} failed
                      {Object.keys(up.errorsByCode).length
                        ? `: ${Object.entries(up.errorsByCode)
                            .map(([k, n]) => `${k} × ${n}`)
                            .join(', ')}`
                        : ''}
                      )
                    </dd>
                    <dt>API budget</dt>
                    <dd>
                      busiest minute of the last hour {up.budget.peakMinuteLastHour} of {up.budget.perMinuteLimit}{' '}
                      calls/min ({Math.round((up.budget.peakMinuteLastHour / up.budget.perMinuteLimit) * 100)}%);{' '}
                      {up.budget.callsLastHour} calls in the last hour
                    </dd>
                  </>
                ) : null}
              </dl>
              <button type="button" onClick={() => go('diagnostics')}>
                Diagnose
              </button>
            </div>
          );
        })}
      </div>
    </section>
  );
}
