/**
 * What the purchase-order pod asks of Create Orders: the tenant's settings, whether this member may send (by
 * ConnectWise security role), a dry validation of the PO as it is now (so the button can be disabled with the
 * reasons before anyone presses it), and the send/approve action itself.
 */
import type { OrderIssue } from '../../../../db/schema/orders.ts';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../errors.ts';
import { approveOrder } from '../../../orders/actions.ts';
import { getOrder, listSubmissions } from '../../../orders/repo.ts';
import { type OrderView, orderView } from '../../../orders/view.ts';
import type { PriceAvailabilityService } from '../../../pricing/pa-service.ts';
import { cwClientFor } from '../../../tenants/cw-clients.ts';
import { storedSettings } from '../../engine/settings.ts';
import { orderContext } from './context.ts';
import { memberPermission, type Permission } from './permission.ts';
import { readPo } from './po-reader.ts';
import { type RunStarter, requestSend, startRun } from './requests.ts';
import { CREATE_ORDERS_TEMPLATE, CreateOrdersSettings } from './settings.ts';
import { lineKeys, validatePo } from './validate.ts';

export async function createOrdersSettings(deps: Deps, tenantId: string): Promise<CreateOrdersSettings> {
  const stored = await storedSettings(deps.db, tenantId, CREATE_ORDERS_TEMPLATE);
  const parsed = CreateOrdersSettings.safeParse(stored?.settings ?? {});
  if (!parsed.success) {
    throw new AppError(
      'template_settings_invalid',
      'Create Orders settings are invalid; an administrator must fix them before orders can be sent.',
      { status: 409, details: parsed.error.issues },
    );
  }
  return parsed.data;
}

export interface PodOrderAnswer {
  order: OrderView | null;
  permission: Permission;
  /** Problems with the PO as it is now (dry run; null when not checked). */
  check: { issues: OrderIssue[]; poNumber: string; total: number } | null;
  testMode: boolean;
  approvalAmount: number | null;
  /** The server's time of this answer, so the pod can tell how long ago the order was written without clock skew. */
  serverTime: string;
}

/** What the pod's order calls use of the process: its engine (to start runs) and P&A service (shared cache). */
export interface PodOrderServices {
  engine: RunStarter;
  pa: PriceAvailabilityService;
}

export async function podOrder(
  deps: Deps,
  services: PodOrderServices,
  input: { tenantId: string; cwPoId: number; member: string; check: boolean },
): Promise<PodOrderAnswer> {
  const settings = await createOrdersSettings(deps, input.tenantId);
  const cw = await cwClientFor(deps, input.tenantId);
  const [order, permission] = await Promise.all([
    getOrder(deps.db, input),
    memberPermission(cw, input.member, settings),
  ]);
  let check: PodOrderAnswer['check'] = null;
  const placedOrMoving = order && !['invalid', 'rejected', 'failed', 'withdrawn'].includes(order.state);
  if (input.check && !placedOrMoving) {
    const ctx = await orderContext({
      deps,
      tenantId: input.tenantId,
      settings,
      owner: 'pod',
      log: () => {},
      pa: services.pa,
    });
    const po = await readPo(ctx.cw, input.cwPoId);
    const catalogIds = po.lines.map((l) => l.catalogId).filter((id): id is number => !!id);
    const keys = lineKeys(po, await ctx.mappedSkus(catalogIds));
    const wanted = [...keys.values()].filter((k) => k !== null);
    const prices = wanted.length ? await ctx.prices(wanted) : new Map();
    const result = validatePo({ po, settings, tdsVendorId: ctx.ids.vendorId, keys, prices });
    check = { issues: result.issues, poNumber: po.poNumber, total: po.total };
  }
  const submissions = order ? await listSubmissions(deps.db, input) : undefined;
  // Heal a request that arrived while a run was finishing: make sure a run will pick it up.
  if (order && (order.state === 'requested' || order.writeback === 'pending')) {
    await startRun(services.engine, input.tenantId, 'pod');
  }
  return {
    serverTime: deps.now().toISOString(),
    order: order ? orderView(order, submissions) : null,
    permission,
    check,
    testMode: settings.testMode,
    approvalAmount: settings.approvalAmount,
  };
}

/** The pod's "Send to TDS" (also the second member's approval when one is awaited). */
export async function podSend(
  deps: Deps,
  services: PodOrderServices,
  input: { tenantId: string; cwPoId: number; member: string },
): Promise<{ order: OrderView; outcome: string }> {
  const settings = await createOrdersSettings(deps, input.tenantId);
  const cw = await cwClientFor(deps, input.tenantId);
  const permission = await memberPermission(cw, input.member, settings);
  if (!permission.allowed) {
    throw new AppError('not_allowed_to_send', permission.reason ?? 'You may not send orders to TD SYNNEX.', {
      status: 403,
    });
  }
  // The PO must exist (no order rows for ids that are not POs); its number names the order from the start.
  const po = await cw.get('procurement/purchaseorders', input.cwPoId, { fields: 'id,poNumber' });
  const cwPoNumber = po.poNumber ?? undefined;
  const existing = await getOrder(deps.db, input);
  if (existing?.state === 'awaiting_approval') {
    const { order } = await approveOrder(deps.db, { ...input, memberId: input.member, now: deps.now() });
    await requestSend(deps, services.engine, {
      tenantId: input.tenantId,
      cwPoId: input.cwPoId,
      source: 'button',
      memberId: input.member,
    });
    return { order: orderView(order, await listSubmissions(deps.db, input)), outcome: 'approved' };
  }
  const { order, outcome } = await requestSend(deps, services.engine, {
    tenantId: input.tenantId,
    cwPoId: input.cwPoId,
    cwPoNumber,
    poPrefix: settings.poPrefix,
    source: 'button',
    memberId: input.member,
  });
  return { order: orderView(order, await listSubmissions(deps.db, input)), outcome };
}
