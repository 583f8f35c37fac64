/** Audit: who changed what and when — the named operator or ConnectWise member — with before/after (secrets redacted). */
import { useState } from 'preact/hooks';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api, query } from '../api.ts';
import { zoned } from '../format.ts';
import type { SectionProps } from './section-props.ts';

interface AuditItem {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
}

export default function AuditSection({ tenant }: SectionProps) {
  const [actor, setActor] = useState('');
  const [applied, setApplied] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const [state] = useAsync(
    () =>
      api.get<{ items: AuditItem[]; nextCursor: string | null }>(
        `/tenants/${encodeURIComponent(tenant.id)}/audit${query({ actor: applied, cursor: pages.at(-1), limit: 50 })}`,
      ),
    [tenant.id, applied, pages],
  );
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          setApplied(actor);
        }}
      >
        <label for="a-actor">Who (operator, member:…, admin)</label>
        <input
          id="a-actor"
          type="search"
          value={actor}
          onInput={(e) => setActor((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Filter</button>
      </form>
      {state.status === 'loading' ? <Loading label="Reading the audit trail…" /> : null}
      {state.status === 'error' ? (
        <ErrorState title="The audit trail is not available" message={state.error.message} />
      ) : null}
      {state.status === 'ready' ? (
        <>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">When ({tenant.timeZone})</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">On</th>
                  <th scope="col">Before / after and details</th>
                </tr>
              </thead>
              <tbody>
                {state.value.items.map((a) => (
                  <tr key={a.id}>
                    <td>{zoned(a.at, tenant.timeZone)}</td>
                    <td>{a.actor}</td>
                    <td>
                      <code>{a.action}</code>
                    </td>
                    <td>{a.target ?? '—'}</td>
                    <td>{a.details ? <pre class="audit-details">{JSON.stringify(a.details, null, 1)}</pre> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {state.value.items.length === 0 ? <p class="muted">No change recorded yet.</p> : null}
          <div class="pager">
            {pages.length ? (
              <button type="button" onClick={() => setPages(pages.slice(0, -1))}>
                Newer
              </button>
            ) : null}
            {state.value.nextCursor ? (
              <button type="button" onClick={() => setPages([...pages, state.value.nextCursor as string])}>
                Older
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
