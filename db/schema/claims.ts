/**
 * Short-lived claims shared by every process on the database: the activation lock, a standby credential's
 * takeover, refused callback verifications. A claim is taken or renewed by one conditional write (insert, or
 * update only when expired or already ours), like the engine's leases, so it holds across processes and
 * Worker isolates. Expired rows are harmless and overwritten; nothing reads them as live.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const sharedClaims = sqliteTable(
  'shared_claims',
  {
    /** What is claimed, e.g. `activation`, `standby:cw`, `callback-refusal:<fingerprint>`. */
    scope: text('scope').notNull(),
    /** Tenant id, or '' for claims about the whole server. */
    tenantId: text('tenant_id').notNull(),
    subject: text('subject').notNull(),
    /** Who holds it (a process or request id); takeovers and refusals use a fixed holder. */
    holder: text('holder').notNull(),
    claimedAt: text('claimed_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    /** How many times it was claimed again while live (refusals count here). */
    hits: integer('hits').notNull().default(1),
    details: text('details', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.tenantId, t.subject] })],
);

export type SharedClaim = typeof sharedClaims.$inferSelect;
