/**
 * Readers of TD SYNNEX's order answers (PO submit, PO status, invoices), tolerant of every layout public
 * captures show, and saying which one they met (`variants`, recorded by the callers in the activity log):
 * - PO answer: `OrderType` SO/BO or `99`, `ShipFromWarehouse` filled or empty, 6- to 9-digit order numbers.
 * - Status: the ETA as `ETADate` (a production parser) or `EtaDate` (the SDK types); line codes accepted,
 *   shipped, invoiced (seen in the wild), the documented options, or anything else (kept, flagged unknown).
 * - Invoices: PascalCase `InvoiceResponse/Invoice` (a production parser) or camelCase `invoiceResponse/invoice`
 *   (the SDK); serial numbers with or without the "SN: " prefix; "no invoice yet" as an empty list.
 * - Errors in any layout (b2b-errors.ts).
 */
import { findB2BError } from './b2b-errors.ts';
import { businessError, tdsError } from './errors.ts';
import { InvoiceResponseLower, OrderResponse, OrderStatusResponse } from './schemas.ts';
import type { TdsInvoice, TdsOrderResult, TdsOrderStatus } from './types.ts';
import { parseResponse, shape, splitList } from './xml.ts';

export const PO_ROUTE = 'POST SynnexXML/PO';
export const INVOICE_ROUTE = 'POST webservice/invoice/query';

/** Line codes seen in production answers; the product's default path. */
export const OBSERVED_LINE_CODES = ['accepted', 'shipped', 'invoiced'] as const;
/** Codes documented or simulated but not seen in captures: handled when they come, never relied on. */
export const OPTIONAL_LINE_CODES = ['released', 'backordered', 'partial', 'closed', 'rejected'] as const;

export function isKnownLineCode(code: string): boolean {
  return (
    (OBSERVED_LINE_CODES as readonly string[]).includes(code) ||
    (OPTIONAL_LINE_CODES as readonly string[]).includes(code)
  );
}

type Doc = Record<string, unknown>;

function throwIfError(route: string, doc: Doc, opts: { ignore?: RegExp } = {}): 'ignored' | undefined {
  const found = findB2BError(doc);
  if (!found) return undefined;
  if (opts.ignore?.test(`${found.message} ${found.detail}`)) return 'ignored';
  throw businessError(route, found.message, found.detail, found);
}

function b2bRoot(doc: Doc): Doc {
  const root = doc.SynnexB2B;
  return root && typeof root === 'object' ? (root as Doc) : {};
}

export function readOrderResponse(body: string, poNumber: string): TdsOrderResult {
  const doc = parseResponse(PO_ROUTE, body);
  throwIfError(PO_ROUTE, doc);
  const root = b2bRoot(doc);
  if (!root.OrderResponse) {
    throw tdsError('tds_malformed_response', 'TD SYNNEX answered the PO without an OrderResponse.', {
      route: PO_ROUTE,
      retryable: false,
    });
  }
  const r = shape(PO_ROUTE, OrderResponse, root.OrderResponse);
  const items = r.Items.Item;
  if (r.Code.toLowerCase() !== 'accepted') {
    const reason = r.Reason ?? items.find((i) => i.Reason)?.Reason ?? 'no reason given';
    const lines = items.map((i) => ({ lineNumber: i['@_lineNumber'], sku: i.SKU, code: i.Code, reason: i.Reason }));
    if (/duplicate/i.test(reason)) {
      const existing = [
        ...new Set([...items.map((i) => i.OrderNumber).filter(Boolean), ...(reason.match(/\b\d{6,}\b/g) ?? [])]),
      ];
      throw tdsError(
        'tds_duplicate_po',
        `PO ${poNumber} was already submitted to TD SYNNEX${existing.length ? ` (order ${existing.join(', ')})` : ''}; it was not sent again.`,
        {
          route: PO_ROUTE,
          upstreamCode: 'rejected',
          retryable: false,
          details: { reason, existingOrderNumbers: existing, lines },
        },
      );
    }
    const notAuthorized = /not authori[sz]ed/i.test(reason);
    throw tdsError(
      notAuthorized ? 'tds_not_authorized' : 'tds_order_rejected',
      `TD SYNNEX rejected PO ${poNumber}: ${reason} Fix the PO in ConnectWise and set it back to "Send to TDS".`,
      { route: PO_ROUTE, upstreamCode: 'rejected', retryable: false, details: { reason, lines } },
    );
  }
  const lines = items.map((i) => ({
    lineNumber: i['@_lineNumber'],
    sku: i.SKU,
    quantity: i.OrderQuantity,
    orderNumber: i.OrderNumber,
    orderType: i.OrderType,
    shipFromWarehouse: i.ShipFromWarehouse,
    internalReference: i.SynnexInternalReference,
  }));
  const variants = new Set<string>();
  for (const l of lines) {
    variants.add(`order_type:${l.orderType || 'empty'}`);
    variants.add(l.shipFromWarehouse ? 'ship_from_warehouse:given' : 'ship_from_warehouse:empty');
    if (l.orderNumber) variants.add(`order_number_digits:${l.orderNumber.length}`);
  }
  return {
    customerNumber: r.CustomerNumber,
    poNumber: r.PONumber || poNumber,
    code: 'accepted',
    orderNumbers: [...new Set(lines.map((l) => l.orderNumber).filter(Boolean))],
    lines,
    responseDateTime: r.ResponseDateTime,
    variants: [...variants],
  };
}

export function readStatusResponse(body: string, poNumber: string): TdsOrderStatus {
  const doc = parseResponse(PO_ROUTE, body);
  throwIfError(PO_ROUTE, doc);
  const r = shape(PO_ROUTE, OrderStatusResponse, b2bRoot(doc).OrderStatusResponse ?? {});
  const status = r.Code.toLowerCase();
  const found = status !== 'not found' && status !== 'notfound';
  const variants = new Set<string>();
  const lines = r.Items.Item.map((i) => {
    const packages = i.Packages.Package.map((p) => ({
      trackingNumber: p.TrackingNumber,
      weight: p.Weight,
      shipItemQuantity: p.ShipItemQuantity,
      serialNumbers: p.SerialNo.map(stripSerialPrefix).filter(Boolean),
    }));
    const code = i.Code.toLowerCase();
    const eta = i.ETADate ?? i.EtaDate;
    if (i.ETADate) variants.add('eta_element:ETADate');
    else if (i.EtaDate) variants.add('eta_element:EtaDate');
    if (!isKnownLineCode(code)) variants.add(`line_code_unknown:${code}`);
    else if (!(OBSERVED_LINE_CODES as readonly string[]).includes(code)) variants.add(`line_code_optional:${code}`);
    return {
      lineNumber: i['@_lineNumber'],
      code,
      codeKnown: isKnownLineCode(code),
      orderNumber: i.OrderNumber,
      orderType: i.OrderType,
      sku: i.SKU,
      mfgPN: i.MfgPN,
      productName: i.ProductName,
      orderQuantity: i.OrderQuantity,
      shipQuantity: i.ShipQuantity,
      unitPrice: i.UnitPrice,
      ...(i.ShipDatetime ? { shipDateTime: i.ShipDatetime } : {}),
      shipFromWarehouse: i.ShipFromWarehouse,
      shipMethod: i.ShipMethod,
      shipMethodDescription: i.ShipMethodDescription,
      ...(i.EstimatedShipDate ? { estimatedShipDate: i.EstimatedShipDate } : {}),
      ...(i.EstimatedDeliveryDate ? { estimatedDeliveryDate: i.EstimatedDeliveryDate } : {}),
      ...(eta ? { etaDate: eta } : {}),
      freight: i.Freight,
      packages,
      trackingNumbers: splitList(packages.map((p) => p.trackingNumber)),
      serialNumbers: packages.flatMap((p) => p.serialNumbers),
    };
  });
  return {
    customerNumber: r.CustomerNumber,
    poNumber: r.PONumber || poNumber,
    status,
    found,
    ...(r.PODatetime ? { poDateTime: r.PODatetime } : {}),
    lines,
    variants: [...variants],
  };
}

/** "SN: ABC123" (invoice answers) and "ABC123" (status answers) are the same serial. */
function stripSerialPrefix(serial: string): string {
  return serial.replace(/^SN:\s*/i, '').trim();
}

/** Lower-cases every element name, so PascalCase and camelCase answers read through one schema. */
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Doc).map(([k, v]) => [
      k.startsWith('@_') || k === '#text' ? k : k.toLowerCase(),
      lowerKeys(v),
    ]),
  );
}

/** Answers that mean "nothing invoiced (yet)" rather than a failure. */
const NO_INVOICE = /no invoice|not (yet )?invoiced|no order found|not found|NO_INVOICE|NOT_FOUND/i;

export function readInvoiceResponse(body: string): TdsInvoice[] {
  const doc = parseResponse(INVOICE_ROUTE, body);
  if (throwIfError(INVOICE_ROUTE, doc, { ignore: NO_INVOICE }) === 'ignored') return [];
  // The answer is SynnexB2B/InvoiceResponse (a bare root is accepted too).
  const lower = lowerKeys(doc) as Doc;
  const wrapper = (lower.synnexb2b ?? lower) as Doc;
  const casing = 'InvoiceResponse' in b2bRoot(doc) || 'InvoiceResponse' in doc ? 'PascalCase' : 'camelCase';
  const r = shape(INVOICE_ROUTE, InvoiceResponseLower, wrapper.invoiceresponse ?? {});
  return r.invoice.map((inv) => {
    const serialPrefixed = inv.items.item.some((it) => it.serialno.some((s) => /^SN:/i.test(s)));
    return {
      customerPoNumber: inv.customerponumber ?? r.customerponumber ?? '',
      invoiceNumber: inv.invoicenumber,
      invoiceDate: inv.invoicedate,
      orderType: inv.ordertype,
      orderNumber: inv.internalreferencenumber,
      shipDate: inv.shipdate,
      shipMethodCode: inv.shipmethodcode,
      trackingNumbers: splitList(inv.tracking.tracknumber),
      lines: inv.items.item.map((it) => ({
        lineNumber: it.linenumber,
        sku: it.sku,
        synnexPartNumber: it.synnexpartnumber,
        mfgPN: it.manuafacturerpartnumber || it.manufacturerpartnumber,
        description: it.productdescription,
        quantity: it.shipquantity,
        unitPrice: it.unitprice,
        custPoLineNo: it.custpolineno,
        serialNumbers: it.serialno.map(stripSerialPrefix).filter(Boolean),
      })),
      total: inv.summary.totalinvoiceamount,
      freight: inv.summary.freight,
      salesTax: inv.summary.salestax,
      recyclingFee: inv.summary.recyclingfee,
      variants: [`invoice_casing:${casing}`, ...(serialPrefixed ? ['serial_prefix:SN'] : [])],
    };
  });
}
