/** Order Status' rules, directly: which TDS status a PO gets from TD SYNNEX's line codes, and what counts as news. */
import { describe, expect, it } from 'vitest';
import type { TrackedLine } from '../../../../../db/schema/order-tracking.ts';
import {
  decideStatus,
  newInvoices,
  newShipments,
  shipmentSentence,
} from '../../../../../server/sync/templates/order-status/merge.ts';
import { cwDate, joinFit, matchLines } from '../../../../../server/sync/templates/order-status/write-back.ts';

const line = (over: Partial<TrackedLine> = {}): TrackedLine => ({
  tdsPoNumber: 'CW-PO1',
  lineNumber: '1',
  orderNumber: '45100001',
  sku: '6544282',
  code: 'accepted',
  orderQuantity: 2,
  shipQuantity: 0,
  carrier: 'FedEx Ground',
  trackingNumbers: [],
  serialNumbers: [],
  ...over,
});
const decide = (lines: TrackedLine[], over: { current?: string; close?: boolean } = {}) =>
  decideStatus(lines, { current: over.current ?? null, closeWhenInvoiced: over.close ?? true, invoices: [] });

describe('Order Status: which TDS status', () => {
  it('sets "TDS Accepted" on acceptance', () => {
    expect(decide([line()]).target).toBe('TDS Accepted');
  });

  it('sets "TDS Released" only when TD SYNNEX reports released', () => {
    expect(decide([line({ code: 'released' })]).target).toBe('TDS Released');
    expect(decide([line({ code: 'backordered' })]).target).toBe('TDS Accepted');
  });

  it('sets "TDS Shipped" when a line ships, and names a partial shipment per line', () => {
    const d = decide([line({ code: 'shipped', shipQuantity: 1 }), line({ lineNumber: '2' })]);
    expect(d.target).toBe('TDS Shipped');
    expect(d.partialLines.map((l) => l.lineNumber)).toEqual(['1']);
    expect(shipmentSentence(d.partialLines[0]!)).toMatch(/shipped 1 of 2 unit\(s\).*partial shipment/);
  });

  it('sets "TDS Closed" when every line is invoiced, or leaves it at "TDS Invoiced" per tenant setting', () => {
    const all = [
      line({ code: 'invoiced', shipQuantity: 2 }),
      line({ lineNumber: '2', code: 'invoiced', shipQuantity: 2 }),
    ];
    expect(decide(all).target).toBe('TDS Closed');
    expect(decide(all, { close: false }).target).toBe('TDS Invoiced');
    expect(decide([all[0]!, line({ lineNumber: '2', code: 'shipped', shipQuantity: 2 })]).target).toBe('TDS Invoiced');
  });

  it('leaves the status alone on an unknown code, and reports the code', () => {
    const d = decide([line({ code: 'on hold' }), line({ lineNumber: '2', code: 'shipped', shipQuantity: 2 })]);
    expect(d.target).toBeUndefined();
    expect(d.unknownCodes).toEqual(['on hold']);
  });

  it('never moves a PO back (a later batch just accepted does not undo "TDS Shipped")', () => {
    expect(decide([line()], { current: 'TDS Shipped' }).target).toBeUndefined();
    expect(decide([line({ code: 'shipped', shipQuantity: 2 })], { current: 'TDS Shipped' }).target).toBeUndefined();
  });
});

describe('Order Status: news and ConnectWise values', () => {
  it('counts a shipment once per shipped quantity, and an invoice once', () => {
    const shipped = line({ code: 'shipped', shipQuantity: 1 });
    const [first] = newShipments([shipped], []);
    expect(newShipments([shipped], [first!.key])).toEqual([]);
    expect(newShipments([{ ...shipped, shipQuantity: 2 }], [first!.key])).toHaveLength(1);
    const inv = { invoiceNumber: '1', invoiceDate: '2026-03-04', orderNumber: 'x', total: 1, freight: 0, salesTax: 0 };
    expect(newInvoices([inv], ['invoiced:1'])).toEqual([]);
  });

  it('matches TD SYNNEX lines by line number, line id, then vendor SKU, and sums a line split over warehouses', () => {
    const cw = [
      { id: 7701, lineNumber: 1, vendorSku: 'A' },
      { id: 7702, lineNumber: 2, vendorSku: 'B' },
    ];
    const { lines, views } = matchLines(
      [
        line({ lineNumber: '1', orderNumber: 'o1', shipQuantity: 1, orderQuantity: 1, trackingNumbers: ['t1'] }),
        line({ lineNumber: '1', orderNumber: 'o2', shipQuantity: 1, orderQuantity: 1, trackingNumbers: ['t2'] }),
        line({ lineNumber: '9', sku: 'B' }),
      ],
      cw,
    );
    expect(lines.map((l) => l.cwLineId)).toEqual([7701, 7701, 7702]);
    expect(views.find((v) => v.cwLineId === 7701)).toMatchObject({
      orderQuantity: 2,
      shipQuantity: 2,
      trackingNumbers: ['t1', 't2'],
      orderNumbers: ['o1', 'o2'],
    });
  });

  it('writes dates and lists the way ConnectWise takes them (ISO dates, 50 characters, whole values)', () => {
    expect(cwDate('2026-03-02 16:40:00')).toBe('2026-03-02T16:40:00Z');
    expect(cwDate('2026-03-09')).toBe('2026-03-09T00:00:00Z');
    expect(joinFit(['777777777777', '888888888888', '999999999999', '111111111111'])).toBe(
      '777777777777, 888888888888, 999999999999',
    );
  });
});
