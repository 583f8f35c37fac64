/**
 * Puts the outcome on the ConnectWise PO: TD SYNNEX order number(s) in the vendor order number and "TDS Order
 * Numbers", status "TDS Accepted" (or the tenant's rejected status), "TDS Message", "Send to TDS" cleared, and a
 * note. Replace operations only, so a write redone after a crash writes the same values (the note may repeat).
 * Records the PO's lastUpdated after our write so our own callback never restarts anything.
 */
import type { OrderRow, OrderSubmissionRow } from '../../../../db/schema/orders.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../activation/names.ts';
import type { CwPatchOp } from '../../../connectors/cw/client.ts';
import { listSubmissions, updateOrder } from '../../../orders/repo.ts';
import type { OrderContext } from './context.ts';

const MAX_WRITEBACK_ATTEMPTS = 5;

/** Batches of an accepted order that TD SYNNEX rejected: their lines are not ordered. */
function rejectedBatches(order: OrderRow, submissions: OrderSubmissionRow[]): string {
  const lineNumbers = new Map((order.submitted?.lines ?? []).map((l) => [l.lineId, l.lineNumber]));
  return submissions
    .filter((s) => s.state === 'rejected')
    .map((s) => {
      const lines = s.lineIds.map((id) => lineNumbers.get(id) ?? id).join(', ');
      return `${s.tdsPoNumber} (PO line${s.lineIds.length === 1 ? '' : 's'} ${lines}) was rejected: ${s.rejectionReason ?? 'no reason given'}`;
    })
    .join('; ');
}

export function outcomeMessage(order: OrderRow, submissions: OrderSubmissionRow[] = []): string {
  const test = order.testMode ? ' [TEST MODE: sent to the TD SYNNEX test endpoint]' : '';
  const partly = order.state === 'accepted' ? rejectedBatches(order, submissions) : '';
  if (partly) {
    // A split PO is several TD SYNNEX orders: one refused leaves its lines unordered while the rest ship.
    return `Partly accepted by TD SYNNEX as order ${order.tdsOrderNumbers.join(', ')}. ${partly}. Those lines are NOT ordered: fix what the reason says and order them on a new PO (Re-order would send every line again).${test}`;
  }
  if (order.state === 'accepted') {
    return `Accepted by TD SYNNEX as order ${order.tdsOrderNumbers.join(', ')} (PO number ${order.tdsPoNumber}${order.batchCount > 1 ? ` in ${order.batchCount} batches` : ''}).${test}`;
  }
  if (order.state === 'invalid') return `Not sent to TD SYNNEX: ${order.issues.map((i) => i.message).join(' ')}`;
  if (order.state === 'failed') {
    return `Not sent to TD SYNNEX: ${order.rejectionReason ?? order.lastErrorMessage ?? 'see the activity log'}${test}`;
  }
  return `Rejected by TD SYNNEX: ${order.rejectionReason ?? 'no reason given'} Fix the PO and set it to "Send to TDS" again.${test}`;
}

function customFieldsOp(
  current: Array<{ id: number; value?: unknown }> | null | undefined,
  changes: Map<number, unknown>,
): CwPatchOp {
  const kept = (current ?? []).filter((f) => !changes.has(f.id) && f.value !== null && f.value !== undefined);
  const value = [
    ...kept.map((f) => ({ id: f.id, value: f.value })),
    ...[...changes].map(([id, v]) => ({ id, value: v })),
  ];
  return { op: 'replace', path: 'customFields', value };
}

export async function writebackStep(ctx: OrderContext, order: OrderRow): Promise<void> {
  ctx.hooks.reached('before_writeback', { cwPoId: order.cwPoId });
  const submissions =
    order.state === 'accepted' && order.batchCount > 1
      ? await listSubmissions(ctx.db, { tenantId: ctx.tenantId, cwPoId: order.cwPoId, generation: order.generation })
      : [];
  const message = outcomeMessage(order, submissions);
  const partly = submissions.some((s) => s.state === 'rejected');
  try {
    const po = await ctx.cw.get('procurement/purchaseorders', order.cwPoId);
    const fields = new Map<number, unknown>();
    const fieldId = (f: (typeof TDS_CUSTOM_FIELDS)[keyof typeof TDS_CUSTOM_FIELDS]) => ctx.ids.customField(f);
    const messageId = fieldId(TDS_CUSTOM_FIELDS.message);
    const sendId = fieldId(TDS_CUSTOM_FIELDS.sendToTds);
    const numbersId = fieldId(TDS_CUSTOM_FIELDS.orderNumbers);
    if (messageId) fields.set(messageId, message.slice(0, 2000));
    if (sendId) fields.set(sendId, false);
    const ops: CwPatchOp[] = [];
    if (order.state === 'accepted') {
      if (numbersId) fields.set(numbersId, order.tdsOrderNumbers.join(', '));
      ops.push({ op: 'replace', path: 'vendorOrderNumber', value: order.tdsOrderNumbers.join(', ').slice(0, 50) });
      const accepted = ctx.ids.poStatus(TDS_PO_STATUS.accepted);
      if (accepted) ops.push({ op: 'replace', path: 'status', value: { id: accepted } });
    } else if (order.state === 'rejected' || order.state === 'failed') {
      const rejected = ctx.ids.poStatus(ctx.settings.rejectedStatus);
      if (rejected) ops.push({ op: 'replace', path: 'status', value: { id: rejected } });
    }
    if (fields.size) ops.push(customFieldsOp(po.customFields, fields));
    const patched = ops.length ? await ctx.cw.patch('procurement/purchaseorders', order.cwPoId, ops) : po;
    await ctx.cw.create(
      'procurement/purchaseorders/{parentId}/notes',
      { text: `tds-bridge: ${message}`, type: 'Internal', flagged: order.state !== 'accepted' || partly },
      { parentId: order.cwPoId },
    );
    ctx.hooks.reached('after_writeback', { cwPoId: order.cwPoId });
    await updateOrder(ctx.db, order, {
      writeback: 'done',
      writebackAttempts: order.writebackAttempts + 1,
      cwWrittenUpdatedAt: typeof patched._info?.lastUpdated === 'string' ? patched._info.lastUpdated : null,
      updatedAt: ctx.now().toISOString(),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulatedCrash') throw error;
    const attempts = order.writebackAttempts + 1;
    await updateOrder(ctx.db, order, {
      writeback: attempts >= MAX_WRITEBACK_ATTEMPTS ? 'failed' : 'pending',
      writebackAttempts: attempts,
      lastErrorCode: 'writeback_failed',
      lastErrorMessage: `The outcome could not be written to the PO in ConnectWise: ${error instanceof Error ? error.message : String(error)}`,
      updatedAt: ctx.now().toISOString(),
    });
    ctx.log('error', {
      code: 'order_writeback_failed',
      message: `PO ${order.cwPoNumber}: ${message} — but writing this to ConnectWise failed (${error instanceof Error ? error.message : String(error)}); tds-bridge tries again.`,
      entity: { type: 'purchase_order', id: order.cwPoNumber },
    });
  }
}
