/**
 * Create Orders' memory of each purchase order sent (or asked to be sent) to TD SYNNEX: one `orders` row per
 * (tenant, ConnectWise PO id) with its own state machine, and one `order_submissions` row per PO number TD SYNNEX
 * sees (one per batch of a large order; a deliberate re-order adds rows under a new suffix). The submission row is
 * written before the TD SYNNEX call and its primary key is the PO number TD SYNNEX de-duplicates on, so no process,
 * retry or crash can make a second TD SYNNEX order for one PO number. Written only through server/orders/repo.ts.
 * Order Status adds its own tracking tables keyed by the TD SYNNEX PO number.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

/**
 * - `requested`: someone asked to send (pod button, ConnectWise callback, sweep, re-order); not yet validated.
 * - `invalid`: validation found something the buyer must fix (see `issues`); a new request starts over.
 * - `awaiting_approval`: valid, above the tenant's approval amount; a second allowed member must approve.
 * - `validated`: valid and approved; PO number(s) and batches fixed in `order_submissions`.
 * - `submitting`: at least one batch is being (or may have been) sent to TD SYNNEX.
 * - `unknown`: a send timed out or failed without an answer; TD SYNNEX is asked by PO number before any resend.
 * - `accepted`: every batch has TD SYNNEX order number(s). Terminal until a deliberate re-order.
 * - `rejected`: TD SYNNEX refused it; nothing was placed. The sweep leaves it; a buyer's new request sends anew.
 * - `failed`: could not be sent and nothing was placed (e.g. "IP Address Invalid"); a new request retries.
 * - `withdrawn`: the request was gone when the PO was read (status changed back before sending); nothing placed.
 */
export const ORDER_STATES = [
  'requested',
  'invalid',
  'awaiting_approval',
  'validated',
  'submitting',
  'unknown',
  'accepted',
  'rejected',
  'failed',
  'withdrawn',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** How a send was asked for (the last request wins; every request is also in the activity log). */
export const ORDER_REQUEST_SOURCES = ['button', 'callback', 'sweep', 'reorder', 'admin'] as const;
export type OrderRequestSource = (typeof ORDER_REQUEST_SOURCES)[number];

/** One thing a buyer must fix before the PO can be sent; `lineId` points at the PO line when it is about one. */
export interface OrderIssue {
  code: string;
  message: string;
  lineId?: number;
  field?: string;
}

export interface OrderApproval {
  memberId: string;
  at: string;
}

/**
 * What is sent to TD SYNNEX, fixed at validation: every (re)send of a PO number sends exactly this, and a later
 * change to the PO in ConnectWise is detected against it.
 */
export interface SubmittedSnapshot {
  lines: { lineId: number; lineNumber: number; sku: string; quantity: number; unitCost: number; description: string }[];
  shipTo: { name: string; line1: string; line2?: string; city: string; state: string; zip: string; country: string };
  contact: { name: string; phone: string; email: string };
  shipMethod?: string;
  /** Lines per batch (PO numbers `-B1`, `-B2`… when more than one). */
  batchSize: number;
}

/** A change to the PO after submission that the buyer must handle at TD SYNNEX (we never change the order). */
export interface PostSubmissionChange {
  kind: 'lines' | 'quantity' | 'ship_to' | 'cancelled';
  message: string;
  at: string;
}

export const orders = sqliteTable(
  'orders',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    cwPoId: integer('cw_po_id').notNull(),
    cwPoNumber: text('cw_po_number').notNull(),
    state: text('state', { enum: ORDER_STATES }).notNull(),
    /** Bumped by every write; writes are conditional on the version read, so racing writers cannot both win. */
    version: integer('version').notNull().default(1),
    /** 0 for the first order; a deliberate re-order increments it and adds the suffix `-R<n>` to the PO number. */
    generation: integer('generation').notNull().default(0),
    /** The PO number TD SYNNEX sees: tenant prefix + ConnectWise PO number (+ `-R<n>`); batches add `-B<k>`. */
    tdsPoNumber: text('tds_po_number').notNull(),
    batchCount: integer('batch_count').notNull().default(0),
    /** Every TD SYNNEX order number of the current generation (one per warehouse when TD SYNNEX splits). */
    tdsOrderNumbers: text('tds_order_numbers', { mode: 'json' }).$type<string[]>().notNull(),
    /** Submitted to the TD SYNNEX test endpoint (tenant test mode at the time of validation). */
    testMode: integer('test_mode', { mode: 'boolean' }).notNull().default(false),
    requestedBy: text('requested_by'),
    requestedVia: text('requested_via', { enum: ORDER_REQUEST_SOURCES }).notNull(),
    requestCount: integer('request_count').notNull().default(1),
    /** The settled state a new request restarted (rejected, invalid, failed…): restored if the PO no longer asks. */
    restartedFrom: text('restarted_from', { enum: ORDER_STATES }),
    lastRequestedAt: text('last_requested_at').notNull(),
    /** Requests that arrived while the order was already placed (status reset, duplicate callbacks): ignored. */
    ignoredRequests: integer('ignored_requests').notNull().default(0),
    approvals: text('approvals', { mode: 'json' }).$type<OrderApproval[]>().notNull(),
    /** PO total at validation, in the PO's currency. */
    amount: real('amount'),
    issues: text('issues', { mode: 'json' }).$type<OrderIssue[]>().notNull(),
    rejectionCode: text('rejection_code'),
    rejectionReason: text('rejection_reason'),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    submitted: text('submitted', { mode: 'json' }).$type<SubmittedSnapshot>(),
    changes: text('changes', { mode: 'json' }).$type<PostSubmissionChange[]>().notNull(),
    /** The PO in ConnectWise carries the outcome (status, order numbers, fields, note). */
    writeback: text('writeback', { enum: ['none', 'pending', 'done', 'failed'] })
      .notNull()
      .default('none'),
    writebackAttempts: integer('writeback_attempts').notNull().default(0),
    /**
     * ConnectWise's `_info.lastUpdated` of the PO right after our last write to it. A callback or sweep only
     * restarts a settled order when the PO was saved after this (a person acted), never for our own write.
     */
    cwWrittenUpdatedAt: text('cw_written_updated_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    submittedAt: text('submitted_at'),
    resolvedAt: text('resolved_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.cwPoId] }),
    index('orders_state').on(t.tenantId, t.state),
    index('orders_writeback').on(t.tenantId, t.writeback),
    index('orders_tds_po_number').on(t.tenantId, t.tdsPoNumber),
  ],
);

export type OrderRow = typeof orders.$inferSelect;

/**
 * - `pending`: written, never sent.
 * - `sending`: claimed by one worker until `claimExpiresAt`; the call to TD SYNNEX may be in flight.
 * - `unknown`: sent without a usable answer, or a claim expired: query by PO number before any resend.
 * - `accepted` / `rejected`: TD SYNNEX's answer.
 */
export const SUBMISSION_STATES = ['pending', 'sending', 'unknown', 'accepted', 'rejected'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

export const orderSubmissions = sqliteTable(
  'order_submissions',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The PO number sent to TD SYNNEX: unique per tenant, the idempotency key of the whole path. */
    tdsPoNumber: text('tds_po_number').notNull(),
    cwPoId: integer('cw_po_id').notNull(),
    generation: integer('generation').notNull(),
    /** 1-based batch number; batchCount on the order says how many. */
    batch: integer('batch').notNull().default(1),
    /** ConnectWise PO line ids in this batch. */
    lineIds: text('line_ids', { mode: 'json' }).$type<number[]>().notNull(),
    state: text('state', { enum: SUBMISSION_STATES }).notNull(),
    version: integer('version').notNull().default(1),
    /** Sends made (a status query is not a send). */
    attempts: integer('attempts').notNull().default(0),
    /** Status queries made while the outcome was unknown. */
    statusChecks: integer('status_checks').notNull().default(0),
    claimOwner: text('claim_owner'),
    claimExpiresAt: text('claim_expires_at'),
    /** Not retried before this time (backoff after a 5xx or a "not found yet" answer). */
    notBefore: text('not_before'),
    tdsOrderNumbers: text('tds_order_numbers', { mode: 'json' }).$type<string[]>().notNull(),
    testMode: integer('test_mode', { mode: 'boolean' }).notNull().default(false),
    rejectionCode: text('rejection_code'),
    rejectionReason: text('rejection_reason'),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    sentAt: text('sent_at'),
    resolvedAt: text('resolved_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.tdsPoNumber] }),
    index('order_submissions_po').on(t.tenantId, t.cwPoId, t.generation),
    index('order_submissions_open').on(t.tenantId, t.state).where(sql`${t.state} in ('pending', 'sending', 'unknown')`),
  ],
);

export type OrderSubmissionRow = typeof orderSubmissions.$inferSelect;
