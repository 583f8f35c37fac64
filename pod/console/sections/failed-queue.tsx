/** Failed operations needing attention, each with a Retry that re-runs just that operation. */
import { useState } from 'preact/hooks';
import type { FailedOperation } from '../../../server/console/failed-operations.ts';
import { useAsync } from '../../ui/use-async.ts';
import { api } from '../api.ts';
import { zoned } from '../format.ts';
import type { TenantSummary } from './section-props.ts';

export function FailedQueue({ tenant, onRetried }: { tenant: TenantSummary; onRetried: () => void }) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}/failed-operations`;
  const [state, reload] = useAsync(() => api.get<{ items: FailedOperation[] }>(base), [tenant.id]);
  const [outcome, setOutcome] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  if (state.status !== 'ready' || state.value.items.length === 0) return null;

  async function retry(op: FailedOperation) {
    setBusy(op.activityId);
    try {
      const result = await api.post<{ ok: boolean; message: string }>(`${base}/${op.activityId}/retry`);
      setOutcome(`${result.ok ? 'Done' : 'Still failing'}: ${result.message}`);
    } catch (error) {
      setOutcome((error as Error).message);
    } finally {
      setBusy(null);
      reload();
      onRetried();
    }
  }

  return (
    <section aria-labelledby="failed-title" class="failed-queue">
      <h2 id="failed-title">Failed operations needing attention ({state.value.items.length})</h2>
      <div role="status">{outcome}</div>
      <ul>
        {state.value.items.map((op) => (
          <li key={op.activityId} data-testid={`failed-${op.entity.type}-${op.entity.id}`}>
            {zoned(op.at, tenant.timeZone)} · {op.entity.type} {op.entity.id} · <code>{op.code}</code> {op.message}{' '}
            <button type="button" disabled={busy === op.activityId} onClick={() => retry(op)}>
              Retry: {op.retryLabel} for {op.entity.type} {op.entity.id}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
