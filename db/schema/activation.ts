/**
 * What activation found or created in a tenant's ConnectWise (vendor company, PO statuses, custom fields,
 * callbacks, pods), by kind and name, with ConnectWise's id. Later templates look ids up here
 * (server/activation/cw-setup-ids.ts) instead of searching ConnectWise by name on every run.
 */
import { sql } from 'drizzle-orm';
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const CW_SETUP_KINDS = ['vendor', 'po_status', 'custom_field', 'callback', 'hosted_setup'] as const;
export type CwSetupKind = (typeof CW_SETUP_KINDS)[number];

export const tenantCwSetup = sqliteTable(
  'tenant_cw_setup',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CW_SETUP_KINDS }).notNull(),
    /** e.g. `TDSYNNEX`, `TDS Shipped`, `purchaseorder/Send to TDS`, `PurchaseOrder`, `opportunity`. */
    name: text('name').notNull(),
    cwId: integer('cw_id').notNull(),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.name] })],
);

export type TenantCwSetupRow = typeof tenantCwSetup.$inferSelect;
