/** Setup → Connections: what is saved (never a secret), the key-expiry countdown, new credentials, and Test connection with its named checks. */
import { useState } from 'preact/hooks';
import type { Check } from '../../../server/setup/checks/check.ts';
import type { ConnectionsView } from '../../../server/setup/connections-service.ts';
import type { TestConnectionResult } from '../../../server/setup/test-connection.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api } from '../api.ts';
import type { TenantSummary } from './section-props.ts';

const FIELDS = {
  cw: [
    ['companyId', 'Company id', 'text'],
    ['apiUrl', 'API URL', 'url'],
    ['clientId', 'clientId', 'text'],
    ['publicKey', 'Public key', 'text'],
    ['privateKey', 'Private key (leave empty to keep)', 'password'],
    ['expiresAt', 'Keys expire on', 'date'],
  ],
  tds: [
    ['customerNo', 'Customer number', 'text'],
    ['user', 'EC user', 'text'],
    ['password', 'Password (leave empty to keep)', 'password'],
    ['environment', 'Environment (production, sandbox, simulator)', 'text'],
    ['xmlUrl', 'XML URL', 'url'],
    ['expiresAt', 'Password expires on', 'date'],
  ],
} as const;
const NAME = { cw: 'ConnectWise PSA', tds: 'TD SYNNEX' } as const;

function ConnectionForm({
  tenant,
  system,
  config,
  onSaved,
}: {
  tenant: TenantSummary;
  system: 'cw' | 'tds';
  config: Record<string, unknown>;
  onSaved: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      FIELDS[system].map(([k]) => [
        k,
        k.toLowerCase().includes('key') && k !== 'publicKey' ? '' : String(config[k] ?? ''),
      ]),
    ),
  );
  const [said, setSaid] = useState('');
  async function save(e: Event) {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    try {
      await api.put(`/tenants/${encodeURIComponent(tenant.id)}/connections/${system}`, body);
      setSaid('Saved. Test the connection to check it.');
      onSaved();
    } catch (error) {
      setSaid((error as Error).message);
    }
  }
  return (
    <form class="filters" onSubmit={save} aria-label={`${NAME[system]} credentials`}>
      {FIELDS[system].map(([k, label, type]) => (
        <div key={k}>
          <label for={`c-${system}-${k}`}>{label}</label>
          {type === 'password' ? (
            <input
              id={`c-${system}-${k}`}
              type="password"
              autoComplete="off"
              value={values[k]}
              onInput={(ev) => setValues({ ...values, [k]: (ev.target as HTMLInputElement).value })}
            />
          ) : (
            <input
              id={`c-${system}-${k}`}
              type="text"
              placeholder={type === 'date' ? 'YYYY-MM-DD' : undefined}
              autoComplete="off"
              value={values[k]}
              onInput={(ev) => setValues({ ...values, [k]: (ev.target as HTMLInputElement).value })}
            />
          )}
        </div>
      ))}
      <button type="submit">Save {NAME[system]} credentials</button>
      <div role="status">{said}</div>
    </form>
  );
}

function Checks({ result }: { result: TestConnectionResult }) {
  const mark: Record<Check['status'], string> = {
    pass: '✓ pass',
    fail: '✗ fail',
    warn: '! warning',
    skipped: '– skipped',
  };
  return (
    <div>
      <p role="status">
        <strong>{result.summary}</strong>
      </p>
      <ul class="checks">
        {result.checks.map((c) => (
          <li key={c.id} class={`check-${c.status}`}>
            <strong>{mark[c.status]}</strong> {c.name}: {c.detail}
            {c.fix ? <div class="muted">Fix: {c.fix}</div> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ConnectionsPanel({ tenant }: { tenant: TenantSummary }) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const [state, reload] = useAsync(() => api.get<ConnectionsView>(`${base}/connections`), [tenant.id]);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestConnectionResult | null>(null);
  const [error, setError] = useState('');
  async function test() {
    setTesting(true);
    setError('');
    try {
      setResult(await api.post<TestConnectionResult>(`${base}/test-connection`, {}));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setTesting(false);
    }
  }
  if (state.status === 'loading') return <Loading label="Reading the connections…" />;
  if (state.status === 'error')
    return <ErrorState title="Connections are not available" message={state.error.message} />;
  return (
    <>
      <div class="cards">
        {(['cw', 'tds'] as const).map((system) => {
          const sys = state.value[system];
          const conn = sys.primary ?? sys.standby;
          return (
            <div class="card" key={system}>
              <h3>{NAME[system]}</h3>
              {conn ? (
                <dl class="fields">
                  {Object.entries(conn.config).map(([k, v]) => (
                    <>
                      <dt key={`${k}-t`}>{k}</dt>
                      <dd key={`${k}-d`}>{String(v)}</dd>
                    </>
                  ))}
                  <dt>Secrets stored</dt>
                  <dd>{conn.secretsSet.join(', ') || 'none'}</dd>
                  <dt>Expiry</dt>
                  <dd>
                    {conn.expiry.expiresAt
                      ? `${conn.expiry.expiresAt.slice(0, 10)} (${conn.expiry.daysLeft} days left)`
                      : 'no date recorded'}
                  </dd>
                  <dt>In use</dt>
                  <dd>{sys.inUse ?? 'none'}</dd>
                </dl>
              ) : (
                <p>Not connected yet.</p>
              )}
              <details>
                <summary>Change the {NAME[system]} credentials</summary>
                <ConnectionForm tenant={tenant} system={system} config={conn?.config ?? {}} onSaved={reload} />
              </details>
            </div>
          );
        })}
      </div>
      <p>
        <button type="button" disabled={testing} onClick={test}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      </p>
      {error ? <ErrorState title="The test could not run" message={error} /> : null}
      {result ? <Checks result={result} /> : null}
    </>
  );
}
