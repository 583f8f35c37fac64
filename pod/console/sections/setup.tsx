/**
 * Setup: connections (with test connection), activation options (the console Tab), preview and apply, schedules,
 * Product Sync's category tree picker, template settings (the categories are part of Product Sync's settings),
 * console access by ConnectWise role.
 */
import { useState } from 'preact/hooks';
import type { ActivationPlan } from '../../../server/activation/activate.ts';
import { ErrorState } from '../../ui/states.tsx';
import { api } from '../api.ts';
import { CategoryPicker } from './category-picker.tsx';
import type { SectionProps } from './section-props.ts';
import { ConnectionsPanel } from './setup-connections.tsx';
import { ConsoleTabOption } from './setup-console-tab.tsx';
import { SchedulesPanel, SettingsPanel } from './setup-schedules.tsx';

function ActivationPanel({ tenant }: Pick<SectionProps, 'tenant'>) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}/activation`;
  const [plan, setPlan] = useState<ActivationPlan | null>(null);
  const [said, setSaid] = useState('');
  const [error, setError] = useState('');
  const run = async (apply: boolean) => {
    setError('');
    try {
      if (apply) setSaid((await api.post<{ summary: string }>(`${base}/apply`)).summary);
      setPlan(await api.get<ActivationPlan>(`${base}/plan`));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <p>
        <button type="button" onClick={() => run(false)}>
          Preview activation
        </button>{' '}
        <button type="button" disabled={!plan || plan.upToDate} onClick={() => run(true)}>
          Apply activation
        </button>
      </p>
      <div role="status">{said}</div>
      {error ? <ErrorState title="Activation could not run" message={error} /> : null}
      {plan ? (
        <>
          <p>{plan.summary}</p>
          <ul>
            {plan.steps.map((s) => (
              <li key={s.id}>
                <code>{s.action}</code> {s.name}: {s.detail}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function ConsoleRoles({ tenant }: Pick<SectionProps, 'tenant'>) {
  const path = `/tenants/${encodeURIComponent(tenant.id)}/console-roles`;
  const [roles, setRoles] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  if (roles === null) {
    api.get<{ roles: string[] }>(path).then(
      (r) => setRoles(r.roles.join(', ')),
      (e: Error) => setSaid(e.message),
    );
  }
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const list = (roles ?? '')
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        try {
          await api.put(path, { roles: list });
          setSaid('Saved.');
        } catch (err) {
          setSaid((err as Error).message);
        }
      }}
    >
      <label for="console-roles">ConnectWise security roles that may open this console (comma separated)</label>{' '}
      <input id="console-roles" value={roles ?? ''} onInput={(e) => setRoles((e.target as HTMLInputElement).value)} />{' '}
      <button type="submit">Save roles</button>
      <div role="status">{said}</div>
    </form>
  );
}

function PodOrigins({ tenant }: Pick<SectionProps, 'tenant'>) {
  const path = `/tenants/${encodeURIComponent(tenant.id)}/pod-origins`;
  const [origins, setOrigins] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  if (origins === null) {
    api.get<{ origins: string[] }>(path).then(
      (r) => setOrigins(r.origins.join('\n')),
      (e: Error) => setSaid(e.message),
    );
  }
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const list = (origins ?? '').split(/\s+/).filter(Boolean);
        try {
          const saved = await api.put<{ origins: string[] }>(path, { origins: list });
          setOrigins(saved.origins.join('\n'));
          setSaid('Saved: the pod page allows these origins from now on.');
        } catch (err) {
          setSaid((err as Error).message);
        }
      }}
    >
      <label for="pod-origins">ConnectWise origins that may frame the pod (one per line)</label>
      <textarea
        id="pod-origins"
        rows={3}
        class="json"
        value={origins ?? ''}
        onInput={(e) => setOrigins((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit">Save pod origins</button>
      <div role="status">{said}</div>
    </form>
  );
}

export default function SetupSection({ tenant }: SectionProps) {
  const [template, setTemplate] = useState('product-sync');
  // The picker's save changes Product Sync's settings: the JSON editor below reads them again.
  const [categoriesSaved, setCategoriesSaved] = useState(0);
  return (
    <section aria-labelledby="setup-title">
      <h1 id="setup-title">Setup of {tenant.name}</h1>
      <h2>Connections</h2>
      <ConnectionsPanel tenant={tenant} />
      <h2>Activation in ConnectWise</h2>
      <ConsoleTabOption tenant={tenant} />
      <ActivationPanel tenant={tenant} />
      <h2>Schedules</h2>
      <SchedulesPanel tenant={tenant} />
      <h2>Product Sync categories</h2>
      <CategoryPicker tenant={tenant} onSaved={() => setCategoriesSaved((n) => n + 1)} />
      <h2>Template settings</h2>
      <label for="settings-template">Template</label>{' '}
      <select
        id="settings-template"
        value={template}
        onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}
      >
        <option value="product-sync">Product Sync (categories, cap, mapping)</option>
        <option value="price-availability">Price &amp; Availability</option>
      </select>
      <SettingsPanel key={`${template}-${categoriesSaved}`} tenant={tenant} templateId={template} />
      <h2>Pod origins</h2>
      <PodOrigins tenant={tenant} />
      <h2>Console access</h2>
      <ConsoleRoles tenant={tenant} />
    </section>
  );
}
