/** The connection rules of the dashboard (docs/console-status.md), one colour at a time. */
import { describe, expect, it } from 'vitest';
import {
  judgeConnection,
  type SystemHealthInput,
  withConnections,
  worstLight,
} from '../../../server/console/health-rules.ts';
import type { TemplateStatus } from '../../../server/sync/engine/status.ts';

const healthy: SystemHealthInput = {
  system: 'tds',
  configured: true,
  expiry: { state: 'ok', daysLeft: 90, expiresAt: '2027-03-01T00:00:00.000Z' },
  standbyInUse: false,
  lastCall: { ok: true, status: 200, errorCode: null, at: '2026-11-30T10:00:00.000Z' },
  calls24h: 100,
  failures24h: 0,
  p95Ms: 300,
};

const template = (state: TemplateStatus['state'], code?: string): TemplateStatus => ({
  templateId: 'product-sync',
  title: 'Product Sync',
  state,
  reasons: code ? [{ code, message: code }] : [],
  schedule: { cron: '0 2 * * *', enabled: true, timeZone: 'America/New_York', nextRunAt: null },
  lastSuccessfulRun: null,
  lastRun: null,
  activeRun: null,
  errorsLast24h: { total: 0, byCode: {} },
});

describe('connection lights', () => {
  it('green: configured, accepted, fast, not expiring', () => {
    expect(judgeConnection(healthy)).toEqual({ system: 'tds', state: 'green', reasons: [] });
  });

  it.each([
    ['credentials_expiring', { expiry: { state: 'warning', daysLeft: 5, expiresAt: '2026-12-05T00:00:00.000Z' } }],
    ['standby_in_use', { standbyInUse: true }],
    ['upstream_degraded', { failures24h: 20 }],
    ['upstream_slow', { p95Ms: 9_000 }],
    ['upstream_unreachable', { lastCall: { ok: false, status: 0, errorCode: 'tds_timeout', at: 'x' } }],
  ] as const)('yellow: %s', (code, change) => {
    const light = judgeConnection({ ...healthy, ...change } as SystemHealthInput);
    expect(light.state).toBe('yellow');
    expect(light.reasons.map((r) => r.code)).toEqual([code]);
  });

  it.each([
    ['credentials_expired', { expiry: { state: 'expired', daysLeft: -2, expiresAt: '2026-11-28T00:00:00.000Z' } }],
    ['connection_refused', { lastCall: { ok: false, status: 401, errorCode: 'cw_unauthorized', at: 'x' } }],
    ['connection_refused', { lastCall: { ok: false, status: 200, errorCode: 'tds_auth_failed', at: 'x' } }],
  ] as const)('red: %s', (code, change) => {
    const light = judgeConnection({ ...healthy, ...change } as SystemHealthInput);
    expect(light.state).toBe('red');
    expect(light.reasons[0]?.code).toBe(code);
  });

  it('gray: no connection saved', () => {
    expect(judgeConnection({ ...healthy, configured: false }).state).toBe('gray');
  });
});

describe('templates with their connections', () => {
  const red = judgeConnection({ ...healthy, lastCall: { ok: false, status: 401, errorCode: null, at: 'x' } });
  const yellow = judgeConnection({ ...healthy, standbyInUse: true });
  const green = judgeConnection(healthy);
  const missing = judgeConnection({ ...healthy, configured: false });

  it('a refused connection turns a green template red and says why', () => {
    const t = withConnections(template('green'), [green, red]);
    expect(t.state).toBe('red');
    expect(t.reasons.map((r) => r.code)).toContain('connection_refused');
  });
  it('a yellow connection raises green to yellow but never lowers red', () => {
    expect(withConnections(template('green'), [yellow]).state).toBe('yellow');
    expect(withConnections(template('red', 'run_failed'), [yellow]).state).toBe('red');
  });
  it('a missing connection makes a runnable template red, and leaves gray templates gray with the reason', () => {
    expect(withConnections(template('green'), [missing]).state).toBe('red');
    const gray = withConnections(template('gray', 'never_run'), [missing]);
    expect(gray.state).toBe('gray');
    expect(gray.reasons.map((r) => r.code)).toEqual(['never_run', 'not_connected']);
    expect(withConnections(template('gray', 'not_built'), [missing]).reasons.map((r) => r.code)).toEqual(['not_built']);
  });
  it('the overall light is the worst, gray only when all are gray', () => {
    expect(worstLight(['gray', 'green', 'yellow'])).toBe('yellow');
    expect(worstLight(['gray', 'red'])).toBe('red');
    expect(worstLight(['gray', 'gray'])).toBe('gray');
  });
});
