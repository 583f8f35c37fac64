/**
 * Alerts: what is open now and what happened (with each channel's delivery), the rules with their thresholds,
 * and the channels — with the setup advice to keep one channel that does not depend on ConnectWise.
 */
import { useState } from 'preact/hooks';
import type { AlertDeliveryRow, AlertRow } from '../../../db/schema/ops.ts';
import type { ChannelView } from '../../../server/ops/alerts/channel-store.ts';
import type { RuleSetting } from '../../../server/ops/alerts/rules.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api, query } from '../api.ts';
import { zoned } from '../format.ts';
import { LightBadge } from '../light.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import type { SectionProps } from './section-props.ts';

type AlertItem = AlertRow & { deliveries: Omit<AlertDeliveryRow, 'leaseUntil' | 'tenantId'>[] };

export default function AlertsSection({ tenant }: SectionProps) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const [which, setWhich] = useState<'open' | 'all'>('open');
  const [alerts, reloadAlerts] = useAsync(
    () => api.get<{ items: AlertItem[] }>(`${base}/alerts${query({ state: which, limit: 50 })}`),
    [tenant.id, which],
  );
  const [rules, reloadRules] = useAsync(() => api.get<{ rules: RuleSetting[] }>(`${base}/alert-rules`), [tenant.id]);
  const [channels] = useAsync(
    () => api.get<{ channels: ChannelView[]; recommendation: string | null }>(`${base}/alert-channels`),
    [tenant.id],
  );
  const [message, setMessage] = useState('');

  async function evaluate() {
    setMessage('Checking the rules…');
    try {
      const r = await api.post<{ opened: number[]; resolved: number[]; stillOpen: number }>(`${base}/alerts/evaluate`);
      setMessage(`${r.opened.length} opened, ${r.resolved.length} recovered, ${r.stillOpen} still open.`);
      reloadAlerts();
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  async function toggle(rule: RuleSetting) {
    try {
      await api.put(`${base}/alert-rules/${rule.ruleId}`, { enabled: !rule.enabled, params: rule.params });
      reloadRules();
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">Alerts</h1>
      <p class="muted">
        tds-bridge checks these rules every five minutes and tells your channels once per problem, and again when it
        recovers.{' '}
        <button type="button" onClick={evaluate}>
          Check now
        </button>{' '}
        <span role="status">{message}</span>
      </p>
      <h2>
        <label>
          Show{' '}
          <select value={which} onChange={(e) => setWhich((e.target as HTMLSelectElement).value as 'open' | 'all')}>
            <option value="open">open alerts</option>
            <option value="all">all alerts</option>
          </select>
        </label>
      </h2>
      {alerts.status === 'loading' ? <Loading label="Loading alerts…" /> : null}
      {alerts.status === 'error' ? (
        <ErrorState title="Alerts could not be loaded" message={alerts.error.message} />
      ) : null}
      {alerts.status === 'ready' && alerts.value.items.length === 0 ? (
        <p data-testid="no-alerts">{which === 'open' ? 'No alert is open.' : 'No alert yet.'}</p>
      ) : null}
      {alerts.status === 'ready' && alerts.value.items.length > 0 ? (
        <ScrollRegion label="Alerts table">
          <table class="grid" data-testid="alerts-table">
            <caption class="visually-hidden">Alerts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Opened</th>
                <th scope="col">Recovered</th>
                <th scope="col">Delivered</th>
              </tr>
            </thead>
            <tbody>
              {alerts.value.items.map((a) => (
                <tr key={a.id} data-alert={a.cause}>
                  <th scope="row">
                    <LightBadge state={a.resolvedAt ? 'green' : a.severity} /> {a.title}
                    <div class="muted">{a.message}</div>
                  </th>
                  <td>{zoned(a.openedAt, tenant.timeZone)}</td>
                  <td>{a.resolvedAt ? zoned(a.resolvedAt, tenant.timeZone) : '—'}</td>
                  <td>
                    <ul class="plain">
                      {a.deliveries.map((d) => (
                        <li key={d.id}>
                          {d.channel} {d.event}: {d.state}
                          {d.state !== 'delivered' && d.lastError ? ` (${d.lastError})` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}

      <h2>Channels</h2>
      {channels.status === 'ready' ? (
        <>
          {channels.value.recommendation ? <p class="finding finding-yellow">{channels.value.recommendation}</p> : null}
          {channels.value.channels.length === 0 ? (
            <p>No channel yet: add one with PUT {base}/alert-channels/&lt;name&gt; (see docs/operations.md).</p>
          ) : (
            <ul data-testid="alert-channels">
              {channels.value.channels.map((c) => (
                <li key={c.name}>
                  <strong>{c.name}</strong> — {c.kind}
                  {c.enabled ? '' : ' (off)'}
                  {c.independentOfConnectWise ? '' : ' · needs ConnectWise to be reachable'}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}

      <h2>Rules</h2>
      {rules.status === 'ready' ? (
        <ScrollRegion label="Alert rules table">
          <table class="grid">
            <caption class="visually-hidden">Alert rules</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Thresholds</th>
                <th scope="col">On</th>
              </tr>
            </thead>
            <tbody>
              {rules.value.rules.map((r) => (
                <tr key={r.ruleId}>
                  <th scope="row">{r.title}</th>
                  <td>
                    <code>{JSON.stringify(r.params)}</code>
                  </td>
                  <td>
                    <label>
                      <input type="checkbox" checked={r.enabled} onChange={() => toggle(r)} />
                      <span class="visually-hidden">{r.title}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
