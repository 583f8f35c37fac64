/**
 * When each template runs for each tenant (cron in the tenant's time zone), and each tenant's settings
 * for each template. Written by the sync engine and the admin routes.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const syncSchedules = sqliteTable(
  'sync_schedules',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    /** Five-field cron, read in `timeZone`. */
    cron: text('cron').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** The tenant time zone `nextRunAt` was computed in; recomputed when the tenant's changes. */
    timeZone: text('time_zone').notNull(),
    nextRunAt: text('next_run_at'),
    lastScheduledAt: text('last_scheduled_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.templateId] })],
);

export type SyncSchedule = typeof syncSchedules.$inferSelect;

export const syncTemplateSettings = sqliteTable(
  'sync_template_settings',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    /** Validated by the template's settingsSchema before it is stored. */
    settings: text('settings', { mode: 'json' }).$type<unknown>().notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.templateId] })],
);

export type SyncTemplateSettings = typeof syncTemplateSettings.$inferSelect;
