/**
 * Operations console sign-in: one-time links printed by `tds-bridge console --as NAME`, the sessions they
 * are exchanged for (cookie), and which ConnectWise security roles of a tenant may open the console.
 * Kept in libSQL so every process (and every Worker isolate) sees the same sessions.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const consoleSignInLinks = sqliteTable('console_sign_in_links', {
  /** SHA-256 (hex) of the one-time token; the token itself is only ever printed. */
  tokenHash: text('token_hash').primaryKey(),
  operator: text('operator').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  /** Set once, by the atomic exchange; a used link never signs in again. */
  usedAt: text('used_at'),
});

export const consoleSessions = sqliteTable(
  'console_sessions',
  {
    /** SHA-256 (hex) of the cookie value. */
    idHash: text('id_hash').primaryKey(),
    /** `operator:NAME` or `admin` (the admin token exchanged at the sign-in page). */
    actor: text('actor').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('console_sessions_expires').on(t.expiresAt)],
);

/** The ConnectWise security roles whose members may open this tenant's console from their pod session. */
export const consoleRoleGrants = sqliteTable('console_role_grants', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Failed sign-in attempts per minute (all callers together): the sign-in form answers 429 past a limit. */
export const consoleSignInFailures = sqliteTable('console_sign_in_failures', {
  /** The minute, e.g. 2026-11-30T11:42. */
  minute: text('minute').primaryKey(),
  failures: integer('failures').notNull(),
});
