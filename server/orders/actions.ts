/**
 * Deliberate actions on an order beyond "send": a second member's approval above the tenant's amount, and a
 * re-order (a new TD SYNNEX order for a PO already placed, under a new PO-number suffix). Both are conditional
 * writes on the order's version, so two clicks do one thing.
 */
import type { Db } from '../../db/client.ts';
import type { OrderRow } from '../../db/schema/orders.ts';
import { AppError, notFound } from '../errors.ts';
import { getOrder, type OrderKey, updateOrder } from './repo.ts';

async function existing(db: Db, key: OrderKey): Promise<OrderRow> {
  const order = await getOrder(db, key);
  if (!order) throw notFound('order_not_found', `PO #${key.cwPoId} has not been sent to TD SYNNEX.`);
  return order;
}

/** Adds `memberId`'s approval; a second distinct member moves the order on (back to `requested`, re-validated). */
export async function approveOrder(
  db: Db,
  key: OrderKey & { memberId: string; now: Date },
): Promise<{ order: OrderRow; approved: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const order = await existing(db, key);
    if (order.state !== 'awaiting_approval') return { order, approved: false };
    if (order.approvals.some((a) => a.memberId === key.memberId)) {
      throw new AppError(
        'approval_needs_another_member',
        'You already asked to send this PO; a second allowed member must approve it.',
        { status: 409 },
      );
    }
    const approvals = [...order.approvals, { memberId: key.memberId, at: key.now.toISOString() }];
    const saved = await updateOrder(db, order, {
      approvals,
      state: 'requested',
      restartedFrom: null,
      updatedAt: key.now.toISOString(),
    });
    if (saved) return { order: saved, approved: true };
  }
  throw new AppError('order_busy', 'The order changed while approving; try again.', { status: 409 });
}

/** A new TD SYNNEX order for a PO already placed (or whose PO number is taken at TD SYNNEX): next suffix. */
export async function reorder(db: Db, key: OrderKey & { requestedBy: string; now: Date }): Promise<OrderRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const order = await existing(db, key);
    const allowed =
      (order.state === 'accepted' && order.writeback !== 'pending') ||
      (order.state === 'failed' && order.rejectionCode === 'po_number_in_use');
    if (!allowed) {
      throw new AppError(
        'reorder_not_allowed',
        order.state === 'accepted'
          ? 'The acceptance is still being written to ConnectWise; try again in a moment.'
          : `PO ${order.cwPoNumber} is ${order.state}: nothing was placed at TD SYNNEX, so send it instead of re-ordering.`,
        { status: 409, details: { state: order.state } },
      );
    }
    const at = key.now.toISOString();
    const saved = await updateOrder(db, order, {
      state: 'requested',
      generation: order.generation + 1,
      requestedVia: 'reorder',
      requestedBy: key.requestedBy,
      requestCount: order.requestCount + 1,
      lastRequestedAt: at,
      tdsOrderNumbers: [],
      batchCount: 0,
      submitted: null,
      approvals: [],
      issues: [],
      changes: [],
      rejectionCode: null,
      rejectionReason: null,
      writeback: 'none',
      resolvedAt: null,
      submittedAt: null,
      restartedFrom: null,
      updatedAt: at,
    });
    if (saved) return saved;
  }
  throw new AppError('order_busy', 'The order changed while re-ordering; try again.', { status: 409 });
}
