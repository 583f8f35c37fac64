/**
 * Pure decisions of Order Status: TD SYNNEX's status answers → tracked lines; tracked lines → the TDS PO status
 * to show; what is new since the last look (shipments, invoices) for the timeline and the ticket note. No I/O,
 * so every rule here is tested directly.
 *
 * Status rules (issue 11): "TDS Accepted" on acceptance; "TDS Released" only when TD SYNNEX reports `released`;
 * "TDS Shipped" once any line shipped (a partial shipment per line is shown on the line); "TDS Invoiced" once
 * invoiced; "TDS Closed" when every line is invoiced and the tenant closes POs. An unknown code leaves the status
 * alone. The status only moves forward.
 */
import type { TrackedInvoice, TrackedLine } from '../../../../db/schema/order-tracking.ts';
import { TDS_PO_STATUS } from '../../../activation/names.ts';
import type { TdsInvoice, TdsOrderStatus } from '../../../connectors/tds/types.ts';

const RANK: Record<string, number> = {
  [TDS_PO_STATUS.accepted]: 1,
  [TDS_PO_STATUS.released]: 2,
  [TDS_PO_STATUS.shipped]: 3,
  [TDS_PO_STATUS.invoiced]: 4,
  [TDS_PO_STATUS.closed]: 5,
};

export function statusRank(name: string | null | undefined): number {
  return name ? (RANK[name] ?? 0) : 0;
}

/** Tracked lines from the answers for each TD SYNNEX PO number (one answer per batch). */
export function linesFrom(answers: Array<{ tdsPoNumber: string; status: TdsOrderStatus }>): TrackedLine[] {
  return answers.flatMap(({ tdsPoNumber, status }) =>
    status.lines.map((l) => ({
      tdsPoNumber,
      lineNumber: l.lineNumber,
      orderNumber: l.orderNumber,
      sku: l.sku,
      code: l.code,
      orderQuantity: l.orderQuantity,
      shipQuantity: l.shipQuantity,
      carrier: l.shipMethodDescription || l.shipMethod,
      trackingNumbers: l.trackingNumbers,
      serialNumbers: l.serialNumbers,
      ...(l.shipDateTime ? { shipDate: l.shipDateTime } : {}),
      ...(l.etaDate || l.estimatedDeliveryDate ? { eta: l.etaDate ?? l.estimatedDeliveryDate } : {}),
    })),
  );
}

const KNOWN = new Set(['accepted', 'released', 'backordered', 'partial', 'shipped', 'invoiced', 'closed']);
const isInvoiced = (l: TrackedLine) => l.code === 'invoiced' || l.code === 'closed';
const hasShipped = (l: TrackedLine) =>
  l.shipQuantity > 0 || l.code === 'shipped' || l.code === 'partial' || isInvoiced(l);

export interface StatusDecision {
  /** The TDS PO status to set, or undefined to leave it. */
  target?: string;
  /** Unknown codes met (logged; the status is left alone). */
  unknownCodes: string[];
  everyLineInvoiced: boolean;
  anyShipped: boolean;
  /** Lines shipped in part: shown as such on the line and in the note. */
  partialLines: TrackedLine[];
}

export function decideStatus(
  lines: TrackedLine[],
  opts: { current: string | null | undefined; closeWhenInvoiced: boolean; invoices: TrackedInvoice[] },
): StatusDecision {
  const unknownCodes = [...new Set(lines.map((l) => l.code).filter((c) => !KNOWN.has(c)))];
  const everyLineInvoiced = lines.length > 0 && lines.every(isInvoiced);
  const anyShipped = lines.some(hasShipped);
  const partialLines = lines.filter((l) => l.shipQuantity > 0 && l.shipQuantity < l.orderQuantity);
  if (lines.length === 0 || unknownCodes.length > 0)
    return { unknownCodes, everyLineInvoiced, anyShipped, partialLines };
  let target: string;
  if (everyLineInvoiced) target = opts.closeWhenInvoiced ? TDS_PO_STATUS.closed : TDS_PO_STATUS.invoiced;
  else if (lines.some(isInvoiced) || opts.invoices.length > 0) target = TDS_PO_STATUS.invoiced;
  else if (anyShipped) target = TDS_PO_STATUS.shipped;
  else if (lines.some((l) => l.code === 'released')) target = TDS_PO_STATUS.released;
  else target = TDS_PO_STATUS.accepted;
  // Forward only: a later answer that looks "earlier" (a second batch just accepted) never moves the PO back.
  if (statusRank(target) <= statusRank(opts.current))
    return { unknownCodes, everyLineInvoiced, anyShipped, partialLines };
  return { target, unknownCodes, everyLineInvoiced, anyShipped, partialLines };
}

/** A shipment the ticket and timeline have not seen: per order number and line, keyed by shipped quantity. */
export interface NewShipment {
  key: string;
  line: TrackedLine;
}

export const shipmentKey = (line: TrackedLine) => `shipped:${line.orderNumber}:${line.lineNumber}:${line.shipQuantity}`;

export function newShipments(lines: TrackedLine[], seen: readonly string[]): NewShipment[] {
  const known = new Set(seen);
  return lines
    .filter((l) => l.shipQuantity > 0)
    .map((line) => ({ key: shipmentKey(line), line }))
    .filter((s) => !known.has(s.key));
}

export function invoicesFrom(list: TdsInvoice[]): TrackedInvoice[] {
  return list.map((i) => ({
    invoiceNumber: i.invoiceNumber,
    invoiceDate: i.invoiceDate,
    orderNumber: i.orderNumber,
    total: i.total,
    freight: i.freight,
    salesTax: i.salesTax,
  }));
}

export function newInvoices(invoices: TrackedInvoice[], seen: readonly string[]): TrackedInvoice[] {
  const known = new Set(seen);
  return invoices.filter((i) => !known.has(`invoiced:${i.invoiceNumber}`));
}

/** The sentence a buyer or the ticket's contact reads about one shipment. */
export function shipmentSentence(line: TrackedLine): string {
  const part =
    line.shipQuantity < line.orderQuantity ? `${line.shipQuantity} of ${line.orderQuantity}` : `${line.shipQuantity}`;
  const via = line.carrier ? ` via ${line.carrier}` : '';
  const tracking = line.trackingNumbers.length ? `, tracking ${line.trackingNumbers.join(', ')}` : '';
  const eta = line.eta ? `, expected ${line.eta}` : '';
  const partial = line.shipQuantity < line.orderQuantity ? ' (partial shipment; the rest follows)' : '';
  return `TD SYNNEX shipped ${part} unit(s) of SKU ${line.sku} (order ${line.orderNumber})${via}${tracking}${eta}${partial}.`;
}
