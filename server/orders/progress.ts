/**
 * What the pods show about TD SYNNEX orders: the PO pod's progress (status timeline, carriers with tracking
 * links, serial numbers, invoices) and the ticket pod's badges (one per order tied to the ticket: status, ETA,
 * tracking link). Built from Order Status' tracking rows and Create Orders' order rows; the ticket's ties are
 * read from ConnectWise (a ticket names its PO by `poNumber`).
 */
import type { OrderTrackingRow } from '../../db/schema/order-tracking.ts';
import type { OrderRow } from '../../db/schema/orders.ts';
import type { Deps } from '../deps.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import { getOrder } from './repo.ts';
import { type TrackingLink, trackingLink } from './tracking-links.ts';
import { getTracking, listEvents, listTracking } from './tracking-repo.ts';

export interface ProgressLine {
  lineNumber: string;
  sku: string;
  orderNumber: string;
  code: string;
  orderQuantity: number;
  shipQuantity: number;
  partial: boolean;
  carrier: string;
  tracking: TrackingLink[];
  serialNumbers: string[];
  shipDate?: string;
  eta?: string;
}

export interface OrderProgress {
  cwPoId: number;
  cwPoNumber: string;
  /** The TDS status on the PO ("TDS Shipped"…), or what is happening before TD SYNNEX answered. */
  status: string;
  tdsStatus: string | null;
  tdsPoNumbers: string[];
  orderNumbers: string[];
  /** Earliest ETA of what has not shipped yet. */
  eta?: string;
  lines: ProgressLine[];
  carriers: TrackingLink[];
  invoices: OrderTrackingRow['invoices'];
  timeline: Array<{ at: string; kind: string; message: string; ok: boolean | null }>;
  /** Set when a buyer typed an order number that TD SYNNEX does not know by this PO's number. */
  needsLink?: string;
  lastCheckedAt: string | null;
}

const ORDER_STATE_LABEL: Partial<Record<OrderRow['state'], string>> = {
  requested: 'Sending to TD SYNNEX',
  validated: 'Sending to TD SYNNEX',
  submitting: 'Sending to TD SYNNEX',
  unknown: 'Checking with TD SYNNEX',
  awaiting_approval: 'Awaiting approval',
  invalid: 'Needs fixing before sending',
  accepted: 'TDS Accepted',
  rejected: 'TDS Rejected',
  failed: 'Not sent',
};

function progressOf(row: OrderTrackingRow, order: OrderRow | undefined): Omit<OrderProgress, 'timeline'> {
  const lines = row.lines.map((l) => ({
    lineNumber: l.lineNumber,
    sku: l.sku,
    orderNumber: l.orderNumber,
    code: l.code,
    orderQuantity: l.orderQuantity,
    shipQuantity: l.shipQuantity,
    partial: l.shipQuantity > 0 && l.shipQuantity < l.orderQuantity,
    carrier: l.carrier,
    tracking: l.trackingNumbers.map((n) => trackingLink(l.carrier, n)),
    serialNumbers: l.serialNumbers,
    ...(l.shipDate ? { shipDate: l.shipDate } : {}),
    ...(l.eta ? { eta: l.eta } : {}),
  }));
  const carriers = [...new Map(lines.flatMap((l) => l.tracking).map((t) => [t.number, t])).values()];
  const eta = row.lines
    .filter((l) => l.shipQuantity < l.orderQuantity && l.eta)
    .map((l) => l.eta as string)
    .sort()[0];
  return {
    cwPoId: row.cwPoId,
    cwPoNumber: row.cwPoNumber,
    status: row.cwStatus ?? (order ? (ORDER_STATE_LABEL[order.state] ?? order.state) : 'Waiting for TD SYNNEX'),
    tdsStatus: row.tdsStatus,
    tdsPoNumbers: row.tdsPoNumbers,
    orderNumbers: [
      ...new Set([...(order?.tdsOrderNumbers ?? []), ...row.lines.map((l) => l.orderNumber)].filter(Boolean)),
    ],
    ...(eta ? { eta } : {}),
    lines,
    carriers,
    invoices: row.invoices,
    ...(row.link === 'needs_link'
      ? {
          needsLink: `TD SYNNEX order ${row.typedOrderNumber ?? ''} was typed by hand and TD SYNNEX knows no PO by this PO's number; link it to the PO number it was placed under.`,
        }
      : {}),
    lastCheckedAt: row.lastCheckedAt,
  };
}

/**
 * The PO pod's order progress, or undefined when Order Status does not follow this PO (yet). Meant to be
 * included as the `progress` field of `GET /api/pod/purchase-orders/:id/order`.
 */
export async function orderProgress(deps: Deps, tenantId: string, cwPoId: number): Promise<OrderProgress | undefined> {
  const row = await getTracking(deps.db, { tenantId, cwPoId });
  if (!row) return undefined;
  const order = await getOrder(deps.db, { tenantId, cwPoId });
  const events = await listEvents(deps.db, { tenantId, cwPoId });
  return {
    ...progressOf(row, order),
    timeline: events.map((e) => ({ at: e.at, kind: e.kind, message: e.message, ok: e.ok })),
  };
}

export interface TicketOrderBadge {
  cwPoId: number;
  poNumber: string;
  status: string;
  eta?: string;
  /** The first tracking number with its carrier page; `trackingCount` says how many there are. */
  tracking?: TrackingLink;
  trackingCount: number;
  orderNumbers: string[];
}

/** One badge per TD SYNNEX order tied to the ticket; empty when there is none. */
export async function ticketOrders(deps: Deps, tenantId: string, ticketId: number): Promise<TicketOrderBadge[]> {
  const cw = await cwClientFor(deps, tenantId);
  const ticket = (await cw.get('service/tickets', ticketId, { fields: 'id,poNumber' })) as { poNumber?: unknown };
  const poNumber = typeof ticket.poNumber === 'string' ? ticket.poNumber.trim() : '';
  const pos = poNumber
    ? await cw.list('procurement/purchaseorders', {
        conditions: `poNumber="${poNumber.replace(/"/g, '\\"')}"`,
        fields: 'id,poNumber',
        pageSize: 10,
      })
    : [];
  const tracked = await listTracking(deps.db, { tenantId, ticketId });
  const byPo = await listTracking(deps.db, { tenantId, cwPoIds: pos.map((p) => p.id) });
  const rows = new Map([...tracked, ...byPo].map((r) => [r.cwPoId, r]));
  const badges: TicketOrderBadge[] = [];
  const ids = new Set([...rows.keys(), ...pos.map((p) => p.id)]);
  for (const cwPoId of ids) {
    const order = await getOrder(deps.db, { tenantId, cwPoId });
    const row = rows.get(cwPoId);
    if (!row && !order) continue;
    if (!row && order) {
      badges.push({
        cwPoId,
        poNumber: order.cwPoNumber,
        status: ORDER_STATE_LABEL[order.state] ?? order.state,
        trackingCount: 0,
        orderNumbers: order.tdsOrderNumbers,
      });
      continue;
    }
    const p = progressOf(row as OrderTrackingRow, order);
    badges.push({
      cwPoId,
      poNumber: p.cwPoNumber,
      status: p.status,
      ...(p.eta ? { eta: p.eta } : {}),
      ...(p.carriers[0] ? { tracking: p.carriers[0] } : {}),
      trackingCount: p.carriers.length,
      orderNumbers: p.orderNumbers,
    });
  }
  return badges.sort((a, b) => a.cwPoId - b.cwPoId);
}
