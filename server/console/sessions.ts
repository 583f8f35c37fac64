/**
 * Console sign-in state in libSQL: one-time links (printed by `tds-bridge console --as NAME`) and the
 * cookie sessions they are exchanged for. Only hashes are stored; the exchange is one conditional UPDATE,
 * so a link signs in once even when two processes race for it.
 */
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consoleSessions, consoleSignInFailures, consoleSignInLinks } from '../../db/schema/console.ts';

export const LINK_TTL_MS = 15 * 60_000;
export const SESSION_TTL_MS = 12 * 3_600_000;
export const SESSION_COOKIE = 'tds_console';

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new one-time sign-in link token for `operator`; the caller prints it, we keep only its hash. */
export async function createSignInLink(
  db: Db,
  opts: { operator: string; createdBy: string; now: Date },
): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken();
  const expiresAt = new Date(opts.now.getTime() + LINK_TTL_MS).toISOString();
  await db.insert(consoleSignInLinks).values({
    tokenHash: await sha256Hex(token),
    operator: opts.operator,
    createdBy: opts.createdBy,
    createdAt: opts.now.toISOString(),
    expiresAt,
  });
  return { token, expiresAt };
}

/** What a link would sign in as, without using it (the sign-in page shows the name before the button). */
export async function peekSignInLink(db: Db, token: string, now: Date): Promise<{ operator: string } | null> {
  const [row] = await db
    .select({ operator: consoleSignInLinks.operator })
    .from(consoleSignInLinks)
    .where(
      and(
        eq(consoleSignInLinks.tokenHash, await sha256Hex(token)),
        isNull(consoleSignInLinks.usedAt),
        gt(consoleSignInLinks.expiresAt, now.toISOString()),
      ),
    );
  return row ?? null;
}

/** Marks the link used (atomically) and returns its operator; null when unknown, used or expired. */
export async function redeemSignInLink(db: Db, token: string, now: Date): Promise<{ operator: string } | null> {
  const [row] = await db
    .update(consoleSignInLinks)
    .set({ usedAt: now.toISOString() })
    .where(
      and(
        eq(consoleSignInLinks.tokenHash, await sha256Hex(token)),
        isNull(consoleSignInLinks.usedAt),
        gt(consoleSignInLinks.expiresAt, now.toISOString()),
      ),
    )
    .returning({ operator: consoleSignInLinks.operator });
  return row ?? null;
}

/** Starts a session for `actor`; returns the cookie value (only its hash is stored). */
export async function createConsoleSession(
  db: Db,
  opts: { actor: string; now: Date },
): Promise<{ cookie: string; expiresAt: string }> {
  const cookie = randomToken();
  const expiresAt = new Date(opts.now.getTime() + SESSION_TTL_MS).toISOString();
  // Expired sessions are swept here rather than by a timer: sign-ins are rare and this keeps the table small.
  await db.delete(consoleSessions).where(lt(consoleSessions.expiresAt, opts.now.toISOString()));
  await db.insert(consoleSessions).values({
    idHash: await sha256Hex(cookie),
    actor: opts.actor,
    createdAt: opts.now.toISOString(),
    expiresAt,
  });
  return { cookie, expiresAt };
}

export async function findConsoleSession(db: Db, cookie: string, now: Date): Promise<{ actor: string } | null> {
  const [row] = await db
    .select({ actor: consoleSessions.actor })
    .from(consoleSessions)
    .where(and(eq(consoleSessions.idHash, await sha256Hex(cookie)), gt(consoleSessions.expiresAt, now.toISOString())));
  return row ?? null;
}

export async function endConsoleSession(db: Db, cookie: string): Promise<void> {
  await db.delete(consoleSessions).where(eq(consoleSessions.idHash, await sha256Hex(cookie)));
}

export const SIGN_IN_FAILURES_PER_MINUTE = 30;

/** Counts a failed sign-in; true while this minute's failures are within the limit. */
export async function noteSignInFailure(db: Db, now: Date): Promise<boolean> {
  const minute = now.toISOString().slice(0, 16);
  const [row] = await db
    .insert(consoleSignInFailures)
    .values({ minute, failures: 1 })
    .onConflictDoUpdate({
      target: consoleSignInFailures.minute,
      set: { failures: sql`${consoleSignInFailures.failures} + 1` },
    })
    .returning({ failures: consoleSignInFailures.failures });
  return (row?.failures ?? 0) <= SIGN_IN_FAILURES_PER_MINUTE;
}

export async function signInLocked(db: Db, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ failures: consoleSignInFailures.failures })
    .from(consoleSignInFailures)
    .where(eq(consoleSignInFailures.minute, now.toISOString().slice(0, 16)));
  return (row?.failures ?? 0) >= SIGN_IN_FAILURES_PER_MINUTE;
}
