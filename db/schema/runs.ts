/**
 * Sync runs: one row per run of a template for a tenant, with its state, lease, checkpoint, retry state
 * (graphile-worker style: attempts, last_error, not_before on the row) and results. Only the sync engine
 * (server/sync/engine) writes here.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

/** Per-run results; item-level detail is in sync_activity. */
export interface RunCounts {
  added: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  skipped: number;
  errors: number;
}

export interface RunError {
  code: string;
  message: string;
  at: string;
}

export interface RunWarning {
  code: string;
  message: string;
}

export interface RunProgress {
  done: number;
  total?: number;
  label?: string;
}

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    /** See server/sync/engine/states.ts for the states and the allowed transitions. */
    state: text('state', {
      enum: ['scheduled', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'],
    }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    requestedBy: text('requested_by'),
    /** Full resync: the template ignores its incremental markers. */
    full: integer('full', { mode: 'boolean' }).notNull().default(false),
    /** The template settings the run started with (validated by the template's schema). */
    settings: text('settings', { mode: 'json' }).$type<unknown>().notNull(),
    /** The template's own resume point, saved after every successful step. */
    checkpoint: text('checkpoint', { mode: 'json' }).$type<unknown>(),
    steps: integer('steps').notNull().default(0),
    /** Failed attempts since the last successful step (a crash counts as one). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** A scheduled run is not started before this time (retry backoff, Retry-After). */
    notBefore: text('not_before'),
    lastError: text('last_error', { mode: 'json' }).$type<RunError>(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: text('lease_expires_at'),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    counts: text('counts', { mode: 'json' }).$type<RunCounts>().notNull(),
    skippedReasons: text('skipped_reasons', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    warnings: text('warnings', { mode: 'json' }).$type<RunWarning[]>().notNull(),
    progress: text('progress', { mode: 'json' }).$type<RunProgress>(),
    upstreamCalls: integer('upstream_calls').notNull().default(0),
    upstreamMs: integer('upstream_ms').notNull().default(0),
    /** Time spent inside steps (excludes waits between ticks and retries). */
    activeMs: integer('active_ms').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    // At most one unfinished run per tenant and template: the guard behind "never two at once".
    uniqueIndex('sync_runs_one_active').on(t.tenantId, t.templateId).where(sql`${t.state} in ('scheduled', 'running')`),
    index('sync_runs_tenant_template').on(t.tenantId, t.templateId, t.id),
    index('sync_runs_state').on(t.state, t.notBefore),
  ],
);

export type SyncRun = typeof syncRuns.$inferSelect;
