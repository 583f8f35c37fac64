/** Every upstream call (ConnectWise, TD SYNNEX): response times, success rate and quota use for the console. */
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const upstreamCalls = sqliteTable(
  'upstream_calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    system: text('system', { enum: ['cw', 'tds'] }).notNull(),
    method: text('method').notNull(),
    route: text('route').notNull(),
    /** 0 when no response arrived (timeout, network). */
    status: integer('status').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    durationMs: real('duration_ms').notNull(),
    errorCode: text('error_code'),
    at: text('at').notNull(),
  },
  (t) => [index('upstream_calls_tenant_at').on(t.tenantId, t.system, t.at)],
);
