/**
 * Expiry countdown for stored credentials: ConnectWise API keys and TD SYNNEX passwords are rotated on a
 * schedule, and an integration that stops on the day they lapse looks like an outage. Warn two weeks ahead.
 */
export const EXPIRY_WARNING_DAYS = 14;

export type ExpiryState = 'none' | 'ok' | 'warning' | 'expired';

export interface Expiry {
  expiresAt: string | null;
  /** Whole days until expiry (0 = expires today, negative = days since it expired); null without a date. */
  daysLeft: number | null;
  state: ExpiryState;
}

const DAY_MS = 86_400_000;

export function expiryOf(expiresAt: string | null | undefined, now: Date): Expiry {
  if (!expiresAt) return { expiresAt: null, daysLeft: null, state: 'none' };
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return { expiresAt, daysLeft: null, state: 'none' };
  // Counted in UTC calendar days, so "expires tomorrow" does not turn into 0 days at 11 pm.
  const startOfDay = (ms: number) => Math.floor(ms / DAY_MS);
  const daysLeft = startOfDay(at) - startOfDay(now.getTime());
  const state: ExpiryState = at <= now.getTime() ? 'expired' : daysLeft <= EXPIRY_WARNING_DAYS ? 'warning' : 'ok';
  return { expiresAt, daysLeft, state };
}

/** A sentence for the console and test-connection, e.g. "The API keys expire on 2026-04-01, in 12 days." */
export function describeExpiry(what: { name: string; plural: boolean }, e: Expiry): string {
  if (e.state === 'none') return `No expiry date is recorded for the ${what.name}.`;
  const day = e.expiresAt?.slice(0, 10);
  if (e.state === 'expired') return `The ${what.name} expired on ${day}.`;
  const verb = what.plural ? 'expire' : 'expires';
  if (e.daysLeft === 0) return `The ${what.name} ${verb} today (${day}).`;
  return `The ${what.name} ${verb} on ${day}, in ${e.daysLeft} day${e.daysLeft === 1 ? '' : 's'}.`;
}
