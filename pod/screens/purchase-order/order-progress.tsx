/**
 * The PO pod's view of a TD SYNNEX order after it was placed: status, a timeline (accepted, shipped, invoiced…),
 * carriers with tracking links, serial numbers per line (partial shipments shown as such) and invoices, and,
 * for a hand-typed order TD SYNNEX does not know by this PO's number, a form to link it. `OrderProgressView`
 * renders an `OrderProgress`; the default export loads it from `GET /api/pod/purchase-orders/:id/progress`.
 */
import { useState } from 'preact/hooks';
import type { OrderProgress } from '../../../server/orders/progress.ts';
import { money } from '../../ui/format.ts';
import { useAsync } from '../../ui/use-async.ts';
import type { ScreenProps } from '../screen-props.ts';
import '../../ui/orders.css';

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** The buyer names the PO number TD SYNNEX knows a hand-typed order by; the server checks it at TD SYNNEX. */
function LinkForm({ onLink }: { onLink: (tdsPoNumber: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onLink(value.trim());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="link-form" onSubmit={submit}>
      <label for="tds-po-number">PO number at TD SYNNEX</label>
      <input
        id="tds-po-number"
        value={value}
        maxLength={30}
        onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        disabled={busy}
      />
      <button type="submit" disabled={busy || !value.trim()}>
        {busy ? 'Linking…' : 'Link'}
      </button>
      {error ? (
        <p class="meta" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function OrderProgressView({
  progress,
  onLink,
}: {
  progress: OrderProgress;
  onLink?: (tdsPoNumber: string) => Promise<void>;
}) {
  const serialLines = progress.lines.filter((l) => l.serialNumbers.length > 0);
  return (
    <section class="order-progress" aria-label="TD SYNNEX order progress" data-testid="order-progress">
      <div class="head">
        <span class="chip" data-testid="progress-status">
          {progress.status}
        </span>{' '}
        {progress.orderNumbers.length ? (
          <span class="meta">TD SYNNEX order {progress.orderNumbers.join(', ')}</span>
        ) : null}
      </div>
      {progress.needsLink ? (
        <>
          <p class="banner warn" role="note">
            {progress.needsLink}
          </p>
          {onLink ? <LinkForm onLink={onLink} /> : null}
        </>
      ) : null}
      {progress.eta ? <div class="meta">ETA of what has not shipped: {progress.eta}</div> : null}

      {progress.lines.length ? (
        <>
          <h3>Lines</h3>
          <ul>
            {progress.lines.map((l) => (
              <li key={`${l.orderNumber}:${l.lineNumber}`}>
                Line {l.lineNumber} · SKU {l.sku}: {l.shipQuantity} of {l.orderQuantity} shipped
                {l.partial ? ' (partial)' : ''}
                {l.eta && l.shipQuantity < l.orderQuantity ? `, ETA ${l.eta}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {progress.carriers.length ? (
        <>
          <h3>Tracking</h3>
          <ul data-testid="progress-tracking">
            {progress.carriers.map((t) => (
              <li key={t.number}>
                {t.carrier ? `${t.carrier}: ` : ''}
                {t.url ? (
                  <a href={t.url} target="_blank" rel="noopener noreferrer">
                    {t.number}
                  </a>
                ) : (
                  t.number
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {serialLines.length ? (
        <>
          <h3>Serial numbers</h3>
          <ul class="serials" data-testid="progress-serials">
            {serialLines.map((l) => (
              <li key={`${l.orderNumber}:${l.lineNumber}`}>
                Line {l.lineNumber}: {l.serialNumbers.join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {progress.invoices.length ? (
        <>
          <h3>Invoices</h3>
          <ul data-testid="progress-invoices">
            {progress.invoices.map((i) => (
              <li key={i.invoiceNumber}>
                {i.invoiceNumber} of {i.invoiceDate}: {money(i.total)} (freight {money(i.freight)}, tax{' '}
                {money(i.salesTax)})
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {progress.timeline.length ? (
        <>
          <h3>Timeline</h3>
          <ol data-testid="progress-timeline">
            {progress.timeline.map((e, i) => (
              <li key={`${e.at}:${i}`}>
                <span class="meta">{when(e.at)}</span> {e.message}
                {e.ok === false ? ' (failed)' : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

/**
 * Loads the progress of the PO the pod sits on; nothing when Order Status does not follow it. The PO screen's
 * progress slot (progress-slot.tsx) loads this module's default export with the screen props and the order.
 */
export default function OrderProgressPanel({ session, context }: ScreenProps & { order?: unknown }) {
  const id = context.recordId ?? 0;
  const [state, reload] = useAsync(
    () => session.api.get<{ progress: OrderProgress | null }>(`/api/pod/purchase-orders/${id}/progress`),
    [id],
  );
  if (state.status !== 'ready' || !state.value.progress) return null;
  const onLink = async (tdsPoNumber: string) => {
    await session.api.post(`/api/pod/purchase-orders/${id}/link`, { tdsPoNumber });
    reload();
  };
  return <OrderProgressView progress={state.value.progress} onLink={onLink} />;
}
