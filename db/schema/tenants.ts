/** A tenant is one MSP: its ConnectWise site and company, and where its pods may be framed from. */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const tenants = sqliteTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** ConnectWise UI site as members see it, e.g. https://na.myconnectwise.net */
    cwSite: text('cw_site').notNull(),
    /** ConnectWise company id (the login "Company" field); member auth must carry the same. */
    cwCompanyId: text('cw_company_id').notNull(),
    /** Origins allowed to frame the pod (CSP frame-ancestors) and to talk to it over postMessage. JSON string[]. */
    podOrigins: text('pod_origins', { mode: 'json' }).$type<string[]>().notNull(),
    timeZone: text('time_zone').notNull().default('America/New_York'),
    /**
     * Host names ConnectWise may serve this tenant's callback signing keys from, beside the defaults derived
     * from its site and API host (server/callbacks/trust.ts). JSON string[]; null = defaults only.
     */
    callbackKeyHosts: text('callback_key_hosts', { mode: 'json' }).$type<string[]>(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex('tenants_cw_company').on(t.cwCompanyId, t.cwSite)],
);

export type Tenant = typeof tenants.$inferSelect;
