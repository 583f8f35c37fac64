/**
 * `requested` → `validated` | `invalid` | `awaiting_approval` | back to where it was (request withdrawn).
 * Reads the PO fresh, checks a callback's or sweep's request still stands, validates, asks for a second
 * approver above the tenant's amount, then fixes what will be sent (snapshot) and writes the submission rows
 * BEFORE the order moves on — so the PO numbers exist in the database before anything reaches TD SYNNEX.
 */
import type { OrderIssue, OrderRow, SubmittedSnapshot } from '../../../../db/schema/orders.ts';
import { TDS_PO_STATUS } from '../../../activation/names.ts';
import { isUpstreamError } from '../../../connectors/upstream-error.ts';
import { ensureSubmissions, getSubmission, reopenRejected, updateOrder } from '../../../orders/repo.ts';
import type { OrderContext } from './context.ts';
import { memberPermission } from './permission.ts';
import { basePoNumber, batchesOf, batchPoNumbers } from './plan.ts';
import { type PoFacts, readPo } from './po-reader.ts';
import { TDS_PO_NUMBER_MAX } from './settings.ts';
import { lineKeys, validatePo } from './validate.ts';

/** Does the PO itself (status or field) still ask to be sent? Callbacks and the sweep need it; a click is its own ask. */
export function poAsksToSend(po: Pick<PoFacts, 'statusName' | 'sendToTdsTicked'>): boolean {
  return po.statusName.toLowerCase() === TDS_PO_STATUS.send.toLowerCase() || po.sendToTdsTicked;
}

async function readOrGone(ctx: OrderContext, poId: number): Promise<PoFacts | undefined> {
  try {
    return await readPo(ctx.cw, poId);
  } catch (error) {
    if (isUpstreamError(error) && error.upstreamStatus === 404) return undefined;
    throw error;
  }
}

/**
 * The pod checks the clicking member's role before it asks; a status or field saved in ConnectWise has no pod, so
 * the member who saved it (the callback's `MemberId`, else the PO's `_info.updatedBy`) is checked here. Without
 * this, anyone who may edit a PO could place an order the tenant reserved for purchasing.
 */
async function senderRefused(ctx: OrderContext, order: OrderRow, po: PoFacts): Promise<OrderIssue | undefined> {
  const allowed = ctx.settings.allowedRoles;
  if (allowed.length === 0) return undefined;
  const who = order.requestedBy || po.updatedBy;
  const list = allowed.join(', ');
  if (!who) {
    return {
      code: 'sender_unknown',
      message: `ConnectWise did not say who set "Send to TDS", and only these roles may send: ${list}. An allowed member sends it from the PO pod.`,
    };
  }
  const permission = await memberPermission(ctx.cw, who, ctx.settings);
  if (permission.allowed) return undefined;
  return {
    code: 'sender_not_allowed',
    message: `${who} set "Send to TDS", but their ConnectWise security role (${permission.role ?? 'none'}) may not send orders to TD SYNNEX; allowed: ${list}. An allowed member sends it from the PO pod or saves "Send to TDS" again.`,
  };
}

export async function validateStep(ctx: OrderContext, order: OrderRow): Promise<void> {
  const at = ctx.now().toISOString();
  const entity = { type: 'purchase_order', id: order.cwPoNumber };
  const po = await readOrGone(ctx, order.cwPoId);
  const needsAsk = order.requestedVia === 'callback' || order.requestedVia === 'sweep';
  if (!po || (needsAsk && !poAsksToSend(po))) {
    await updateOrder(ctx.db, order, { state: order.restartedFrom ?? 'withdrawn', restartedFrom: null, updatedAt: at });
    ctx.log('info', {
      code: 'order_request_withdrawn',
      message: `PO ${order.cwPoNumber} no longer asks to be sent to TD SYNNEX (${po ? `status ${po.statusName}` : 'deleted'}); nothing was sent.`,
      entity,
    });
    return;
  }
  const refused = needsAsk ? await senderRefused(ctx, order, po) : undefined;
  const catalogIds = po.lines.map((l) => l.catalogId).filter((id): id is number => !!id);
  const keys = lineKeys(po, await ctx.mappedSkus(catalogIds));
  const wanted = [...keys.values()].filter((k) => k !== null);
  const prices = wanted.length ? await ctx.prices(wanted) : new Map();
  const result = validatePo({ po, settings: ctx.settings, tdsVendorId: ctx.ids.vendorId, keys, prices });
  if (refused) result.issues.unshift(refused);

  const base = basePoNumber({ prefix: ctx.settings.poPrefix, cwPoNumber: po.poNumber, generation: order.generation });
  const batches = batchesOf(result.lines, ctx.settings.maxLinesPerOrder);
  const numbers = batchPoNumbers(base, batches.length);
  if (numbers.some((n) => n.length > TDS_PO_NUMBER_MAX)) {
    result.issues.push({
      code: 'po_number_too_long',
      message: `PO number ${numbers.at(-1)} is longer than TD SYNNEX's ${TDS_PO_NUMBER_MAX} characters; shorten the tenant prefix or the ConnectWise PO number.`,
    });
  }
  ctx.hooks.reached('after_validate', { cwPoId: order.cwPoId });
  if (result.issues.length) {
    const saved = await updateOrder(ctx.db, order, {
      state: 'invalid',
      cwPoNumber: po.poNumber,
      issues: result.issues,
      amount: po.total,
      restartedFrom: null,
      writeback: 'pending',
      updatedAt: at,
    });
    if (saved) {
      ctx.log('warn', {
        code: 'order_invalid',
        message: `PO ${po.poNumber} was not sent to TD SYNNEX: ${result.issues.map((i) => i.message).join(' ')}`,
        entity,
        details: { issues: result.issues },
      });
    }
    return;
  }

  const approvers = new Set(order.approvals.map((a) => a.memberId));
  if (order.requestedBy) approvers.add(order.requestedBy);
  const amount = ctx.settings.approvalAmount;
  if (amount !== null && po.total > amount && approvers.size < 2) {
    const saved = await updateOrder(ctx.db, order, {
      state: 'awaiting_approval',
      cwPoNumber: po.poNumber,
      amount: po.total,
      issues: [],
      approvals: order.requestedBy ? [{ memberId: order.requestedBy, at }] : [],
      restartedFrom: null,
      updatedAt: at,
    });
    if (saved) {
      ctx.log('info', {
        code: 'order_awaiting_approval',
        message: `PO ${po.poNumber} ($${po.total.toFixed(2)}) is above the $${amount.toFixed(2)} approval amount; a second allowed member approves it in the PO pod.`,
        entity,
      });
    }
    return;
  }

  const snapshot: SubmittedSnapshot = {
    lines: result.lines,
    shipTo: po.shipTo,
    contact: po.contact,
    shipMethod: result.shipMethod,
    batchSize: ctx.settings.maxLinesPerOrder,
  };
  await ensureSubmissions(
    ctx.db,
    batches.map((lines, k) => ({
      tenantId: ctx.tenantId,
      cwPoId: order.cwPoId,
      tdsPoNumber: numbers[k]!,
      generation: order.generation,
      batch: k + 1,
      lineIds: lines.map((l) => l.lineId),
      testMode: ctx.settings.testMode,
    })),
    ctx.now(),
  );
  // A buyer's new request after a rejection reuses the PO numbers: nothing was placed under them.
  for (const number of numbers) {
    const row = await getSubmission(ctx.db, { tenantId: ctx.tenantId, tdsPoNumber: number });
    if (row?.state === 'rejected') await reopenRejected(ctx.db, row, ctx.now());
  }
  const saved = await updateOrder(ctx.db, order, {
    state: 'validated',
    cwPoNumber: po.poNumber,
    tdsPoNumber: base,
    batchCount: numbers.length,
    submitted: snapshot,
    amount: po.total,
    testMode: ctx.settings.testMode,
    issues: [],
    restartedFrom: null,
    rejectionCode: null,
    rejectionReason: null,
    lastErrorCode: null,
    lastErrorMessage: null,
    tdsOrderNumbers: [],
    updatedAt: at,
  });
  if (saved) {
    ctx.log('info', {
      code: 'order_validated',
      message: `PO ${po.poNumber} is ready for TD SYNNEX as ${numbers.join(', ')}${ctx.settings.testMode ? ' (TEST MODE)' : ''}.`,
      entity,
    });
  }
}
