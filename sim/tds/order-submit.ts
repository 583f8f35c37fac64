/**
 * SynnexB2B/OrderRequest → OrderResponse: validates a PO the way TD SYNNEX does (credentials, duplicate PO,
 * ship-to, ship method, every line), allocates stock per warehouse and stores the accepted order.
 * Choices for unconfirmed behaviour (one bad line rejects the PO, split lines repeat `Item@lineNumber`,
 * WarehouseSplit default Y) are listed in sim/tds/README.md. By default the answer looks like a captured
 * real one: `<OrderType>99</OrderType>` and an empty `<ShipFromWarehouse/>` (SO/BO and the warehouse are kept
 * internally for the lifecycle, and shown with the `detailed` setting).
 */

import type { TdsCatalog } from '../data/tds-catalog.ts';
import type { SimCollection } from '../store.ts';
import {
  DEFAULT_SHIP_METHOD,
  orderKey,
  orderNumbersOf,
  SHIP_METHODS,
  type TdsAllocation,
  type TdsOrder,
  type TdsOrderLine,
  type TdsShipTo,
} from './order-model.ts';
import { child, isoSeconds, list, text, type XmlNode } from './xml.ts';

export interface SubmitContext {
  catalog: TdsCatalog;
  orders: SimCollection<TdsOrder>;
  now: Date;
  nextOrderNumber: () => string;
  /** performance.now() when the request arrived (ResponseElapsedTime). */
  started: number;
  answer: 'captured' | 'detailed';
}

interface LineResult {
  lineNumber: string;
  sku: string;
  quantity: string;
  reason?: string;
  line?: TdsOrderLine;
}

export interface SubmitResult {
  body: XmlNode;
  order?: TdsOrder;
}

const US_ZIP = /^\d{5}(-?\d{4})?$/;
const CA_POSTAL = /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i;

export function submitOrder(request: XmlNode, customerNumber: string, ctx: SubmitContext): SubmitResult {
  const { started } = ctx;
  const poNumber = text(request, 'PONumber');
  const header = (code: 'accepted' | 'rejected', reason?: string): XmlNode => ({
    CustomerNumber: customerNumber,
    PONumber: poNumber,
    Code: code,
    ...(reason ? { Reason: reason } : {}),
    ResponseDateTime: isoSeconds(ctx.now),
    ResponseElapsedTime: `${((performance.now() - started) / 1000).toFixed(2)}s`,
  });
  const rejected = (reason: string, items?: XmlNode[]): SubmitResult => ({
    body: { ...header('rejected', reason), ...(items ? { Items: { Item: items } } : {}) },
  });

  if (!poNumber) return rejected('PONumber is required.');
  if (poNumber.length > 30) return rejected(`PONumber "${poNumber}" is longer than 30 characters.`);
  const itemNodes = list(child(request, 'Items'), 'Item');

  const existing = ctx.orders.get(orderKey(customerNumber, poNumber));
  if (existing) {
    const numbers = orderNumbersOf(existing).join(', ');
    return rejected(
      `Duplicate PO number ${poNumber}: it was already submitted on ${isoSeconds(Date.parse(existing.submittedAt))} as TD SYNNEX order ${numbers}.`,
      existing.lines.flatMap((l) =>
        l.allocations.map((a) => ({
          '@_lineNumber': l.lineNumber,
          SKU: l.sku,
          OrderQuantity: a.quantity,
          Code: 'rejected',
          Reason: `Duplicate PO; refers to existing order ${a.orderNumber}`,
          OrderNumber: a.orderNumber,
        })),
      ),
    );
  }
  if (itemNodes.length === 0) return rejected('The order has no Items/Item lines.');

  const shipment = child(request, 'Shipment');
  const shipTo = readShipTo(shipment);
  const shipToProblem = validateShipTo(shipTo);
  if (shipToProblem) return rejected(shipToProblem);
  const shipMethod = text(child(shipment, 'ShipMethod'), 'Code').toUpperCase() || DEFAULT_SHIP_METHOD;
  if (!SHIP_METHODS[shipMethod]) {
    return rejected(`Invalid ship method code "${shipMethod}". Valid codes: ${Object.keys(SHIP_METHODS).join(', ')}.`);
  }

  const flags = {
    backOrder: text(request, 'BackOrderFlag').toUpperCase() !== 'N',
    split: text(request, 'WarehouseSplit').toUpperCase() !== 'N',
    headerWarehouse: text(request, 'ShipFromWarehouse'),
  };
  const seen = new Set<string>();
  const results = itemNodes.map((item, i) => {
    const lineNumber = text(item, '@_lineNumber') || String(i + 1);
    const result: LineResult = { lineNumber, sku: text(item, 'SKU'), quantity: text(item, 'OrderQuantity') };
    if (seen.has(lineNumber)) result.reason = `Duplicate lineNumber ${lineNumber}.`;
    seen.add(lineNumber);
    if (!result.reason) readLine(item, result, ctx, flags);
    return result;
  });

  const bad = results.filter((r) => r.reason);
  if (bad.length > 0) {
    const first = bad[0] as LineResult;
    return rejected(
      `${bad.length} of ${results.length} line(s) rejected; line ${first.lineNumber}: ${first.reason}`,
      results.map((r) => ({
        '@_lineNumber': r.lineNumber,
        SKU: r.sku,
        OrderQuantity: r.quantity,
        Code: 'rejected',
        Reason: r.reason ?? 'Not processed because another line was rejected.',
      })),
    );
  }

  // Accepted: one TD SYNNEX order number per ship-from warehouse and order type.
  const numbers = new Map<string, string>();
  const lines = results.map((r) => r.line as TdsOrderLine);
  for (const line of lines) {
    for (const a of line.allocations) {
      const key = `${a.warehouse}:${a.orderType}`;
      if (!numbers.has(key)) numbers.set(key, ctx.nextOrderNumber());
      a.orderNumber = numbers.get(key) as string;
    }
  }
  const order: TdsOrder = {
    customerNumber,
    poNumber,
    submittedAt: ctx.now.toISOString(),
    poDateTime: text(request, 'PODateTime'),
    shipMethod,
    dropShip: text(request, 'DropShipFlag').toUpperCase() === 'Y',
    shipTo,
    endUserPONumber: text(request, 'EndUserPONumber'),
    comment: text(request, 'Comment'),
    internalReference: `XML-${[...numbers.values()][0]}`,
    lines,
  };
  ctx.orders.set(orderKey(customerNumber, poNumber), order);
  return {
    order,
    body: {
      ...header('accepted'),
      Items: {
        Item: lines.flatMap((l) =>
          l.allocations.map((a) => ({
            '@_lineNumber': l.lineNumber,
            SKU: l.sku,
            OrderQuantity: a.quantity,
            Code: 'accepted',
            OrderNumber: a.orderNumber,
            OrderType: ctx.answer === 'captured' ? '99' : a.orderType,
            ShipFromWarehouse: ctx.answer === 'captured' ? '' : a.warehouse,
            SynnexInternalReference: order.internalReference,
          })),
        ),
      },
    },
  };
}

function readShipTo(shipment: XmlNode | undefined): TdsShipTo {
  const to = child(shipment, 'ShipTo');
  const contact = child(shipment, 'ShipToContact');
  return {
    AddressName1: text(to, 'AddressName1'),
    AddressName2: text(to, 'AddressName2'),
    AddressLine1: text(to, 'AddressLine1'),
    AddressLine2: text(to, 'AddressLine2'),
    City: text(to, 'City'),
    State: text(to, 'State'),
    ZipCode: text(to, 'ZipCode'),
    Country: text(to, 'Country').toUpperCase() || 'US',
    ContactName: text(contact, 'ContactName'),
    PhoneNumber: text(contact, 'PhoneNumber'),
    EmailAddress: text(contact, 'EmailAddress'),
  };
}

function validateShipTo(to: TdsShipTo): string | undefined {
  const required = ['AddressName1', 'AddressLine1', 'City', 'State', 'ZipCode'] as const;
  const missing = required.filter((k) => !to[k]);
  if (missing.length > 0) return `Incomplete ship-to address: ${missing.join(', ')} missing.`;
  if (to.Country !== 'US' && to.Country !== 'CA') return `Ship-to Country "${to.Country}" is not served; use US or CA.`;
  if (!/^[A-Z]{2}$/i.test(to.State)) return `Invalid ship-to State "${to.State}"; use the 2-letter code.`;
  const zipOk = to.Country === 'US' ? US_ZIP.test(to.ZipCode) : CA_POSTAL.test(to.ZipCode);
  if (!zipOk) return `Invalid ship-to ZipCode "${to.ZipCode}" for ${to.Country}.`;
  return undefined;
}

function readLine(
  item: XmlNode,
  result: LineResult,
  ctx: SubmitContext,
  flags: { backOrder: boolean; split: boolean; headerWarehouse: string },
): void {
  if (!result.sku) {
    result.reason = 'SKU is required.';
    return;
  }
  const product = ctx.catalog.productBySku(result.sku);
  if (!product) {
    result.reason = `Invalid SKU ${result.sku}: not found in the TD SYNNEX catalog.`;
    return;
  }
  if (!ctx.catalog.isAuthorized(product.index)) {
    result.reason = `Not authorized to purchase SKU ${result.sku} (${product.manufacturer}); contact your TD SYNNEX rep.`;
    return;
  }
  const quantity = Number(result.quantity);
  if (!Number.isInteger(quantity) || quantity < 1) {
    result.reason = `Invalid OrderQuantity "${result.quantity}"; it must be a whole number of at least 1.`;
    return;
  }
  const unitPriceText = text(item, 'UnitPrice').replace(/,/g, '');
  const unitPrice = unitPriceText ? Number(unitPriceText) : ctx.catalog.priceAt(product.index, ctx.now).unitCost;
  if (!Number.isFinite(unitPrice) || unitPrice < 0) {
    result.reason = `Invalid UnitPrice "${text(item, 'UnitPrice')}".`;
    return;
  }
  const warehouse = text(item, 'ShipFromWarehouse') || flags.headerWarehouse;
  const allocation = allocate(ctx, product.index, quantity, warehouse, flags);
  if (typeof allocation === 'string') {
    result.reason = allocation;
    return;
  }
  if (product.status === 'Discontinued' && allocation.some((a) => a.orderType === 'BO')) {
    result.reason = `SKU ${result.sku} is discontinued and not enough stock is left (${quantity} requested).`;
    return;
  }
  result.line = {
    lineNumber: result.lineNumber,
    sku: product.sku,
    index: product.index,
    mfgPN: product.mfgPN,
    description: product.description,
    quantity,
    unitPrice,
    customerPartNumber: text(item, 'CustomerPartNumber'),
    allocations: allocation,
  };
}

/** Splits a quantity over warehouses by stock; the remainder becomes a back order (or a rejection). */
function allocate(
  ctx: SubmitContext,
  index: number,
  quantity: number,
  requestedWarehouse: string,
  flags: { backOrder: boolean; split: boolean },
): TdsAllocation[] | string {
  const stock = ctx.catalog.availability(index, ctx.now).warehouses;
  const make = (warehouse: number, qty: number, orderType: 'SO' | 'BO'): TdsAllocation => ({
    orderNumber: '',
    warehouse,
    quantity: qty,
    orderType,
  });
  const withBackOrder = (taken: TdsAllocation[], warehouse: number): TdsAllocation[] | string => {
    const rest = quantity - taken.reduce((n, a) => n + a.quantity, 0);
    if (rest === 0) return taken;
    if (!flags.backOrder) {
      return `Insufficient stock: ${quantity - rest} of ${quantity} available and BackOrderFlag is N.`;
    }
    return [...taken, make(warehouse, rest, 'BO')];
  };

  if (requestedWarehouse) {
    const there = stock.find((s) => String(s.warehouse.number) === requestedWarehouse);
    if (!there) return `Invalid ShipFromWarehouse ${requestedWarehouse}.`;
    const qty = Math.min(there.qty, quantity);
    return withBackOrder(qty > 0 ? [make(there.warehouse.number, qty, 'SO')] : [], there.warehouse.number);
  }
  const physical = stock.filter((s) => !s.warehouse.virtual && s.qty > 0).sort((a, b) => b.qty - a.qty);
  const best = physical[0];
  if (best && best.qty >= quantity) return [make(best.warehouse.number, quantity, 'SO')];
  const dropShip = stock.find((s) => s.warehouse.virtual);
  if (physical.length === 0 && dropShip && dropShip.qty >= quantity) {
    return [make(dropShip.warehouse.number, quantity, 'SO')];
  }
  const fallback = best?.warehouse.number ?? (stock.find((s) => s.onOrderQuantity) ?? stock[0])?.warehouse.number ?? 0;
  if (!best) return withBackOrder([], fallback);
  if (!flags.split) return withBackOrder([make(best.warehouse.number, best.qty, 'SO')], best.warehouse.number);
  const taken: TdsAllocation[] = [];
  let left = quantity;
  for (const s of physical) {
    if (left === 0) break;
    const qty = Math.min(s.qty, left);
    taken.push(make(s.warehouse.number, qty, 'SO'));
    left -= qty;
  }
  return withBackOrder(taken, best.warehouse.number);
}
