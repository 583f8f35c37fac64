/**
 * The last TD SYNNEX price-and-availability answer per tenant and lookup (SKU or manufacturer part
 * number). Memory holds answers for the short cache TTL; this table is what the pod falls back to,
 * with its age, when TD SYNNEX does not answer — across restarts and Worker isolates.
 */
import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const paSnapshots = sqliteTable(
  'pa_snapshots',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** `sku:<TD SYNNEX SKU>` or `mpn:<manufacturer part number>` */
    lookupKey: text('lookup_key').notNull(),
    answer: text('answer', { mode: 'json' }).$type<unknown>().notNull(),
    fetchedAt: text('fetched_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.lookupKey] })],
);
