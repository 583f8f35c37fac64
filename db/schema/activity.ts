/**
 * The Sync Activity Log: run-level and item-level entries a buyer can act on, written only through
 * server/sync/engine/activity-log.ts.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const ACTIVITY_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type ActivityLevel = (typeof ACTIVITY_LEVELS)[number];

export const syncActivity = sqliteTable(
  'sync_activity',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    templateId: text('template_id'),
    /** The run this entry belongs to (no foreign key: entries outlive pruned runs). */
    runId: integer('run_id'),
    at: text('at').notNull(),
    level: text('level', { enum: ACTIVITY_LEVELS }).notNull(),
    /** 'run' = the run's own start/finish/retry entries; 'item' = one SKU, PO, order… */
    scope: text('scope', { enum: ['run', 'item'] }).notNull(),
    /** Stable snake_case code, e.g. `run_failed`, `sku_not_found`. */
    code: text('code').notNull(),
    message: text('message').notNull(),
    /** e.g. `sku` / `TDS-12345`, `purchase_order` / `PO-1001`. */
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    upstreamRoute: text('upstream_route'),
    upstreamStatus: integer('upstream_status'),
    durationMs: integer('duration_ms'),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    details: text('details', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [
    index('sync_activity_tenant').on(t.tenantId, t.id),
    index('sync_activity_tenant_at').on(t.tenantId, t.at),
    index('sync_activity_run').on(t.runId, t.id),
    index('sync_activity_tenant_template').on(t.tenantId, t.templateId, t.id),
    index('sync_activity_tenant_entity').on(t.tenantId, t.entityId),
    index('sync_activity_tenant_level_at').on(t.tenantId, t.level, t.at),
  ],
);

export type SyncActivity = typeof syncActivity.$inferSelect;
export type NewSyncActivity = typeof syncActivity.$inferInsert;
