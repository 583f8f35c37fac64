/**
 * Deletes a tenant and everything stored for it, table by table, in one batch (one transaction). The schema's
 * `on delete cascade` is not relied on: SQLite enforces foreign keys per connection, the embedded client pools
 * connections and Turso's HTTP streams each start without the pragma, so a cascade can silently not happen —
 * leaving orders, schedules and sealed secrets behind for a tenant later created under the same id. Tables
 * without a foreign key (upstream calls, sign-in refusals) would never be cleared at all.
 */
import { eq, getTableColumns, getTableName, is } from 'drizzle-orm';
import { type SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';

type TenantScoped = { table: SQLiteTable; tenantId: SQLiteColumn };

/** Every table with a `tenant_id` column, children before the tables they reference, `tenants` last. */
export function tenantScopedTables(): TenantScoped[] {
  const found: TenantScoped[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, SQLiteTable)) continue;
    const column = (getTableColumns(value) as Record<string, SQLiteColumn>).tenantId;
    if (column && getTableName(value) !== 'tenants') found.push({ table: value, tenantId: column });
  }
  // alert_deliveries references alerts: when the pragma is on, the child must go first.
  const rank = (t: TenantScoped) => (getTableName(t.table) === 'alert_deliveries' ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b));
}

export async function deleteTenant(db: Db, tenantId: string): Promise<void> {
  const [first, ...rest] = tenantScopedTables().map(({ table, tenantId: column }) =>
    db.delete(table).where(eq(column, tenantId)),
  );
  if (!first) throw new Error('no tenant-scoped tables in the schema');
  await db.batch([first, ...rest, db.delete(schema.tenants).where(eq(schema.tenants.id, tenantId))]);
}
