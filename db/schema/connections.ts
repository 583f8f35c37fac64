/** Credentials per tenant and upstream system. Secrets live only in `secretCiphertext` (AES-GCM). */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const connections = sqliteTable(
  'connections',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** 'cw' (ConnectWise PSA) or 'tds' (TD SYNNEX) */
    system: text('system', { enum: ['cw', 'tds'] }).notNull(),
    /** The standby credential takes over when the primary is refused. */
    role: text('role', { enum: ['primary', 'standby'] })
      .notNull()
      .default('primary'),
    /** Non-secret settings (site, company id, public key, clientId / customer number, user, endpoints). */
    config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** `v1:<iv>:<ciphertext>` of a JSON object of secrets; never returned by any route. */
    secretCiphertext: text('secret_ciphertext').notNull(),
    expiresAt: text('expires_at'),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex('connections_tenant_system_role').on(t.tenantId, t.system, t.role)],
);

export type Connection = typeof connections.$inferSelect;
