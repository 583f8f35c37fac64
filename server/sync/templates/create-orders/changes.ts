/**
 * After TD SYNNEX accepted a PO, a change to it in ConnectWise (lines added or removed, quantities, ship-to) or
 * its cancellation is detected against what was sent and flagged — on the PO (TDS Message and a flagged note),
 * in the activity log and in the pod. The TD SYNNEX order is never changed: the buyer is told what to do.
 */
import type { OrderRow, PostSubmissionChange } from '../../../../db/schema/orders.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../activation/names.ts';
import { updateOrder } from '../../../orders/repo.ts';
import type { OrderContext } from './context.ts';
import type { PoFacts } from './po-reader.ts';
import { readPo } from './po-reader.ts';

const OUR_STATUSES = new Set(Object.values(TDS_PO_STATUS).map((s) => s.toLowerCase()));

export function changesSince(order: OrderRow, po: PoFacts, at: string): PostSubmissionChange[] {
  const sent = order.submitted;
  if (!sent) return [];
  const found: PostSubmissionChange[] = [];
  const numbers = order.tdsOrderNumbers.join(', ');
  if (po.closed && !OUR_STATUSES.has(po.statusName.toLowerCase())) {
    found.push({
      kind: 'cancelled',
      at,
      message: `PO ${po.poNumber} was closed (${po.statusName}) after TD SYNNEX accepted it as order ${numbers}; cancel the order with TD SYNNEX if it is no longer wanted.`,
    });
  }
  const open = po.lines.filter((l) => !l.canceled);
  const sentIds = new Set(sent.lines.map((l) => l.lineId));
  const added = open.filter((l) => !sentIds.has(l.id));
  const removed = sent.lines.filter((l) => !open.some((o) => o.id === l.lineId));
  if (added.length || removed.length) {
    found.push({
      kind: 'lines',
      at,
      message: `Lines changed after TD SYNNEX order ${numbers} was placed (${added.length} added, ${removed.length} removed or cancelled); the TD SYNNEX order was not changed — change it with TD SYNNEX, or re-order.`,
    });
  }
  const changedQty = sent.lines.filter((l) => {
    const now = open.find((o) => o.id === l.lineId);
    return now && now.quantity !== l.quantity;
  });
  if (changedQty.length) {
    found.push({
      kind: 'quantity',
      at,
      message: `Quantities changed on line(s) ${changedQty.map((l) => l.lineNumber).join(', ')} after TD SYNNEX order ${numbers} was placed; the TD SYNNEX order still has the old quantities.`,
    });
  }
  const shipTo = (s: PoFacts['shipTo']) => [s.name, s.line1, s.city, s.state, s.zip, s.country].join('|').toLowerCase();
  if (shipTo(po.shipTo) !== shipTo(sent.shipTo)) {
    found.push({
      kind: 'ship_to',
      at,
      message: `The ship-to address changed after TD SYNNEX order ${numbers} was placed; TD SYNNEX still ships to ${sent.shipTo.line1}, ${sent.shipTo.city}. Ask TD SYNNEX to change it.`,
    });
  }
  return found;
}

/** Checks an accepted order against its PO now; flags what is new. Returns the new flags. */
export async function checkForChanges(ctx: OrderContext, order: OrderRow): Promise<PostSubmissionChange[]> {
  if (order.state !== 'accepted' || !order.submitted) return [];
  const po = await readPo(ctx.cw, order.cwPoId);
  const at = ctx.now().toISOString();
  const fresh = changesSince(order, po, at).filter(
    (c) => !order.changes.some((known) => known.kind === c.kind && known.message === c.message),
  );
  if (fresh.length === 0) return [];
  await updateOrder(ctx.db, order, { changes: [...order.changes, ...fresh], updatedAt: at });
  const text = fresh.map((c) => c.message).join(' ');
  for (const c of fresh) {
    ctx.log('warn', {
      code: `order_changed_${c.kind}`,
      message: c.message,
      entity: { type: 'purchase_order', id: po.poNumber },
    });
  }
  const messageId = ctx.ids.customField(TDS_CUSTOM_FIELDS.message);
  const current = await ctx.cw.get('procurement/purchaseorders', order.cwPoId);
  if (messageId) {
    const kept = (current.customFields ?? []).filter(
      (f) => f.id !== messageId && f.value !== null && f.value !== undefined,
    );
    await ctx.cw.patch('procurement/purchaseorders', order.cwPoId, [
      {
        op: 'replace',
        path: 'customFields',
        value: [...kept.map((f) => ({ id: f.id, value: f.value })), { id: messageId, value: text.slice(0, 2000) }],
      },
    ]);
  }
  await ctx.cw.create(
    'procurement/purchaseorders/{parentId}/notes',
    { text: `tds-bridge: ${text}`, type: 'Internal', flagged: true },
    { parentId: order.cwPoId },
  );
  return fresh;
}
