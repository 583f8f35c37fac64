/**
 * One compact badge per TD SYNNEX order tied to the ticket: PO number, status, ETA and a tracking link. Shows
 * nothing at all when the ticket has no order (a ticket pod without orders stays as it was).
 */
import type { TicketOrderBadge } from '../../../server/orders/progress.ts';
import { useAsync } from '../../ui/use-async.ts';
import type { ScreenProps } from '../screen-props.ts';
import '../../ui/orders.css';

const chipClass = (status: string) => {
  const s = status.toLowerCase();
  if (/shipped/.test(s)) return 'chip shipped';
  if (/invoiced/.test(s)) return 'chip invoiced';
  if (/closed/.test(s)) return 'chip closed';
  if (/reject|fix|not sent|approval/.test(s)) return 'chip attention';
  return 'chip';
};

export function OrderBadge({ badge }: { badge: TicketOrderBadge }) {
  return (
    <li class="order-badge" data-testid="order-badge" aria-label={`Purchase order ${badge.poNumber}`}>
      <div class="head">
        <strong>{badge.poNumber}</strong>
        <span class={chipClass(badge.status)} data-testid="order-status">
          {badge.status}
        </span>
      </div>
      {badge.eta ? <div class="meta">ETA {badge.eta}</div> : null}
      {badge.tracking ? (
        <div class="meta">
          {badge.tracking.carrier ? `${badge.tracking.carrier}: ` : 'Tracking: '}
          {badge.tracking.url ? (
            <a href={badge.tracking.url} target="_blank" rel="noopener noreferrer" data-testid="tracking-link">
              {badge.tracking.number}
            </a>
          ) : (
            <span data-testid="tracking-number">{badge.tracking.number}</span>
          )}
          {badge.trackingCount > 1 ? ` (+${badge.trackingCount - 1} more)` : ''}
        </div>
      ) : null}
    </li>
  );
}

export function TicketOrderBadges({ session, context }: ScreenProps) {
  const id = context.recordId ?? 0;
  const [state] = useAsync(
    () => session.api.get<{ orders: TicketOrderBadge[] }>(`/api/pod/tickets/${id}/orders`),
    [id],
  );
  // Nothing while loading, on error or without orders: the badges are an addition to the ticket, never noise.
  if (state.status !== 'ready' || state.value.orders.length === 0) return null;
  return (
    <section aria-label="TD SYNNEX orders">
      <ul class="order-badges" data-testid="order-badges">
        {state.value.orders.map((b) => (
          <OrderBadge key={b.cwPoId} badge={b} />
        ))}
      </ul>
    </section>
  );
}
