/**
 * Fixed-window rate limits kept in libSQL: one `insert … on conflict do update … returning` per hit, so
 * every process (and every Worker isolate) counts in the same row and the limit holds whatever their
 * number. Used for sign-in attempts and refusals; the callback receiver can use the same counters.
 */
import { lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rateCounters } from '../../db/schema/security.ts';

export interface RateRule {
  /** e.g. `signin:ip` */
  scope: string;
  limit: number;
  windowMs: number;
}

export interface RateVerdict {
  allowed: boolean;
  hits: number;
  /** How long until the window ends (for Retry-After). */
  retryAfterMs: number;
}

/** Counters older than this are deleted when a new window starts (the longest window is far shorter). */
const KEEP_MS = 24 * 3_600_000;

/** Counts one hit of `subject` under `rule` and says whether it is within the limit. */
export async function hit(db: Db, rule: RateRule, subject: string, now: Date): Promise<RateVerdict> {
  const windowStart = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const [row] = await db
    .insert(rateCounters)
    .values({ scope: rule.scope, subject, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateCounters.scope, rateCounters.subject, rateCounters.windowStart],
      set: { hits: sql`${rateCounters.hits} + 1` },
    })
    .returning({ hits: rateCounters.hits });
  const hits = row?.hits ?? 1;
  if (hits === 1) await db.delete(rateCounters).where(lt(rateCounters.windowStart, now.getTime() - KEEP_MS));
  return { allowed: hits <= rule.limit, hits, retryAfterMs: windowStart + rule.windowMs - now.getTime() };
}

/** Reads the current count without adding to it (a refusal limit is checked before it is counted). */
export async function peek(db: Db, rule: RateRule, subject: string, now: Date): Promise<RateVerdict> {
  const windowStart = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const result = await db.$client.execute({
    sql: 'select hits from rate_counters where scope = ? and subject = ? and window_start = ?',
    args: [rule.scope, subject, windowStart],
  });
  const hits = Number(result.rows[0]?.hits ?? 0);
  return { allowed: hits < rule.limit, hits, retryAfterMs: windowStart + rule.windowMs - now.getTime() };
}
