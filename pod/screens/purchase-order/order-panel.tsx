/**
 * The "Send to TDS" panel: the button (disabled with its reasons when the PO has problems or this member may not
 * send; "Sending…" while the request is out; gone once the order moves), the order's state in words, the TD
 * SYNNEX order number(s), what to fix, and changes made to the PO after it was sent.
 */
import type { OrderView } from '../../../server/orders/view.ts';
import type { PodOrderAnswer } from '../../../server/sync/templates/create-orders/pod-service.ts';
import { Issues } from './issues.tsx';

const STATE_TEXT: Record<OrderView['state'], string> = {
  requested: 'Checking the PO…',
  validated: 'Sending to TD SYNNEX…',
  submitting: 'Sending to TD SYNNEX…',
  unknown: 'TD SYNNEX did not answer; checking by PO number before anything is sent again…',
  awaiting_approval: 'Waiting for a second member to approve.',
  accepted: 'Accepted by TD SYNNEX',
  rejected: 'Rejected by TD SYNNEX',
  failed: 'Not sent',
  invalid: 'Not sent: fix the PO',
  withdrawn: 'Not sent: the PO no longer asks for it',
};

const RESENDABLE: readonly OrderView['state'][] = ['invalid', 'rejected', 'failed', 'withdrawn'];

function disabledReasons(answer: PodOrderAnswer): string[] {
  const reasons: string[] = [];
  if (!answer.permission.allowed) reasons.push(answer.permission.reason ?? 'You may not send orders to TD SYNNEX.');
  if (answer.check?.issues.length) reasons.push('Fix the problems listed above first.');
  return reasons;
}

export function OrderPanel(props: { answer: PodOrderAnswer; sending: boolean; onSend: () => void; member: string }) {
  const { answer, sending, onSend, member } = props;
  const order = answer.order;
  const canPress = !order || RESENDABLE.includes(order.state);
  const approving = order?.state === 'awaiting_approval';
  const mayApprove = approving && !order.approvals.some((a) => a.memberId === member) && answer.permission.allowed;
  const reasons = disabledReasons(answer);
  const moving = order && !order.settled && !approving;

  // A split PO is several TD SYNNEX orders: the ones refused leave their lines unordered while the rest ship.
  const partlyRejected =
    order?.state === 'accepted'
      ? (order.submissions ?? []).filter((s) => s.generation === order.generation && s.state === 'rejected')
      : [];

  return (
    <section class="order-panel" aria-label="TD SYNNEX order">
      {answer.testMode ? (
        <p class="banner warn" data-testid="order-test-mode">
          Test mode: orders go to the TD SYNNEX test endpoint.
        </p>
      ) : null}
      {answer.check ? <Issues issues={answer.check.issues} title="Fix before sending:" /> : null}
      {order ? (
        <p class={`order-state state-${order.state}`} role="status" data-testid="order-state" data-state={order.state}>
          {moving ? <span class="spinner" aria-hidden="true" /> : null}
          {STATE_TEXT[order.state]}
        </p>
      ) : null}
      {order?.tdsOrderNumbers.length ? (
        <p class="order-numbers">
          TD SYNNEX order{order.tdsOrderNumbers.length > 1 ? 's' : ''}{' '}
          <strong data-testid="order-numbers">{order.tdsOrderNumbers.join(', ')}</strong>
          <span class="muted"> · PO {order.poNumbers.join(', ')}</span>
        </p>
      ) : null}
      {order?.state === 'invalid' ? <Issues issues={order.issues} title="Fix before sending:" /> : null}
      {order?.rejection && (order.state === 'rejected' || order.state === 'failed') ? (
        <p class="order-rejection" role="alert" data-testid="order-rejection">
          {order.rejection.reason}
        </p>
      ) : null}
      {partlyRejected.length ? (
        <div class="order-issues" role="alert" data-testid="order-partly-rejected">
          <strong>Not ordered (TD SYNNEX rejected these; order their lines on a new PO):</strong>
          <ul>
            {partlyRejected.map((s) => (
              <li key={s.tdsPoNumber}>
                {s.tdsPoNumber}: {s.rejectionReason ?? 'no reason given'}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {order?.changes.length ? (
        <div class="order-issues" role="alert" data-testid="order-changes">
          <strong>Changed after sending (TD SYNNEX was not changed):</strong>
          <ul>
            {order.changes.map((c) => (
              <li key={`${c.kind}:${c.at}`}>{c.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {approving ? (
        <p class="muted">
          Above {answer.approvalAmount?.toFixed(2)}: {order.approvals.map((a) => a.memberId).join(', ')} asked to send.
        </p>
      ) : null}
      {canPress || mayApprove ? (
        <div class="order-actions">
          <button
            type="button"
            class="primary"
            data-testid="send-to-tds"
            disabled={sending || (!mayApprove && reasons.length > 0)}
            aria-describedby={reasons.length ? 'send-reasons' : undefined}
            onClick={onSend}
          >
            {sending
              ? 'Sending…'
              : mayApprove
                ? 'Approve and send to TDS'
                : order
                  ? 'Send to TDS again'
                  : 'Send to TDS'}
          </button>
          {reasons.length && !mayApprove ? (
            <ul id="send-reasons" class="muted send-reasons" data-testid="send-reasons">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
