/** Setup → Schedules and template settings: pause, resume, run now, full resync, cron; each template's settings (validated by the server). */
import { useState } from 'preact/hooks';
import type { ScheduleView, SettingsView } from '../../../server/routes/admin/views.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api } from '../api.ts';
import { zoned } from '../format.ts';
import type { TenantSummary } from './section-props.ts';

export function SchedulesPanel({ tenant }: { tenant: TenantSummary }) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const [state, reload] = useAsync(() => api.get<{ schedules: ScheduleView[] }>(`${base}/schedules`), [tenant.id]);
  const [said, setSaid] = useState('');
  const act = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      setSaid(what);
      reload();
    } catch (e) {
      setSaid((e as Error).message);
    }
  };
  if (state.status === 'loading') return <Loading label="Reading the schedules…" />;
  if (state.status === 'error') return <ErrorState title="Schedules are not available" message={state.error.message} />;
  return (
    <>
      <div role="status">{said}</div>
      <div class="table-wrap">
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Schedule (cron, {tenant.timeZone})</th>
              <th scope="col">Next run</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {state.value.schedules.map((s) => (
              <ScheduleRow key={s.templateId} s={s} tenant={tenant} act={act} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ScheduleRow({
  s,
  tenant,
  act,
}: {
  s: ScheduleView;
  tenant: TenantSummary;
  act: (what: string, call: () => Promise<unknown>) => void;
}) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const [cron, setCron] = useState(s.cron);
  const id = s.templateId;
  return (
    <tr>
      <th scope="row">{id}</th>
      <td>
        <label class="visually-hidden" for={`cron-${id}`}>
          Cron of {id}
        </label>
        <input
          id={`cron-${id}`}
          value={cron}
          size={14}
          onInput={(e) => setCron((e.target as HTMLInputElement).value)}
        />{' '}
        <button
          type="button"
          onClick={() => act(`${id}: schedule saved.`, () => api.put(`${base}/schedules/${id}`, { cron }))}
        >
          Save schedule of {id}
        </button>
      </td>
      <td>{s.enabled ? zoned(s.nextRunAt, tenant.timeZone) : 'paused'}</td>
      <td>
        {s.enabled ? (
          <button type="button" onClick={() => act(`${id} paused.`, () => api.post(`${base}/schedules/${id}/pause`))}>
            Pause {id}
          </button>
        ) : (
          <button type="button" onClick={() => act(`${id} resumed.`, () => api.post(`${base}/schedules/${id}/resume`))}>
            Resume {id}
          </button>
        )}{' '}
        <button
          type="button"
          onClick={() => act(`${id}: run started.`, () => api.post(`${base}/runs`, { template: id }))}
        >
          Run {id} now
        </button>{' '}
        <button
          type="button"
          onClick={() =>
            act(`${id}: full resync started.`, () => api.post(`${base}/runs`, { template: id, full: true }))
          }
        >
          Full resync of {id}
        </button>
      </td>
    </tr>
  );
}

export function SettingsPanel({ tenant, templateId }: { tenant: TenantSummary; templateId: string }) {
  const path = `/tenants/${encodeURIComponent(tenant.id)}/templates/${templateId}/settings`;
  const [state, reload] = useAsync(() => api.get<SettingsView>(path), [tenant.id, templateId]);
  const [text, setText] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  if (state.status === 'loading') return <Loading label="Reading the settings…" />;
  if (state.status === 'error') return <ErrorState title="Settings are not available" message={state.error.message} />;
  const shown = text ?? JSON.stringify(state.value.stored ?? state.value.settings ?? {}, null, 2);
  async function save() {
    let body: unknown;
    try {
      body = JSON.parse(shown);
    } catch {
      setSaid('That is not valid JSON.');
      return;
    }
    try {
      const view = await api.put<SettingsView>(path, body);
      setSaid(
        view.valid
          ? 'Saved.'
          : `Saved, but not valid yet: ${view.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      );
      setText(null);
      reload();
    } catch (e) {
      setSaid((e as Error).message);
    }
  }
  return (
    <div>
      <label for={`settings-${templateId}`}>Settings of {templateId} (JSON; defaults fill what is left out)</label>
      <textarea
        id={`settings-${templateId}`}
        rows={10}
        class="json"
        value={shown}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      {!state.value.valid ? (
        <p class="muted">Not valid yet: {state.value.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}</p>
      ) : null}
      <button type="button" onClick={save}>
        Save settings of {templateId}
      </button>
      <div role="status">{said}</div>
    </div>
  );
}
