/**
 * `validated` | `submitting` | `unknown` → `accepted` | `rejected` | `failed`: sends each batch's PO number
 * through submit.ts (at most once), then settles the order from its submissions. A batch that is waiting (claimed
 * elsewhere, or not to be retried yet) leaves the order where it is for a later step.
 */
import type { OrderRow, OrderState, OrderSubmissionRow } from '../../../../db/schema/orders.ts';
import { getSubmission, updateOrder } from '../../../orders/repo.ts';
import type { OrderContext } from './context.ts';
import { orderInputFor, planPoNumbers } from './plan.ts';
import { NOT_PLACED_CODES, sendSubmission } from './submit.ts';

async function planSubmissions(ctx: OrderContext, order: OrderRow): Promise<OrderSubmissionRow[]> {
  const rows = await Promise.all(
    planPoNumbers(order).map((n) => getSubmission(ctx.db, { tenantId: ctx.tenantId, tdsPoNumber: n })),
  );
  return rows.filter((r): r is OrderSubmissionRow => !!r);
}

/** The order's state as its submissions say. */
export function settle(rows: OrderSubmissionRow[], expected: number): { state: OrderState; numbers: string[] } {
  const numbers = [...new Set(rows.flatMap((r) => r.tdsOrderNumbers))];
  if (rows.length < expected) return { state: 'validated', numbers };
  const open = rows.filter((r) => r.state !== 'accepted' && r.state !== 'rejected');
  if (open.length) return { state: open.some((r) => r.state === 'unknown') ? 'unknown' : 'submitting', numbers };
  if (rows.some((r) => r.state === 'accepted')) return { state: 'accepted', numbers };
  const notPlaced = rows.every((r) => NOT_PLACED_CODES.has(r.rejectionCode ?? ''));
  return { state: notPlaced ? 'failed' : 'rejected', numbers };
}

export async function submitStep(ctx: OrderContext, order: OrderRow): Promise<void> {
  const snapshot = order.submitted;
  if (!snapshot) throw new Error(`order ${order.cwPoId} is ${order.state} without a snapshot`);
  const at = () => ctx.now().toISOString();
  let current = order;
  if (current.state === 'validated') {
    current =
      (await updateOrder(ctx.db, current, { state: 'submitting', submittedAt: at(), updatedAt: at() })) ?? current;
    if (current.version === order.version) return; // someone else moved it; next step re-reads
  }
  for (const row of await planSubmissions(ctx, current)) {
    if (row.state === 'accepted' || row.state === 'rejected') continue;
    const outcome = await sendSubmission(
      row,
      orderInputFor({ snapshot, poNumber: row.tdsPoNumber, batch: row.batch, cwPoNumber: current.cwPoNumber }),
      { db: ctx.db, tds: ctx.tds, now: ctx.now, owner: ctx.owner, hooks: ctx.hooks },
    );
    const entity = { type: 'purchase_order', id: current.cwPoNumber };
    if (outcome.kind === 'accepted') {
      ctx.log('info', {
        code: outcome.adopted ? 'order_found_at_tds' : 'order_accepted',
        message: `${row.tdsPoNumber}: TD SYNNEX order ${outcome.orderNumbers.join(', ')}${outcome.adopted ? ' (found by PO number after an unanswered send; not sent again)' : ''}${row.testMode ? ' (TEST MODE)' : ''}.`,
        entity,
      });
    } else if (outcome.kind === 'rejected') {
      ctx.log('warn', { code: 'order_rejected', message: `${row.tdsPoNumber}: ${outcome.reason}`, entity });
    } else if (outcome.kind === 'unknown') {
      ctx.log('warn', {
        code: 'order_outcome_unknown',
        message: `${row.tdsPoNumber}: TD SYNNEX did not answer clearly (${outcome.message}); tds-bridge looks it up by PO number before sending again.`,
        entity,
      });
    }
    ctx.hooks.reached('after_settle', { cwPoId: current.cwPoId, tdsPoNumber: row.tdsPoNumber });
  }
  const rows = await planSubmissions(ctx, current);
  const { state, numbers } = settle(rows, current.batchCount);
  if (state === current.state && numbers.length === current.tdsOrderNumbers.length) return;
  const rejected = rows.find((r) => r.state === 'rejected');
  const lastError = rows.find((r) => r.lastErrorCode);
  const done = state === 'accepted' || state === 'rejected' || state === 'failed';
  await updateOrder(ctx.db, current, {
    state,
    tdsOrderNumbers: numbers,
    rejectionCode: rejected?.rejectionCode ?? null,
    rejectionReason: rejected?.rejectionReason ?? null,
    lastErrorCode: lastError?.lastErrorCode ?? null,
    lastErrorMessage: lastError?.lastErrorMessage ?? null,
    ...(done ? { writeback: 'pending' as const, resolvedAt: at() } : {}),
    updatedAt: at(),
  });
}
