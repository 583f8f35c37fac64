/**
 * One timed, recorded HTTP attempt to an upstream. Every call lands in the recorder (tenant, system,
 * route, status, duration) for the console's response-time, success-rate and quota figures.
 */
import { UpstreamError, type UpstreamSystem } from './upstream-error.ts';

export interface UpstreamCall {
  tenantId: string;
  system: UpstreamSystem;
  method: string;
  /** Route pattern, not the full URL: `GET procurement/catalog`, `POST SynnexXML/PriceAvailability`. */
  route: string;
  /** 0 when there was no response (timeout, network). */
  status: number;
  ok: boolean;
  durationMs: number;
  errorCode?: string;
  at: string;
}

export interface UpstreamRecorder {
  record(call: UpstreamCall): void;
  /** Resolves when every call recorded so far can be read back (the console reads them right after a check). */
  flush?(): Promise<void>;
}

export const noopRecorder: UpstreamRecorder = { record() {} };

export interface AttemptContext {
  tenantId: string;
  system: UpstreamSystem;
  fetch: typeof fetch;
  recorder: UpstreamRecorder;
  timeoutMs: number;
  now?: () => number;
}

/**
 * Sends one request with a timeout. Network failures and timeouts become UpstreamErrors
 * (`<system>_timeout`, `<system>_network`); HTTP statuses are returned for the client to interpret.
 * `finish` lets the client record the final outcome after it has read the body (a TD SYNNEX 200 can be an error).
 */
export async function attemptFetch(
  ctx: AttemptContext,
  route: string,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; finish: (outcome: { ok: boolean; errorCode?: string }) => void }> {
  const now = ctx.now ?? (() => performance.now());
  const started = now();
  const method = (init.method ?? 'GET').toUpperCase();
  const base = { tenantId: ctx.tenantId, system: ctx.system, method, route };
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  let response: Response;
  try {
    response = await ctx.fetch(url, { ...init, signal });
  } catch (cause) {
    const timedOut = signal.aborted;
    const code = `${ctx.system}_${timedOut ? 'timeout' : 'network'}`;
    const name = ctx.system === 'cw' ? 'ConnectWise' : 'TD SYNNEX';
    ctx.recorder.record({ ...base, status: 0, ok: false, durationMs: now() - started, errorCode: code, at: iso() });
    throw new UpstreamError(
      code,
      timedOut
        ? `${name} did not answer ${route} within ${Math.round(ctx.timeoutMs / 1000)} s; it may be slow or down. tds-bridge will retry.`
        : `${name} could not be reached for ${route} (${(cause as Error).message}); check the site URL and the network.`,
      { system: ctx.system, route, retryable: true, cause },
    );
  }
  let recorded = false;
  const finish = (outcome: { ok: boolean; errorCode?: string }) => {
    if (recorded) return;
    recorded = true;
    ctx.recorder.record({ ...base, status: response.status, durationMs: now() - started, at: iso(), ...outcome });
  };
  return { response, finish };
}

const iso = () => new Date().toISOString();
