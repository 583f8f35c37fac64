/**
 * A tenant's activation options: what activation registers in ConnectWise beyond what every tenant gets.
 * Today one option: the operations console as a Hosted API Tab on a screen the tenant picks (off by default).
 * Read by server/activation/options.ts; changed through `PUT /api/admin/tenants/:t/activation/options`.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const tenantActivationOptions = sqliteTable('tenant_activation_options', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  /** Register the console as a ConnectWise Tab (members of the allowed roles open it there). */
  consoleTabEnabled: integer('console_tab_enabled', { mode: 'boolean' }).notNull().default(false),
  /** ConnectWise Hosted API screen id of that Tab, e.g. `company` (server/activation/options.ts lists them). */
  consoleTabScreen: text('console_tab_screen').notNull().default('company'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export type TenantActivationOptionsRow = typeof tenantActivationOptions.$inferSelect;
