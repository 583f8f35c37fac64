import { describe, expect, it } from 'vitest';
import { describeExpiry, expiryOf } from '../../../server/setup/expiry.ts';

describe('expiry countdown', () => {
  const now = new Date('2026-03-02T23:30:00Z');

  it('counts calendar days and warns from 14 days out', () => {
    expect(expiryOf('2026-03-17T00:00:00Z', now)).toMatchObject({ daysLeft: 15, state: 'ok' });
    expect(expiryOf('2026-03-16T00:00:00Z', now)).toMatchObject({ daysLeft: 14, state: 'warning' });
    expect(expiryOf('2026-03-03T00:00:00Z', now)).toMatchObject({ daysLeft: 1, state: 'warning' });
  });

  it('is expired from the moment it passes, and says so', () => {
    const e = expiryOf('2026-03-02T12:00:00Z', now);
    expect(e).toMatchObject({ daysLeft: 0, state: 'expired' });
    expect(describeExpiry({ name: 'API keys', plural: true }, e)).toBe('The API keys expired on 2026-03-02.');
    expect(expiryOf('2026-02-20T00:00:00Z', now).daysLeft).toBe(-10);
  });

  it('has no state without a date', () => {
    expect(expiryOf(null, now)).toEqual({ expiresAt: null, daysLeft: null, state: 'none' });
    expect(describeExpiry({ name: 'password', plural: false }, expiryOf('2026-03-05T00:00:00Z', now))).toBe(
      'The password expires on 2026-03-05, in 3 days.',
    );
  });
});
