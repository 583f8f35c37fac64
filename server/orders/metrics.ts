/**
 * The order figures the operations console shows, per tenant, computed from Create Orders' rows (`orders`,
 * `order_submissions`) and Order Status' (`order_tracking`, `order_events`): creation → submission time,
 * submission success rate, failure reasons, order-number assignment, status update lag, tracking completeness,
 * delivery confirmation and ticket-notification success. Read-only queries; nothing here writes.
 */
import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { orderTracking } from '../../db/schema/order-tracking.ts';
import { orders } from '../../db/schema/orders.ts';
import { listEventsOfKinds } from './tracking-repo.ts';

export interface Distribution {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface Ratio {
  /** Numerator and denominator, so the console can show "12 of 14". */
  done: number;
  of: number;
  /** done / of, or null when there is nothing to measure. */
  rate: number | null;
}

export interface OrderMetrics {
  tenantId: string;
  since: string | null;
  /** First request → TD SYNNEX accepted it. */
  creationToSubmission: Distribution;
  /** Accepted among orders TD SYNNEX answered or that failed to go (rejected, failed). */
  submissionSuccess: Ratio;
  /** Rejection or error codes with how often they happened. */
  failureReasons: Array<{ code: string; count: number; example: string | null }>;
  /** Accepted orders whose TD SYNNEX order number(s) are known and written back to the PO. */
  orderNumberAssignment: Ratio & { writtenBack: number };
  /** TD SYNNEX's ship time → tds-bridge recorded it (the poll interval plus delays); invoices carry only a date. */
  statusUpdateLag: Distribution;
  /** Shipped lines with at least one tracking number. */
  trackingCompleteness: Ratio;
  /** Followed orders that shipped whose lines were received in ConnectWise. */
  deliveryConfirmation: Ratio;
  /** Ticket notes written / attempted. */
  notificationSuccess: Ratio;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? null;
}

function distribution(values: number[]): Distribution {
  const sorted = values.filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
}

const ratio = (done: number, of: number): Ratio => ({ done, of, rate: of ? done / of : null });

/** TD SYNNEX times are "YYYY-MM-DD HH:mm:ss" (UTC) or dates. */
const upstreamMs = (v: string | null) => (v ? Date.parse(v.includes(' ') ? `${v.replace(' ', 'T')}Z` : v) : Number.NaN);

export async function orderMetrics(db: Db, tenantId: string, opts: { since?: string } = {}): Promise<OrderMetrics> {
  const orderWhere = [eq(orders.tenantId, tenantId)];
  if (opts.since) orderWhere.push(gte(orders.createdAt, opts.since));
  const orderRows = await db
    .select()
    .from(orders)
    .where(and(...orderWhere));
  const accepted = orderRows.filter((o) => o.state === 'accepted');
  const settled = orderRows.filter((o) => ['accepted', 'rejected', 'failed'].includes(o.state));
  const reasons = new Map<string, { count: number; example: string | null }>();
  for (const o of orderRows) {
    const code =
      o.state === 'rejected'
        ? (o.rejectionCode ?? 'rejected')
        : o.state === 'failed'
          ? (o.lastErrorCode ?? 'failed')
          : undefined;
    if (!code) continue;
    const entry = reasons.get(code) ?? { count: 0, example: o.rejectionReason ?? o.lastErrorMessage ?? null };
    entry.count++;
    reasons.set(code, entry);
  }

  const tracking = await db.select().from(orderTracking).where(eq(orderTracking.tenantId, tenantId));
  const shippedLines = tracking.flatMap((t) => t.lines.filter((l) => l.shipQuantity > 0));
  const shippedOrders = tracking.filter((t) => t.lines.some((l) => l.shipQuantity > 0));
  const events = await listEventsOfKinds(db, tenantId, ['shipment', 'invoice', 'ticket_note'], opts.since);
  const lags = events
    .filter((e) => e.kind === 'shipment' && e.upstreamAt)
    .map((e) => Date.parse(e.at) - upstreamMs(e.upstreamAt));
  const notes = events.filter((e) => e.kind === 'ticket_note');

  return {
    tenantId,
    since: opts.since ?? null,
    creationToSubmission: distribution(
      accepted.filter((o) => o.submittedAt).map((o) => Date.parse(o.submittedAt as string) - Date.parse(o.createdAt)),
    ),
    submissionSuccess: ratio(accepted.length, settled.length),
    failureReasons: [...reasons.entries()].map(([code, v]) => ({ code, ...v })).sort((a, b) => b.count - a.count),
    orderNumberAssignment: {
      ...ratio(accepted.filter((o) => o.tdsOrderNumbers.length > 0).length, accepted.length),
      writtenBack: accepted.filter((o) => o.writeback === 'done').length,
    },
    statusUpdateLag: distribution(lags),
    trackingCompleteness: ratio(shippedLines.filter((l) => l.trackingNumbers.length > 0).length, shippedLines.length),
    deliveryConfirmation: ratio(shippedOrders.filter((t) => t.receivedAt).length, shippedOrders.length),
    notificationSuccess: ratio(notes.filter((n) => n.ok).length, notes.length),
  };
}
