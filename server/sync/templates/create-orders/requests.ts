/**
 * The one way into Create Orders for the pod button, ConnectWise callbacks and the sweep: the order request is
 * written (orders row, keyed by tenant and PO id) and an engine run requested (a `sync_runs` row) before the
 * caller answers, so nothing acknowledged is lost; the engine does the rest. Who may restart a settled order is
 * decided here: a click always; a callback or sweep only when a person saved the PO after our last write
 * (our own write-back's callback never restarts anything), and the sweep never resubmits a rejection.
 */
import type { OrderRequestSource, OrderRow } from '../../../../db/schema/orders.ts';
import type { Deps } from '../../../deps.ts';
import { type RequestOutcome, recordRequest, updateOrder } from '../../../orders/repo.ts';
import { writeActivity } from '../../engine/activity-log.ts';
import type { Engine } from '../../engine/index.ts';
import { CREATE_ORDERS_TEMPLATE } from './settings.ts';

export interface SendRequest {
  tenantId: string;
  cwPoId: number;
  /** When known (callback entity, sweep list); validation fills it in otherwise. */
  cwPoNumber?: string;
  source: OrderRequestSource;
  memberId?: string | null;
  /** ConnectWise `_info.lastUpdated` of the PO as the requester saw it. */
  poLastUpdated?: string;
  /** The tenant's PO-number prefix, to show the PO number TD SYNNEX will see before validation fixes it. */
  poPrefix?: string;
}

/** Saved by a person after our last write to it (ConnectWise time on both sides). */
export function savedSinceOurWrite(order: OrderRow, poLastUpdated: string | undefined): boolean {
  if (!order.cwWrittenUpdatedAt) return true;
  return !!poLastUpdated && Date.parse(poLastUpdated) > Date.parse(order.cwWrittenUpdatedAt);
}

function mayRestart(request: SendRequest): (current: OrderRow) => boolean {
  return (current) => {
    if (request.source === 'button' || request.source === 'admin' || request.source === 'reorder') return true;
    if (request.source === 'sweep' && (current.state === 'rejected' || current.state === 'failed')) return false;
    return savedSinceOurWrite(current, request.poLastUpdated);
  };
}

/** Records the request; does not start the engine (the sweep is already inside a run). */
export async function recordSendRequest(
  deps: Pick<Deps, 'db' | 'now'>,
  request: SendRequest,
): Promise<{ order: OrderRow; outcome: RequestOutcome }> {
  const result = await recordRequest(deps.db, {
    tenantId: request.tenantId,
    cwPoId: request.cwPoId,
    cwPoNumber: request.cwPoNumber ?? String(request.cwPoId),
    tdsPoNumber: `${request.poPrefix ?? ''}${request.cwPoNumber ?? String(request.cwPoId)}`,
    source: request.source,
    memberId: request.memberId ?? null,
    at: deps.now(),
    mayRestart: mayRestart(request),
  });
  const { order, outcome } = result;
  const scope = { tenantId: request.tenantId, templateId: CREATE_ORDERS_TEMPLATE };
  const entity = { type: 'purchase_order', id: order.cwPoNumber };
  if (outcome === 'already_placed' && request.source !== 'button') {
    // A person set "Send to TDS" again after acceptance: never a second order; put the PO's status back.
    if (order.writeback === 'done' && savedSinceOurWrite(order, request.poLastUpdated)) {
      const flagged = await updateOrder(deps.db, order, { writeback: 'pending', updatedAt: deps.now().toISOString() });
      await writeActivity(
        deps.db,
        scope,
        'warn',
        {
          code: 'order_already_placed',
          message: `PO ${order.cwPoNumber} was set to "Send to TDS" again, but it is already TD SYNNEX order ${order.tdsOrderNumbers.join(', ')}; nothing was sent. To order again on purpose, use Re-order.`,
          entity,
        },
        deps.now(),
      );
      return { order: flagged ?? order, outcome };
    }
  }
  if (outcome === 'created' || outcome === 'restarted') {
    await writeActivity(
      deps.db,
      scope,
      'info',
      {
        code: 'order_requested',
        message: `PO ${order.cwPoNumber}: sending to TD SYNNEX was requested by ${request.memberId ?? request.source} (${request.source}).`,
        entity,
      },
      deps.now(),
    );
  }
  return result;
}

/** What starts a Create Orders run now (the process's engine). */
export type RunStarter = Pick<Engine, 'runNow' | 'kick'>;

/**
 * Records the request and makes sure an engine run will pick it up (written before returning), then kicks the
 * engine so it starts at once. Were the run request lost, the scheduled sweep would still find the order row.
 */
export async function requestSend(
  deps: Deps,
  engine: RunStarter,
  request: SendRequest,
): Promise<{ order: OrderRow; outcome: RequestOutcome; runId?: number }> {
  const result = await recordSendRequest(deps, request);
  const moving = result.outcome === 'created' || result.outcome === 'restarted' || result.order.writeback === 'pending';
  const inFlight = result.outcome === 'in_progress';
  if (!moving && !inFlight) return result;
  return { ...result, runId: await startRun(engine, request.tenantId, request.memberId ?? request.source) };
}

/** A Create Orders run for the tenant (the unfinished one when there is one), started at once. */
export async function startRun(engine: RunStarter, tenantId: string, requestedBy: string): Promise<number> {
  const { run } = await engine.runNow(tenantId, CREATE_ORDERS_TEMPLATE, { requestedBy });
  void engine.kick()?.catch(() => undefined);
  return run.id;
}
