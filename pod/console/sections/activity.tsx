/**
 * The Sync Activity Log: filter by template, level, time range (in the tenant's zone), entity and text;
 * each entry opens to its code, the plain explanation, what to do, and the upstream request/response
 * detail (secrets redacted by the server). Failed operations that can be retried have a Retry button.
 */
import { useState } from 'preact/hooks';
import type { ActivityView } from '../../../server/routes/admin/views.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api, query } from '../api.ts';
import { zoned } from '../format.ts';
import { FailedQueue } from './failed-queue.tsx';
import type { SectionProps } from './section-props.ts';

const TEMPLATES = [
  ['', 'All templates'],
  ['product-sync', 'Product Sync'],
  ['price-availability', 'Price & Availability'],
  ['create-orders', 'Create Orders'],
  ['order-status', 'Order Status'],
] as const;
const LEVELS = [
  ['', 'All levels'],
  ['error', 'Errors'],
  ['warn,error', 'Warnings and errors'],
  ['info,warn,error', 'Info and above'],
] as const;

interface Filters {
  template: string;
  level: string;
  from: string;
  to: string;
  entity: string;
  text: string;
  run: string;
}

type Explained = ActivityView & { explanation?: { title: string; cause: string; fix: string[] } | null };

/** A `datetime-local` value, read as a wall-clock time in `timeZone`, to an ISO instant. */
function zonedToIso(local: string, timeZone: string): string | undefined {
  if (!local) return undefined;
  const asUtc = Date.parse(`${local}:00Z`);
  if (Number.isNaN(asUtc)) return undefined;
  // The zone's offset at that instant: format the UTC guess in the zone and compare.
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(asUtc))
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return new Date(asUtc - (shown - asUtc)).toISOString();
}

export default function ActivitySection({ tenant, params }: SectionProps) {
  const [filters, setFilters] = useState<Filters>({
    template: params.template ?? '',
    level: params.level ?? '',
    from: '',
    to: '',
    entity: params.entity ?? '',
    text: params.text ?? '',
    run: params.run ?? '',
  });
  const [applied, setApplied] = useState(filters);
  const [pages, setPages] = useState<string[]>([]);
  const cursor = pages.at(-1);
  const [state, reload] = useAsync(
    () =>
      api.get<{ items: Explained[]; nextCursor: string | null }>(
        `/tenants/${encodeURIComponent(tenant.id)}/activity${query({
          template: applied.template,
          level: applied.level,
          from: zonedToIso(applied.from, tenant.timeZone),
          to: zonedToIso(applied.to, tenant.timeZone),
          entity: applied.entity,
          text: applied.text,
          run: applied.run,
          limit: 50,
          cursor,
        })}`,
      ),
    [tenant.id, applied, cursor],
  );
  const field = (name: keyof Filters) => ({
    id: `f-${name}`,
    value: filters[name],
    onInput: (e: Event) => setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value }),
  });

  return (
    <section aria-labelledby="activity-title">
      <h1 id="activity-title">Sync Activity Log</h1>
      <FailedQueue tenant={tenant} onRetried={reload} />
      <form
        class="filters"
        aria-label="Filter the log"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          setApplied(filters);
        }}
      >
        <label for="f-template">Template</label>
        <select {...field('template')}>
          {TEMPLATES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <label for="f-level">Level</label>
        <select {...field('level')}>
          {LEVELS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <label for="f-from">From ({tenant.timeZone})</label>
        <input type="datetime-local" {...field('from')} />
        <label for="f-to">To</label>
        <input type="datetime-local" {...field('to')} />
        <label for="f-entity">Entity (PO number, SKU, opportunity)</label>
        <input type="text" {...field('entity')} />
        <label for="f-text">Text</label>
        <input type="search" {...field('text')} />
        <label for="f-run">Run #</label>
        <input type="text" inputMode="numeric" pattern="[0-9]*" {...field('run')} />
        <button type="submit">Apply filters</button>
      </form>
      {state.status === 'loading' ? <Loading label="Reading the log…" /> : null}
      {state.status === 'error' ? <ErrorState title="The log is not available" message={state.error.message} /> : null}
      {state.status === 'ready' ? (
        <>
          <p class="muted" role="status">
            {state.value.items.length
              ? `${state.value.items.length} entries, newest first.`
              : 'No entries match these filters.'}
          </p>
          <ol class="log">
            {state.value.items.map((e) => (
              <li key={e.id} class={`log-${e.level}`} data-code={e.code}>
                <details>
                  <summary>
                    <span class="log-time">{zoned(e.at, tenant.timeZone)}</span>{' '}
                    <span class="log-level">{e.level}</span> <span>{e.templateId ?? '—'}</span> <code>{e.code}</code>{' '}
                    {e.message}
                    {e.entity ? ` · ${e.entity.type ?? 'entity'} ${e.entity.id}` : ''}
                  </summary>
                  <div class="log-detail">
                    {e.explanation ? (
                      <>
                        <p>
                          <strong>{e.explanation.title}.</strong> {e.explanation.cause}
                        </p>
                        {e.explanation.fix.length ? (
                          <ol>
                            {e.explanation.fix.map((f) => (
                              <li key={f}>{f}</li>
                            ))}
                          </ol>
                        ) : null}
                      </>
                    ) : null}
                    {e.runId ? <p>Run #{e.runId}</p> : null}
                    {e.upstream ? (
                      <p>
                        Upstream: <code>{e.upstream.route}</code> → {e.upstream.status ?? 'no answer'}
                        {e.upstream.durationMs !== null ? ` in ${e.upstream.durationMs} ms` : ''}
                      </p>
                    ) : null}
                    {e.details ? <h4 class="muted">Request and response detail (secrets redacted)</h4> : null}
                    {e.details ? <pre>{JSON.stringify(e.details, null, 2)}</pre> : null}
                  </div>
                </details>
              </li>
            ))}
          </ol>
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
