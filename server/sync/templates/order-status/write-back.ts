/**
 * Writes what TD SYNNEX reported onto the ConnectWise PO and its lines: the TDS status, carrier tracking
 * numbers, ship date, ETA, serial numbers, TD SYNNEX order numbers per line, invoice numbers, freight and tax;
 * optionally receives fully shipped lines. Only fields whose value in ConnectWise differs are patched, so an
 * unchanged order costs no write.
 */
import type { TrackedInvoice, TrackedLine } from '../../../../db/schema/order-tracking.ts';
import type { CwClient, CwPatchOp } from '../../../connectors/cw/index.ts';

const PO = 'procurement/purchaseorders';
const LINES = 'procurement/purchaseorders/{parentId}/lineitems';
const MAX_TEXT = 50;

type CwRecord = Record<string, unknown> & { id: number };

/** "2026-03-02 16:40:00" or "2026-03-02" → ConnectWise's "2026-03-02T16:40:00Z". */
export function cwDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/.exec(value);
  return m ? `${m[1]}T${m[2] ?? '00:00:00'}Z` : undefined;
}

/** Joined values cut to ConnectWise's 50 characters at a separator, never mid-number. */
export function joinFit(values: string[], max = MAX_TEXT): string {
  let out = '';
  for (const v of [...new Set(values.filter(Boolean))]) {
    const next = out ? `${out}, ${v}` : v;
    if (next.length > max) break;
    out = next;
  }
  return out;
}

/** One ConnectWise PO line's view of the TD SYNNEX lines (a line split over warehouses has several). */
export interface LineView {
  cwLineId: number;
  orderQuantity: number;
  shipQuantity: number;
  trackingNumbers: string[];
  serialNumbers: string[];
  orderNumbers: string[];
  shipDate?: string;
  eta?: string;
}

/** Matches TD SYNNEX lines to ConnectWise lines: by line number or line id as sent, else by SKU (vendor SKU). */
export function matchLines(tracked: TrackedLine[], cwLines: CwRecord[]): { lines: TrackedLine[]; views: LineView[] } {
  const byNumber = new Map<string, CwRecord>();
  for (const l of cwLines) {
    if (l.lineNumber !== undefined && l.lineNumber !== null) byNumber.set(String(l.lineNumber), l);
  }
  const byId = new Map(cwLines.map((l) => [String(l.id), l]));
  const lines = tracked.map((t) => {
    const cw =
      byNumber.get(t.lineNumber) ??
      byId.get(t.lineNumber) ??
      cwLines.find((l) => String(l.vendorSku ?? '') === t.sku && t.sku !== '');
    return cw ? { ...t, cwLineId: cw.id } : t;
  });
  const views = new Map<number, LineView>();
  for (const t of lines) {
    if (t.cwLineId === undefined) continue;
    const v = views.get(t.cwLineId) ?? {
      cwLineId: t.cwLineId,
      orderQuantity: 0,
      shipQuantity: 0,
      trackingNumbers: [],
      serialNumbers: [],
      orderNumbers: [],
    };
    v.orderQuantity += t.orderQuantity;
    v.shipQuantity += t.shipQuantity;
    v.trackingNumbers.push(...t.trackingNumbers);
    v.serialNumbers.push(...t.serialNumbers);
    if (t.orderNumber) v.orderNumbers.push(t.orderNumber);
    if (t.shipDate && (!v.shipDate || t.shipDate > v.shipDate)) v.shipDate = t.shipDate;
    if (t.eta && t.shipQuantity < t.orderQuantity && (!v.eta || t.eta < v.eta)) v.eta = t.eta;
    views.set(t.cwLineId, v);
  }
  return { lines, views: [...views.values()] };
}

function ops(current: Record<string, unknown>, desired: Record<string, unknown>): CwPatchOp[] {
  const out: CwPatchOp[] = [];
  for (const [path, value] of Object.entries(desired)) {
    if (value === undefined || value === '') continue;
    const now = current[path];
    const same =
      path === 'status'
        ? (now as { id?: number } | undefined)?.id === (value as { id: number }).id
        : Array.isArray(now)
          ? now.join(', ') === value
          : now === value;
    if (!same) out.push({ op: 'replace', path, value });
  }
  return out;
}

export interface WriteBackInput {
  cw: CwClient;
  po: CwRecord;
  cwLines: CwRecord[];
  views: LineView[];
  invoices: TrackedInvoice[];
  /** Status id to set, when the status should move. */
  statusId?: number;
  receive: boolean;
}

export interface WriteBackResult {
  /** Fields patched, for the activity log (`po.trackingNumber`, `line.7701.serialNumbers`). */
  patched: string[];
  /** Lines received by this write-back. */
  received: number[];
}

export async function writeBack(input: WriteBackInput): Promise<WriteBackResult> {
  const { cw, po, invoices } = input;
  const patched: string[] = [];
  const received: number[] = [];
  for (const v of input.views) {
    const cwLine = input.cwLines.find((l) => l.id === v.cwLineId);
    if (!cwLine) continue;
    const fully = v.shipQuantity > 0 && v.shipQuantity >= v.orderQuantity;
    const desired: Record<string, unknown> = {
      vendorOrderNumber: joinFit(v.orderNumbers),
      trackingNumber: joinFit(v.trackingNumbers),
      shipDate: cwDate(v.shipDate),
      expectedShipDate: v.shipQuantity < v.orderQuantity ? cwDate(v.eta) : undefined,
      serialNumbers: [...new Set(v.serialNumbers)].join(', '),
    };
    if (input.receive && fully && Number(cwLine.receivedQuantity ?? 0) < Number(cwLine.quantity ?? v.shipQuantity)) {
      desired.receivedQuantity = Number(cwLine.quantity ?? v.shipQuantity);
      desired.receivedStatus = 'FullyReceived';
    }
    const lineOps = ops(cwLine, desired);
    if (lineOps.length === 0) continue;
    await cw.patch(LINES, v.cwLineId, lineOps, { parentId: po.id });
    patched.push(...lineOps.map((o) => `line.${v.cwLineId}.${o.path}`));
    if (lineOps.some((o) => o.path === 'receivedStatus')) received.push(v.cwLineId);
  }
  const allTracking = input.views.flatMap((v) => v.trackingNumbers);
  const lastShip = input.views
    .map((v) => v.shipDate)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  const sum = (pick: (i: TrackedInvoice) => number | null) =>
    invoices.length ? Math.round(invoices.reduce((n, i) => n + (pick(i) ?? 0), 0) * 100) / 100 : undefined;
  const header: Record<string, unknown> = {
    ...(input.statusId !== undefined ? { status: { id: input.statusId } } : {}),
    trackingNumber: joinFit(allTracking),
    shipmentDate: cwDate(lastShip),
    vendorInvoiceNumber: joinFit(invoices.map((i) => i.invoiceNumber)),
    freightCost: sum((i) => i.freight),
    salesTax: sum((i) => i.salesTax),
  };
  const poOps = ops(po, header);
  if (poOps.length > 0) {
    await cw.patch(PO, po.id, poOps);
    patched.push(...poOps.map((o) => `po.${o.path}`));
  }
  return { patched, received };
}
