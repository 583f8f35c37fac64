/**
 * What the simulator remembers about a submitted PO (collection `tds:orders`, keyed by customer + PO number)
 * and the ship-method table. Lifecycle state is never stored: it is computed from the submission time and
 * the simulator clock (order-lifecycle.ts), so advancing the clock moves orders along.
 */

export interface TdsShipTo {
  AddressName1: string;
  AddressName2: string;
  AddressLine1: string;
  AddressLine2: string;
  City: string;
  State: string;
  ZipCode: string;
  Country: string;
  ContactName: string;
  PhoneNumber: string;
  EmailAddress: string;
}

/** One TD SYNNEX sales order's share of a PO line: a line split over warehouses has several. */
export interface TdsAllocation {
  orderNumber: string;
  warehouse: number;
  quantity: number;
  /** SO = ships from stock (or drop ship), BO = back order waiting for stock. */
  orderType: 'SO' | 'BO';
}

export interface TdsOrderLine {
  lineNumber: string;
  sku: string;
  index: number;
  mfgPN: string;
  description: string;
  quantity: number;
  unitPrice: number;
  customerPartNumber: string;
  allocations: TdsAllocation[];
}

export const FORCEABLE_STATUSES = ['accepted', 'released', 'shipped', 'invoiced', 'closed', 'not found'] as const;
export type ForcedStatus = (typeof FORCEABLE_STATUSES)[number];

export interface TdsOrder {
  customerNumber: string;
  poNumber: string;
  /** Simulator time of acceptance (ISO). */
  submittedAt: string;
  poDateTime: string;
  shipMethod: string;
  dropShip: boolean;
  shipTo: TdsShipTo;
  endUserPONumber: string;
  comment: string;
  internalReference: string;
  lines: TdsOrderLine[];
  /** `code`, when set, replaces every header and line code (an unknown code, e.g. "on hold", for tolerance tests). */
  forced?: { status: ForcedStatus; partial: boolean; at: string; code?: string };
}

export const ORDERS_COLLECTION = 'tds:orders';

export function orderKey(customerNumber: string, poNumber: string): string {
  return `${customerNumber}:${poNumber.toUpperCase()}`;
}

/** Ship-method codes the demo account may use (reference §3.1: SDK enums; codes vary by account). */
export const SHIP_METHODS: Readonly<Record<string, string>> = {
  FX: 'FedEx Express Saver',
  FG: 'FedEx Ground',
  F2: 'FedEx 2Day',
  FO: 'FedEx Standard Overnight',
  FP: 'FedEx Priority Overnight',
  CPU: 'Customer Pick-Up',
  HS: 'Hold Ship',
  EDEL: 'Electronic Delivery',
  DE: 'Local Delivery',
  UPG: 'UPS Standard',
  PUG: 'Purolator Ground',
  CPCE: 'Canada Post Expedited',
  WC: 'Customer Pick-Up',
};

export const DEFAULT_SHIP_METHOD = 'FX';

/** Every TD SYNNEX order number of a PO, in line order. */
export function orderNumbersOf(order: TdsOrder): string[] {
  return [...new Set(order.lines.flatMap((l) => l.allocations.map((a) => a.orderNumber)))];
}
