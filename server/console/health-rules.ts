/**
 * Connection-level rules of the dashboard (docs/console-status.md): what the connections and the upstream
 * systems add to each template's light from the engine (server/sync/engine/status.ts). Pure, so each colour
 * is unit tested on its own.
 */
import type { Light, StatusReason, TemplateStatus } from '../sync/engine/status.ts';

export interface SystemHealthInput {
  system: 'cw' | 'tds';
  /** A primary or standby credential is stored. */
  configured: boolean;
  expiry: { state: 'none' | 'ok' | 'warning' | 'expired'; daysLeft: number | null; expiresAt: string | null };
  /** Running on the standby credential after the primary was refused. */
  standbyInUse: boolean;
  /** The most recent call to this system: refused credentials (401/403) make the connection red. */
  lastCall: { ok: boolean; status: number; errorCode: string | null; at: string } | null;
  calls24h: number;
  /** Failed calls of the upstream itself (not refused credentials). */
  failures24h: number;
  p95Ms: number | null;
}

/** Refusals of the credentials that arrive without 401/403 (TD SYNNEX answers them with HTTP 200). */
export const AUTH_REFUSED = new Set(['tds_auth_failed', 'tds_not_authorized', 'cw_unauthorized', 'cw_member_inactive']);

export const SYSTEM_NAMES = { cw: 'ConnectWise PSA', tds: 'TD SYNNEX' } as const;
/** Above this share of failed calls, or this p95, the upstream counts as degraded (yellow). */
export const DEGRADED_FAILURE_RATIO = 0.1;
export const DEGRADED_P95_MS = 5_000;

export interface SystemLight {
  system: 'cw' | 'tds';
  state: Light;
  reasons: StatusReason[];
}

/** The light of one connection, from its credentials, its expiry and the calls made with it. */
export function judgeConnection(input: SystemHealthInput): SystemLight {
  const name = SYSTEM_NAMES[input.system];
  const at = (state: Light, code: string, message: string): SystemLight => ({
    system: input.system,
    state,
    reasons: [{ code, message }],
  });
  if (!input.configured)
    return at('gray', 'not_connected', `No ${name} connection is saved; add it under Setup → Connections.`);
  if (input.expiry.state === 'expired')
    return at(
      'red',
      'credentials_expired',
      `The ${name} credentials expired on ${input.expiry.expiresAt?.slice(0, 10)}.`,
    );
  const last = input.lastCall;
  if (last && !last.ok && (last.status === 401 || last.status === 403 || AUTH_REFUSED.has(last.errorCode ?? '')))
    return at(
      'red',
      'connection_refused',
      `${name} refused tds-bridge's credentials (HTTP ${last.status}${last.errorCode ? `, ${last.errorCode}` : ''}) at ${last.at}.`,
    );
  const reasons: StatusReason[] = [];
  if (input.expiry.state === 'warning')
    reasons.push({
      code: 'credentials_expiring',
      message: `The ${name} credentials expire in ${input.expiry.daysLeft} day${input.expiry.daysLeft === 1 ? '' : 's'} (${input.expiry.expiresAt?.slice(0, 10)}).`,
    });
  if (input.standbyInUse)
    reasons.push({
      code: 'standby_in_use',
      message: `${name} refused the primary credentials; tds-bridge is using the standby ones. Replace the primary.`,
    });
  const ratio = input.calls24h ? input.failures24h / input.calls24h : 0;
  if (input.calls24h >= 10 && ratio > DEGRADED_FAILURE_RATIO)
    reasons.push({
      code: 'upstream_degraded',
      message: `${Math.round(ratio * 100)}% of ${name} calls failed in the last 24 hours.`,
    });
  if (input.p95Ms !== null && input.p95Ms > DEGRADED_P95_MS)
    reasons.push({
      code: 'upstream_slow',
      message: `${name} is slow: 95% of calls took up to ${Math.round(input.p95Ms)} ms in the last 24 hours.`,
    });
  if (last && !last.ok && last.status === 0)
    reasons.push({
      code: 'upstream_unreachable',
      message: `The last ${name} call got no answer (${last.errorCode ?? 'network'}) at ${last.at}.`,
    });
  return { system: input.system, state: reasons.length ? 'yellow' : 'green', reasons };
}

const RANK: Record<Light, number> = { gray: 0, green: 1, yellow: 2, red: 3 };

/**
 * A template's light with its connections' problems added: a red or yellow connection raises every
 * template that can run (not gray) to its colour; a missing connection leaves the template gray.
 */
export function withConnections(template: TemplateStatus, systems: SystemLight[]): TemplateStatus {
  if (template.state === 'gray') {
    const missing = systems.filter((s) => s.reasons.some((r) => r.code === 'not_connected'));
    const notBuilt = template.reasons.some((r) => r.code === 'not_built');
    return missing.length && !notBuilt
      ? { ...template, reasons: [...template.reasons, ...missing.flatMap((s) => s.reasons)] }
      : template;
  }
  let state = template.state;
  const reasons = [...template.reasons];
  for (const s of systems) {
    if (s.state === 'red' || s.state === 'yellow') {
      if (RANK[s.state] > RANK[state]) state = s.state;
      reasons.push(...s.reasons);
    } else if (s.state === 'gray') {
      state = 'red';
      reasons.push(...s.reasons);
    }
  }
  return { ...template, state, reasons };
}

/** The worst light; gray only when everything is gray. */
export function worstLight(states: Light[]): Light {
  for (const light of ['red', 'yellow', 'green'] as const) if (states.includes(light)) return light;
  return 'gray';
}
