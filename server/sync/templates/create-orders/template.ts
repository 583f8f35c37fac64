/**
 * Create Orders on the sync engine. Each run: the sweep (POs whose status is "Send to TDS" or whose "Send to
 * TDS" field is ticked become order requests — the safety net under callbacks and clicks — and accepted POs saved
 * since the last run are compared with what TD SYNNEX got, change-sweep.ts), then every open
 * order is moved on: requested → validated → submitted → accepted/rejected → written back to ConnectWise.
 * Runs come from the 5-minute schedule and from each request (requests.ts). A run ends when nothing is left
 * that can move now; orders waiting for a retry time are picked up by a later run.
 */
import * as z from 'zod';
import type { OrderRow } from '../../../../db/schema/orders.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../activation/names.ts';
import { getSubmission, listOrdersToProcess } from '../../../orders/repo.ts';
import { defineTemplate, type StepContext, type Template } from '../../engine/index.ts';
import { changeSweepFrom, sweepChanges } from './change-sweep.ts';
import { type OrderContext, orderContext } from './context.ts';
import type { OrderHooks } from './hooks.ts';
import { planPoNumbers } from './plan.ts';
import { recordSendRequest } from './requests.ts';
import { CREATE_ORDERS_TEMPLATE, CreateOrdersSettings } from './settings.ts';
import { submitStep } from './submit-step.ts';
import { validateStep } from './validate-step.ts';
import { writebackStep } from './writeback.ts';

const Checkpoint = z.object({ swept: z.boolean(), passes: z.number().int() });
type Checkpoint = z.infer<typeof Checkpoint>;

/** Orders moved per step, and passes per run before leaving the rest to the next run (bounded work). */
const ORDERS_PER_STEP = 25;
const MAX_PASSES = 40;
const PER_ORDER_MS = 8_000;

async function sweep(ctx: OrderContext): Promise<number> {
  const fields = 'id,poNumber,_info';
  const [byStatus, byField] = await Promise.all([
    ctx.cw.list('procurement/purchaseorders', {
      conditions: `status/name="${TDS_PO_STATUS.send}" and closedFlag=false`,
      fields,
      pageSize: 1000,
    }),
    ctx.cw.list('procurement/purchaseorders', {
      conditions: 'closedFlag=false',
      customFieldConditions: `caption="${TDS_CUSTOM_FIELDS.sendToTds.caption}" AND value=true`,
      fields,
      pageSize: 1000,
    }),
  ]);
  const seen = new Set<number>();
  for (const po of [...byStatus, ...byField]) {
    if (seen.has(po.id)) continue;
    seen.add(po.id);
    await recordSendRequest(ctx, {
      tenantId: ctx.tenantId,
      cwPoId: po.id,
      cwPoNumber: po.poNumber ?? undefined,
      source: 'sweep',
      memberId: typeof po._info?.updatedBy === 'string' ? po._info.updatedBy : undefined,
      poPrefix: ctx.settings.poPrefix,
      poLastUpdated: typeof po._info?.lastUpdated === 'string' ? po._info.lastUpdated : undefined,
    });
  }
  return seen.size;
}

/**
 * Can this order move now? Not when it waits for a retry time, a claim held by a live sender elsewhere, or an
 * approver. A submitting order whose batches are all settled can always move (to be settled itself).
 */
async function movable(ctx: OrderContext, order: OrderRow, now: Date): Promise<boolean> {
  if (order.writeback === 'pending') return true;
  if (order.state === 'requested' || order.state === 'validated') return true;
  if (order.state !== 'submitting' && order.state !== 'unknown') return false;
  const at = now.toISOString();
  const rows = await Promise.all(
    planPoNumbers(order).map((n) => getSubmission(ctx.db, { tenantId: ctx.tenantId, tdsPoNumber: n })),
  );
  const open = rows.filter((r) => r && r.state !== 'accepted' && r.state !== 'rejected');
  if (open.length === 0) return true;
  return open.some(
    (r) => r && (!r.notBefore || r.notBefore <= at) && (r.state !== 'sending' || (r.claimExpiresAt ?? '') <= at),
  );
}

export async function moveOrder(ctx: OrderContext, order: OrderRow): Promise<void> {
  if (order.state === 'requested') return validateStep(ctx, order);
  if (order.state === 'validated' || order.state === 'submitting' || order.state === 'unknown')
    return submitStep(ctx, order);
  if (order.writeback === 'pending') return writebackStep(ctx, order);
}

/** One pass over the tenant's movable orders; returns how many moved. */
export async function movePass(ctx: OrderContext, timeLeft: () => number): Promise<number> {
  const now = ctx.now();
  let moved = 0;
  for (const order of await listOrdersToProcess(ctx.db, ctx.tenantId, ORDERS_PER_STEP * 4)) {
    if (moved >= ORDERS_PER_STEP || timeLeft() < PER_ORDER_MS) break;
    if (!(await movable(ctx, order, now))) continue;
    await moveOrder(ctx, order);
    moved++;
  }
  return moved;
}

export function createOrdersTemplate(options: { hooks?: OrderHooks } = {}): Template {
  return defineTemplate({
    id: CREATE_ORDERS_TEMPLATE,
    title: 'Create Orders',
    description:
      'Purchase orders set to "Send to TDS" (pod button, status or field) are validated and sent to TD SYNNEX exactly once; order numbers, status and messages are written back to the PO.',
    defaultSchedule: '*/5 * * * *',
    settingsSchema: CreateOrdersSettings,
    checkpointSchema: Checkpoint,
    maxAttempts: 10,
    async run(ctx: StepContext<CreateOrdersSettings, Checkpoint>) {
      const at: Checkpoint = ctx.checkpoint ?? { swept: false, passes: 0 };
      const orders = await orderContext({
        deps: ctx.deps,
        tenantId: ctx.tenantId,
        settings: ctx.settings,
        owner: `run-${ctx.runId}`,
        hooks: options.hooks,
        now: () => ctx.now(),
        log: (level, entry) => ctx.log[level](entry),
      });
      let swept = at.swept;
      if (!swept) {
        const found = await sweep(orders);
        if (found) ctx.log.debug({ code: 'orders_swept', message: `${found} PO(s) ask to be sent to TD SYNNEX.` });
        const changes = await sweepChanges(orders, {
          since: await changeSweepFrom(orders),
          timeLeft: () => ctx.timeLeft(),
        });
        swept = changes.complete;
      }
      const moved = await movePass(orders, () => ctx.timeLeft());
      ctx.counts.add('updated', moved);
      if (ctx.signal.aborted || at.passes + 1 >= MAX_PASSES || (moved === 0 && swept)) return { done: true };
      return { done: false, checkpoint: { swept, passes: at.passes + 1 } };
    },
  });
}

export const createOrders = createOrdersTemplate();
