/**
 * SynnexB2B/OrderStatusRequest → OrderStatusResponse (reference §4.2; PascalCase inferred). One `Item` per
 * TD SYNNEX order number of a line, so a line split over warehouses appears twice with the same lineNumber.
 */
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { orderState, type TdsAllocationState } from './order-lifecycle.ts';
import { SHIP_METHODS, type TdsOrder } from './order-model.ts';
import { dateOnly, dateTime, isoSeconds, money, type XmlNode } from './xml.ts';

const DAY = 86_400_000;

export function orderStatusBody(
  customerNumber: string,
  poNumber: string,
  order: TdsOrder | undefined,
  catalog: TdsCatalog,
  now: Date,
  started: number,
): XmlNode {
  const elapsed = `${((performance.now() - started) / 1000).toFixed(2)}s`;
  if (!order || order.forced?.status === 'not found') {
    return {
      CustomerNumber: customerNumber,
      PONumber: poNumber,
      Code: 'not found',
      Reason: `PO ${poNumber} was not found for customer ${customerNumber}.`,
      ResponseDateTime: isoSeconds(now),
      ResponseElapsedTime: elapsed,
    };
  }
  const state = orderState(order, catalog, now);
  return {
    CustomerNumber: order.customerNumber,
    PONumber: order.poNumber,
    Code: state.code,
    PODatetime: dateTime(Date.parse(order.submittedAt)),
    ResponseDateTime: isoSeconds(now),
    ResponseElapsedTime: elapsed,
    Items: { Item: state.allocations.map((a) => itemBody(order, a, catalog)) },
  };
}

function itemBody(order: TdsOrder, a: TdsAllocationState, catalog: TdsCatalog): XmlNode {
  const warehouse = catalog.warehouses.find((w) => w.number === a.allocation.warehouse);
  const [city = '', state = ''] = (warehouse?.city ?? '').split(', ');
  const firstPending = a.shipments.find((s) => !a.shipped.includes(s));
  const lastShipped = a.shipped.at(-1);
  const weight = a.shipped.reduce((w, s) => w + s.packages.reduce((x, p) => x + p.weight, 0), 0);
  const packages = a.shipped.flatMap((s) => s.packages);
  return {
    '@_lineNumber': a.line.lineNumber,
    Code: a.code,
    OrderNumber: a.allocation.orderNumber,
    OrderType: a.allocation.orderType,
    SKU: a.line.sku,
    MfgPN: a.line.mfgPN,
    ProductName: a.line.description,
    OrderQuantity: a.allocation.quantity,
    ShipQuantity: a.shippedQuantity,
    UnitPrice: money(a.line.unitPrice),
    ...(lastShipped ? { ShipDatetime: dateTime(lastShipped.shipAt) } : {}),
    ShipFromWarehouse: a.allocation.warehouse,
    ShipFromCity: city,
    ShipFromState: state,
    ShipFromZip: warehouse?.zipcode ?? '',
    ShipMethod: order.shipMethod,
    ShipMethodDescription: SHIP_METHODS[order.shipMethod] ?? '',
    ...(firstPending && Number.isFinite(firstPending.shipAt)
      ? {
          EstimatedShipDate: dateOnly(firstPending.shipAt),
          EstimatedDeliveryDate: dateOnly(firstPending.shipAt + 3 * DAY),
          ...(a.allocation.orderType === 'BO' ? { EtaDate: dateOnly(firstPending.shipAt - DAY) } : {}),
        }
      : {}),
    Freight: money(a.shipped.length > 0 ? freightFor(weight) : 0),
    HandlingFee: money(0),
    Tax: money(0),
    RecyclingFee: money(0),
    CustPoLineNo: a.line.lineNumber,
    ...(packages.length > 0
      ? {
          Packages: {
            Package: packages.map((p) => ({
              TrackingNumber: p.trackingNumber,
              Weight: p.weight,
              ShipItemQuantity: p.quantity,
              ...(p.serials.length > 0 ? { SerialNo: p.serials } : {}),
            })),
          },
        }
      : {}),
  };
}

/** Freight as a simple function of weight (TD SYNNEX's rating is account-specific). */
export function freightFor(weightLb: number): number {
  return weightLb <= 0 ? 0 : Math.round((9.5 + weightLb * 0.42) * 100) / 100;
}
