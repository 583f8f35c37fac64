/**
 * Durable intake: work acknowledged to someone outside (a verified ConnectWise callback, a "Send to TDS"
 * click) is written here before the answer leaves, keyed for idempotency, and drained by the sync engine
 * (server/sync/engine/intake.ts) under leases and retries. A row outlives its work until `keep_until`, so a
 * duplicate delivery inside that window is recognised and acknowledged without effect.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { RunError } from './runs.ts';
import { tenants } from './tenants.ts';

export const INTAKE_STATES = ['pending', 'done', 'failed'] as const;
export type IntakeState = (typeof INTAKE_STATES)[number];

export const intakeRequests = sqliteTable(
  'intake_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Which registered handler does the work, e.g. `cw-callback:tds-sync-price`, `send-to-tds`. */
    kind: text('kind').notNull(),
    /** Idempotency key within (tenant, kind): a second accept with the same key is a duplicate. */
    key: text('key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    state: text('state', { enum: INTAKE_STATES }).notNull(),
    /** Failed attempts so far. */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Not tried before this time (retry backoff). */
    notBefore: text('not_before').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: text('lease_expires_at'),
    lastError: text('last_error', { mode: 'json' }).$type<RunError>(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    finishedAt: text('finished_at'),
    /** The replay window: the row (and so its key) is kept until then, then pruned. */
    keepUntil: text('keep_until').notNull(),
  },
  (t) => [
    uniqueIndex('intake_requests_key').on(t.tenantId, t.kind, t.key),
    index('intake_requests_due').on(t.state, t.notBefore),
    index('intake_requests_keep').on(t.keepUntil),
  ],
);

export type IntakeRequest = typeof intakeRequests.$inferSelect;
