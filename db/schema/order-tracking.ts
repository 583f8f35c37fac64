/**
 * Order Status' memory of every open TD SYNNEX order it follows, one `order_tracking` row per (tenant,
 * ConnectWise PO id): the TD SYNNEX PO number(s) it polls, the last status, what each line shipped (carrier,
 * tracking, serials, ship date, ETA), the invoices and which ship/invoice events the timeline and the linked
 * ticket already have (ConnectWise is written only where its value differs: write-back.ts compares). `order_events` is the timeline the pods
 * show and the metrics read: status changes, shipments, invoices, unknown codes, ticket notes (with success).
 * Written only through server/orders/tracking-repo.ts.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

/**
 * - `order`: placed by Create Orders (its `orders` row names the PO numbers).
 * - `prefix_match`: a buyer typed a TD SYNNEX order number by hand; found at TD SYNNEX by the tenant's PO prefix.
 * - `needs_link`: typed by hand and not found by PO number: listed for the buyer to link, never polled by order number.
 * - `buyer_link`: a buyer named the PO number TD SYNNEX knows the order by (checked at TD SYNNEX before linking).
 */
export const TRACKING_LINKS = ['order', 'prefix_match', 'needs_link', 'buyer_link'] as const;
export type TrackingLink = (typeof TRACKING_LINKS)[number];

/** One TD SYNNEX order line (an `Item`: a PO line split over warehouses has one per order number). */
export interface TrackedLine {
  tdsPoNumber: string;
  lineNumber: string;
  orderNumber: string;
  /** ConnectWise PO line id it was matched to, when found. */
  cwLineId?: number;
  sku: string;
  /** As TD SYNNEX sent it (lower case). */
  code: string;
  orderQuantity: number;
  shipQuantity: number;
  carrier: string;
  trackingNumbers: string[];
  serialNumbers: string[];
  /** YYYY-MM-DD HH:mm:ss as TD SYNNEX sends it. */
  shipDate?: string;
  /** Back-order ETA or estimated delivery, YYYY-MM-DD. */
  eta?: string;
}

export interface TrackedInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  orderNumber: string;
  total: number | null;
  freight: number | null;
  salesTax: number | null;
}

export const orderTracking = sqliteTable(
  'order_tracking',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    cwPoId: integer('cw_po_id').notNull(),
    cwPoNumber: text('cw_po_number').notNull(),
    link: text('link', { enum: TRACKING_LINKS }).notNull(),
    /** The PO numbers TD SYNNEX knows this order by (batches of a large order each have one); empty while needs_link. */
    tdsPoNumbers: text('tds_po_numbers', { mode: 'json' }).$type<string[]>().notNull(),
    /** The order number a buyer typed on the PO (needs_link / prefix_match). */
    typedOrderNumber: text('typed_order_number'),
    ticketId: integer('ticket_id'),
    /** Header code TD SYNNEX last sent (of the first PO number); `not found` while it does not know it. */
    tdsStatus: text('tds_status'),
    /** The TDS PO status tds-bridge last set on the PO. */
    cwStatus: text('cw_status'),
    lines: text('lines', { mode: 'json' }).$type<TrackedLine[]>().notNull(),
    invoices: text('invoices', { mode: 'json' }).$type<TrackedInvoice[]>().notNull(),
    /** Keys of ship/invoice events already recorded (and noted on the ticket), `note-retry:`-prefixed when a note is owed. */
    notified: text('notified', { mode: 'json' }).$type<string[]>().notNull(),
    /** Every line invoiced and the invoices read: nothing more will change, polling stops. */
    done: integer('done', { mode: 'boolean' }).notNull().default(false),
    /** Shipped lines received in ConnectWise (by tds-bridge when the tenant enables it, or by a buyer). */
    receivedAt: text('received_at'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    lastCheckedAt: text('last_checked_at'),
    lastChangedAt: text('last_changed_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.cwPoId] }),
    index('order_tracking_open').on(t.tenantId, t.done, t.lastCheckedAt),
    index('order_tracking_ticket').on(t.tenantId, t.ticketId),
  ],
);
export type OrderTrackingRow = typeof orderTracking.$inferSelect;

export const ORDER_EVENT_KINDS = [
  'linked',
  'needs_link',
  'status',
  'shipment',
  'invoice',
  'unknown_code',
  'received',
  'ticket_note',
] as const;
export type OrderEventKind = (typeof ORDER_EVENT_KINDS)[number];

export const orderEvents = sqliteTable(
  'order_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    cwPoId: integer('cw_po_id').notNull(),
    kind: text('kind', { enum: ORDER_EVENT_KINDS }).notNull(),
    /** Status name, TD SYNNEX code, invoice number… */
    code: text('code'),
    message: text('message').notNull(),
    /** For ticket notes and writes: did it work. */
    ok: integer('ok', { mode: 'boolean' }),
    /** When TD SYNNEX says it happened (ship date, invoice date), for the status-update lag. */
    upstreamAt: text('upstream_at'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: text('at').notNull(),
  },
  (t) => [index('order_events_po').on(t.tenantId, t.cwPoId, t.id), index('order_events_kind').on(t.tenantId, t.kind)],
);
export type OrderEventRow = typeof orderEvents.$inferSelect;
