/**
 * Security state shared by every process: fixed-window counters for sign-in limits (one atomic upsert per
 * attempt, so the limit holds whatever the number of processes) and the refused sign-ins (401/403) the
 * operations console counts. Neither table holds a secret: member hashes are never written.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const rateCounters = sqliteTable(
  'rate_counters',
  {
    /** e.g. `signin:ip`, `signin:tenant`, `signin-fail:ip` */
    scope: text('scope').notNull(),
    /** The IP address or tenant id the limit applies to. */
    subject: text('subject').notNull(),
    /** Start of the fixed window, epoch milliseconds. */
    windowStart: integer('window_start').notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.subject, t.windowStart] }),
    index('rate_counters_window').on(t.windowStart),
  ],
);

export const signInRefusals = sqliteTable(
  'sign_in_refusals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** Set only when the company and site matched a tenant (the answer never says so). */
    tenantId: text('tenant_id'),
    ip: text('ip').notNull(),
    status: integer('status').notNull(),
    code: text('code').notNull(),
    /** As the pod sent them, cut to 80 characters; never the member hash. */
    companyId: text('company_id'),
    memberId: text('member_id'),
  },
  (t) => [index('sign_in_refusals_at').on(t.at), index('sign_in_refusals_tenant_at').on(t.tenantId, t.at)],
);
