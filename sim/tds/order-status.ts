/**
 * SynnexB2B/OrderStatusRequest → OrderStatusResponse (reference §4.2; PascalCase and `ETADate` as a production
 * parser reads them). One `Item` per TD SYNNEX order number of a line, so a line split over warehouses appears
 * twice with the same lineNumber. Line codes follow the settings: by default only accepted, shipped and
 * invoiced (the codes seen in the wild); the richer set (released, backordered, partial, closed) is an option.
 */
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { orderState, type TdsAllocationState, type TdsHeaderCode, type TdsLineCode } from './order-lifecycle.ts';
import { SHIP_METHODS, type TdsOrder } from './order-model.ts';
import type { TdsSimSettings } from './sim-settings.ts';
import { dateOnly, dateTime, isoSeconds, money, type XmlNode } from './xml.ts';

const DAY = 86_400_000;

export interface StatusQuery {
  customerNumber: string;
  poNumber: string;
  order: TdsOrder | undefined;
  catalog: TdsCatalog;
  now: Date;
  /** performance.now() when the request arrived (ResponseElapsedTime). */
  started: number;
  settings: TdsSimSettings;
}

/** The code TD SYNNEX shows: a forced code wins; `observed` folds the unconfirmed codes into the seen ones. */
function shownCode(code: TdsLineCode | TdsHeaderCode, order: TdsOrder, settings: TdsSimSettings): string {
  if (order.forced?.code) return order.forced.code;
  if (settings.lineCodes === 'extended') return code;
  // A status forced by a test is what "TD SYNNEX reports it" means: released and closed stay as forced.
  if (order.forced && (code === 'released' || code === 'closed')) return code;
  if (code === 'released' || code === 'backordered') return 'accepted';
  if (code === 'closed') return 'invoiced';
  return code;
}

export function orderStatusBody(q: StatusQuery): XmlNode {
  const { customerNumber, poNumber, order, catalog, now, started, settings } = q;
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
    Code: shownCode(state.code, order, settings),
    PODatetime: dateTime(Date.parse(order.submittedAt)),
    ResponseDateTime: isoSeconds(now),
    ResponseElapsedTime: elapsed,
    Items: { Item: state.allocations.map((a) => itemBody({ order, a, catalog, settings })) },
  };
}

function itemBody({
  order,
  a,
  catalog,
  settings,
}: {
  order: TdsOrder;
  a: TdsAllocationState;
  catalog: TdsCatalog;
  settings: TdsSimSettings;
}): XmlNode {
  // Observed codes have no `partial` line: a partly shipped line is `shipped` with ShipQuantity < OrderQuantity.
  const code = a.code === 'partial' && settings.lineCodes === 'observed' && !order.forced?.code ? 'shipped' : a.code;
  const warehouse = catalog.warehouses.find((w) => w.number === a.allocation.warehouse);
  const [city = '', state = ''] = (warehouse?.city ?? '').split(', ');
  const firstPending = a.shipments.find((s) => !a.shipped.includes(s));
  const lastShipped = a.shipped.at(-1);
  const weight = a.shipped.reduce((w, s) => w + s.packages.reduce((x, p) => x + p.weight, 0), 0);
  const packages = a.shipped.flatMap((s) => s.packages);
  return {
    '@_lineNumber': a.line.lineNumber,
    Code: shownCode(code, order, settings),
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
          ...(a.allocation.orderType === 'BO' ? { [settings.etaElement]: dateOnly(firstPending.shipAt - DAY) } : {}),
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
