/**
 * An order's life, computed from its submission time and the simulator clock: accepted → released →
 * shipped (per warehouse order number; some lines in two waves, i.e. partial shipments) → invoiced → closed.
 * Everything is a pure function of (order, catalogue, now), so advancing the clock moves orders and a
 * restart changes nothing. A forced status (test switch) replaces the natural timeline and freezes it.
 */
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { hash32, salt } from '../data/tds-random.ts';
import type { TdsAllocation, TdsOrder, TdsOrderLine } from './order-model.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NEVER = Number.POSITIVE_INFINITY;
/** Orders close this long after their last invoice. */
const CLOSE_AFTER_MS = 5 * DAY;

export interface TdsPackage {
  trackingNumber: string;
  weight: number;
  quantity: number;
  serials: string[];
}

export interface TdsShipment {
  wave: 1 | 2;
  quantity: number;
  shipAt: number;
  invoiceAt: number;
  invoiceNumber: string;
  packages: TdsPackage[];
}

export interface TdsAllocationTimeline {
  line: TdsOrderLine;
  allocation: TdsAllocation;
  releaseAt: number;
  shipments: TdsShipment[];
}

export type TdsLineCode = 'accepted' | 'released' | 'backordered' | 'partial' | 'shipped' | 'invoiced' | 'closed';
export type TdsHeaderCode = 'accepted' | 'released' | 'partial' | 'shipped' | 'invoiced' | 'closed';

export interface TdsAllocationState extends TdsAllocationTimeline {
  code: TdsLineCode;
  shipped: TdsShipment[];
  invoiced: TdsShipment[];
  shippedQuantity: number;
}

export interface TdsOrderState {
  code: TdsHeaderCode;
  allocations: TdsAllocationState[];
  closedAt: number;
}

const u = (key: string): number => hash32(salt(key)) / 4294967296;

export function timeline(order: TdsOrder, catalog: TdsCatalog): TdsAllocationTimeline[] {
  const submitted = Date.parse(order.submittedAt);
  const result: TdsAllocationTimeline[] = [];
  for (const line of order.lines) {
    for (const allocation of line.allocations) {
      const on = allocation.orderNumber;
      const releaseAt = submitted + 20 * MINUTE + u(`${on}:release`) * 40 * MINUTE;
      const firstShip =
        allocation.orderType === 'BO'
          ? submitted + 3 * DAY + u(`${on}:bo`) * 7 * DAY
          : allocation.warehouse === 98
            ? releaseAt + DAY + u(`${on}:drop`) * 2 * DAY
            : releaseAt + 2 * HOUR + u(`${on}:ship`) * 18 * HOUR;
      const secondShip = firstShip + DAY + u(`${on}:wave2`) * 2 * DAY;
      const splits = allocation.quantity >= 4 && u(`${on}:${line.lineNumber}:split`) < 0.3;
      const first = splits ? Math.ceil(allocation.quantity / 2) : allocation.quantity;
      const waves: Array<[1 | 2, number, number]> = [[1, first, firstShip]];
      if (splits) waves.push([2, allocation.quantity - first, secondShip]);
      const shipments = waves.map(([wave, quantity, shipAt]) => ({
        wave,
        quantity,
        shipAt,
        invoiceAt: shipAt + HOUR + u(`${on}:${wave}:invoice`) * 11 * HOUR,
        invoiceNumber: `${on.slice(2)}${wave}`,
        packages: packagesFor(order, line, on, wave, quantity, catalog),
      }));
      result.push({ line, allocation, releaseAt, shipments });
    }
  }
  return result;
}

/** The forced status as a timeline; `undefined` when it cannot be shown (partial of a single unit). */
export function forcedTimeline(
  order: TdsOrder,
  natural: TdsAllocationTimeline[],
  catalog: TdsCatalog,
): TdsAllocationTimeline[] | undefined {
  const forced = order.forced;
  if (!forced || forced.status === 'not found') return natural;
  const at = Date.parse(forced.at);
  const status = forced.status;
  const released = status === 'accepted' ? NEVER : at;
  const shipped = status === 'shipped' || status === 'invoiced' || status === 'closed';
  const invoiced = status === 'invoiced' || status === 'closed';
  let tl = natural.map((a) => ({
    ...a,
    releaseAt: released,
    shipments: a.shipments.map((s) => ({ ...s, shipAt: shipped ? at : NEVER, invoiceAt: invoiced ? at : NEVER })),
  }));
  if (forced.partial && shipped) {
    tl = splitForPartial(order, tl, at, invoiced, catalog) as typeof tl;
    if (!tl) return undefined;
  }
  return tl;
}

function splitForPartial(
  order: TdsOrder,
  tl: TdsAllocationTimeline[],
  at: number,
  invoiced: boolean,
  catalog: TdsCatalog,
): TdsAllocationTimeline[] | undefined {
  const total = tl.reduce((n, a) => n + a.shipments.length, 0);
  if (total >= 2) {
    // Only the very first shipment has happened.
    let first = true;
    return tl.map((a) => ({
      ...a,
      shipments: a.shipments.map((s) => {
        const keep = first;
        first = false;
        return keep ? s : { ...s, shipAt: NEVER, invoiceAt: NEVER };
      }),
    }));
  }
  const only = tl[0];
  const shipment = only?.shipments[0];
  if (!only || !shipment || shipment.quantity < 2) return undefined;
  const firstQty = Math.ceil(shipment.quantity / 2);
  const on = only.allocation.orderNumber;
  return [
    {
      ...only,
      shipments: [
        {
          ...shipment,
          quantity: firstQty,
          shipAt: at,
          invoiceAt: invoiced ? at : NEVER,
          packages: packagesFor(order, only.line, on, 1, firstQty, catalog),
        },
        {
          ...shipment,
          wave: 2,
          quantity: shipment.quantity - firstQty,
          shipAt: NEVER,
          invoiceAt: NEVER,
          invoiceNumber: `${on.slice(2)}2`,
          packages: packagesFor(order, only.line, on, 2, shipment.quantity - firstQty, catalog),
        },
      ],
    },
  ];
}

export function orderState(order: TdsOrder, catalog: TdsCatalog, now: Date | number): TdsOrderState {
  const t = +now;
  const tl = forcedTimeline(order, timeline(order, catalog), catalog) ?? timeline(order, catalog);
  const lastInvoice = Math.max(...tl.flatMap((a) => a.shipments.map((s) => s.invoiceAt)));
  // A forced status is frozen: it never closes on its own.
  const closedAt = order.forced
    ? order.forced.status === 'closed'
      ? Date.parse(order.forced.at)
      : NEVER
    : lastInvoice + CLOSE_AFTER_MS;
  const closed = closedAt <= t;
  const allocations = tl.map((a): TdsAllocationState => {
    const shipped = a.shipments.filter((s) => s.shipAt <= t);
    const invoiced = a.shipments.filter((s) => s.invoiceAt <= t);
    const shippedQuantity = shipped.reduce((n, s) => n + s.quantity, 0);
    let code: TdsLineCode;
    if (closed) code = 'closed';
    else if (invoiced.length === a.shipments.length) code = 'invoiced';
    else if (shipped.length === a.shipments.length) code = 'shipped';
    else if (shipped.length > 0) code = 'partial';
    else if (a.releaseAt <= t) code = a.allocation.orderType === 'BO' ? 'backordered' : 'released';
    else code = 'accepted';
    return { ...a, code, shipped, invoiced, shippedQuantity };
  });
  const every = (codes: TdsLineCode[]) => allocations.every((a) => codes.includes(a.code));
  const some = (codes: TdsLineCode[]) => allocations.some((a) => codes.includes(a.code));
  let code: TdsHeaderCode;
  if (closed) code = 'closed';
  else if (every(['invoiced'])) code = 'invoiced';
  else if (every(['shipped', 'invoiced'])) code = 'shipped';
  else if (some(['partial', 'shipped', 'invoiced'])) code = 'partial';
  else if (every(['released', 'backordered'])) code = 'released';
  else code = 'accepted';
  return { code, allocations, closedAt };
}

function packagesFor(
  order: TdsOrder,
  line: TdsOrderLine,
  orderNumber: string,
  wave: number,
  quantity: number,
  catalog: TdsCatalog,
): TdsPackage[] {
  if (quantity <= 0 || order.shipMethod === 'EDEL') return [];
  const key = `${orderNumber}:${line.lineNumber}:${wave}`;
  const count = Math.min(quantity, 1 + Math.floor(u(`${key}:packages`) * 3));
  const product = catalog.product(line.index);
  const noTracking = ['CPU', 'WC', 'HS', 'DE'].includes(order.shipMethod);
  const packages: TdsPackage[] = [];
  let unitNo = 0;
  for (let p = 0; p < count; p++) {
    const qty = Math.floor(quantity / count) + (p < quantity % count ? 1 : 0);
    const serials: string[] = [];
    if (product.serialized) {
      for (let k = 0; k < qty; k++, unitNo++) serials.push(serialNumber(product.manufacturer, `${key}:${unitNo}`));
    }
    packages.push({
      trackingNumber: noTracking ? '' : trackingNumber(order.shipMethod, `${key}:${p}`),
      weight: Math.round(product.weightLb * qty * 100) / 100 || 0.1,
      quantity: qty,
      serials,
    });
  }
  return packages;
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function digits(key: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(hash32(salt(key), i) % 10);
  return out;
}

function alnum(key: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM[hash32(salt(key), i, 7) % ALNUM.length];
  return out;
}

/** FedEx: 12 digits; UPS: 1Z + 6 + service 03 + 8. */
function trackingNumber(shipMethod: string, key: string): string {
  if (shipMethod === 'UPG') return `1Z${alnum(key, 6)}03${digits(key, 8)}`;
  if (shipMethod === 'PUG' || shipMethod === 'CPCE') return `${alnum(key, 3)}${digits(key, 9)}`;
  return `7${digits(key, 11)}`;
}

function serialNumber(manufacturer: string, key: string): string {
  const prefix =
    manufacturer
      .replace(/[^A-Z]/gi, '')
      .slice(0, 2)
      .toUpperCase() || 'SN';
  return `${prefix}${alnum(key, 8)}`;
}
