/**
 * Server-computed fields and the knock-on effects of a write, as ConnectWise shows them:
 * PO totals follow their lines, closed flags follow statuses, product lines get extended amounts and a
 * forecast item id, and a PO's `updateShipmentInfo` / `updateVendorOrderNumber` push header values to every line.
 */
import type { EntityDef, Rec, WriteContext } from '../entities/index.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const refId = (v: unknown) => (v && typeof v === 'object' ? (v as Rec).id : undefined);

export interface EffectsHost extends WriteContext {
  /** Next forecast item id (forecast items are the opportunity side of a product line). */
  nextForecastId(): number;
  /** Writes a record without validation or callbacks (server-side bookkeeping). */
  writeQuietly(path: string, rec: Rec): void;
  deleteQuietly(path: string, id: number): void;
}

/** Mutates `rec` before it is stored. */
export function deriveFields(def: EntityDef, rec: Rec, host: EffectsHost, previous: Rec | undefined): void {
  def.derive?.(rec, host);
  switch (def.path) {
    case 'procurement/purchaseorders': {
      rec.poNumber ??= `PO${String(rec.id)}`;
      rec.poDate ??= host.now;
      const status = host.find('procurement/purchaseorderstatuses', Number(refId(rec.status)));
      const closed = status?.closedFlag === true;
      if (closed && !previous?.closedFlag) rec.dateClosed = host.now;
      if (!closed) rec.dateClosed = null;
      rec.closedFlag = closed;
      const lines = host
        .list('procurement/purchaseorders/{parentId}/lineitems')
        .filter((l) => l.purchaseOrderId === rec.id);
      applyTotals(rec, lines);
      break;
    }
    case 'procurement/purchaseorders/{parentId}/lineitems': {
      rec.extCost = round2(num(rec.quantity) * num(rec.unitCost));
      const po = host.find('procurement/purchaseorders', Number(rec.purchaseOrderId));
      rec.purchaseOrderNumber = po?.poNumber;
      if (rec.lineNumber === undefined || rec.lineNumber === null) {
        const siblings = host.list(def.path).filter((l) => l.purchaseOrderId === rec.purchaseOrderId);
        rec.lineNumber = siblings.reduce((max, l) => Math.max(max, num(l.lineNumber)), 0) + 1;
      }
      break;
    }
    case 'procurement/products': {
      rec.extPrice = round2(num(rec.quantity) * num(rec.price) - num(rec.discount));
      rec.extCost = round2(num(rec.quantity) * num(rec.cost));
      rec.margin = round2(num(rec.extPrice) - num(rec.extCost));
      if (rec.opportunity && (rec.forecastDetailId === undefined || rec.forecastDetailId === null)) {
        rec.forecastDetailId = host.nextForecastId();
      }
      if (rec.sequenceNumber === undefined || rec.sequenceNumber === null) {
        const owner = refId(rec.opportunity) ?? refId(rec.ticket);
        const siblings = host
          .list(def.path)
          .filter((p) => owner !== undefined && (refId(p.opportunity) === owner || refId(p.ticket) === owner));
        rec.sequenceNumber = siblings.reduce((max, p) => Math.max(max, num(p.sequenceNumber)), 0) + 1;
      }
      break;
    }
    case 'service/tickets': {
      const status = host.find('service/boards/{parentId}/statuses', Number(refId(rec.status)));
      const closed = status?.closedStatus === true;
      if (closed && !previous?.closedFlag) rec.closedDate = host.now;
      rec.closedFlag = closed;
      break;
    }
    default:
      break;
  }
}

/** Runs after `rec` is stored (or deleted, rec = previous). */
export function afterWrite(def: EntityDef, rec: Rec, host: EffectsHost, action: 'added' | 'updated' | 'deleted'): void {
  if (def.path === 'procurement/purchaseorders/{parentId}/lineitems') {
    const po = host.find('procurement/purchaseorders', Number(rec.purchaseOrderId));
    if (!po) return;
    const lines = host.list(def.path).filter((l) => l.purchaseOrderId === po.id);
    const updated = { ...po };
    applyTotals(updated, lines);
    host.writeQuietly('procurement/purchaseorders', updated);
  }
  if (def.path === 'procurement/purchaseorders' && action !== 'deleted') {
    const push: Rec = {};
    if (rec.updateShipmentInfo === true) {
      push.shipDate = rec.shipmentDate;
      push.trackingNumber = rec.trackingNumber;
      push.shipmentMethod = rec.shipmentMethod;
    }
    if (rec.updateVendorOrderNumber === true) push.vendorOrderNumber = rec.vendorOrderNumber;
    if (Object.keys(push).length > 0) {
      const path = 'procurement/purchaseorders/{parentId}/lineitems';
      for (const line of host.list(path).filter((l) => l.purchaseOrderId === rec.id)) {
        host.writeQuietly(path, { ...line, ...push, _info: { ...(line._info as Rec), lastUpdated: host.now } });
      }
      // They are instructions, not state: ConnectWise does not keep them set.
      host.writeQuietly('procurement/purchaseorders', {
        ...rec,
        updateShipmentInfo: false,
        updateVendorOrderNumber: false,
      });
    }
  }
  if (def.path === 'procurement/purchaseorders' && action === 'deleted') {
    for (const child of [
      'procurement/purchaseorders/{parentId}/lineitems',
      'procurement/purchaseorders/{parentId}/notes',
    ]) {
      for (const r of host.list(child)) {
        if (r.purchaseOrderId === rec.id || r.purchaseHeaderRecID === rec.id) host.deleteQuietly(child, Number(r.id));
      }
    }
  }
}

function applyTotals(po: Rec, lines: Rec[]): void {
  const subTotal = round2(lines.filter((l) => !l.canceledFlag).reduce((sum, l) => sum + num(l.extCost), 0));
  po.subTotal = subTotal;
  po.total = round2(subTotal + num(po.freightCost) + num(po.salesTax));
}
