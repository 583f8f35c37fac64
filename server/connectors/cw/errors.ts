/**
 * ConnectWise failures as UpstreamErrors with stable codes and messages that say what to fix.
 * Codes: cw_unauthorized, cw_forbidden, cw_not_found, cw_invalid_object, cw_bad_request, cw_conflict,
 * cw_rate_limited, cw_server_error, cw_http_error, cw_malformed_response, cw_member_unverified,
 * cw_callback_invalid, cw_untrusted_key_url, cw_invalid_request (plus cw_timeout / cw_network from upstream.ts).
 */
import { parseRetryAfter } from '../retry.ts';
import { UpstreamError } from '../upstream-error.ts';

export interface CwFieldError {
  code?: string;
  message?: string;
  resource?: string;
  field?: string;
}

interface CwBody {
  code?: string;
  message?: string;
  error?: string;
  errors?: CwFieldError[] | null;
}

export function cwError(
  code: string,
  message: string,
  extra: {
    status?: number;
    upstreamCode?: string;
    route?: string;
    retryable?: boolean;
    retryAfterMs?: number;
    details?: unknown;
    cause?: unknown;
  } = {},
): UpstreamError {
  return new UpstreamError(code, message, {
    system: 'cw',
    upstreamStatus: extra.status,
    upstreamCode: extra.upstreamCode,
    route: extra.route,
    retryable: extra.retryable,
    retryAfterMs: extra.retryAfterMs,
    details: extra.details,
    cause: extra.cause,
    status: code === 'cw_member_unverified' ? 401 : undefined,
  });
}

function parseBody(text: string): CwBody | undefined {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as CwBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Turns a non-2xx ConnectWise response into the error the rest of tds-bridge understands. */
export function errorFromResponse(route: string, status: number, headers: Headers, text: string): UpstreamError {
  const body = parseBody(text);
  const upstreamCode = body?.code ?? body?.error;
  const said = body?.message ? ` ConnectWise said: "${body.message}"` : '';
  const base = { status, upstreamCode, route, details: body ?? text.slice(0, 500) };
  if (status === 400 && body?.code === 'InvalidObject') {
    const fields = (body.errors ?? []).map((e) => `${e.field ?? '?'}: ${e.message ?? e.code ?? 'invalid'}`).join('; ');
    return cwError(
      'cw_invalid_object',
      `ConnectWise rejected the ${route} request: ${fields || body.message}. Correct the field(s) and try again.`,
      base,
    );
  }
  if (status === 400) return cwError('cw_bad_request', `ConnectWise refused ${route} as malformed.${said}`, base);
  if (status === 401) {
    return cwError(
      'cw_unauthorized',
      `ConnectWise refused the credentials for ${route}. Check the company id, public and private key and clientId in Settings, and that the API member is active.${said}`,
      base,
    );
  }
  if (status === 403) {
    return cwError(
      'cw_forbidden',
      `The ConnectWise API member's security role does not allow ${route}. Grant it in ConnectWise under System > Security Roles.${said}`,
      base,
    );
  }
  if (status === 404)
    return cwError('cw_not_found', `ConnectWise has no record at ${route} (deleted, or a wrong id).${said}`, base);
  if (status === 409) return cwError('cw_conflict', `ConnectWise reported a conflict for ${route}.${said}`, base);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after')) ?? 30_000;
    return cwError(
      'cw_rate_limited',
      `ConnectWise is throttling requests; tds-bridge will retry in ${Math.ceil(retryAfterMs / 1000)} s.`,
      { ...base, retryable: true, retryAfterMs },
    );
  }
  if (status >= 500) {
    return cwError(
      'cw_server_error',
      `ConnectWise failed on ${route} (HTTP ${status}); tds-bridge will retry.${said}`,
      { ...base, retryable: true },
    );
  }
  return cwError('cw_http_error', `ConnectWise answered ${route} with HTTP ${status}.${said}`, base);
}

export function malformed(route: string, reason: string, text: string, retryable: boolean): UpstreamError {
  const html = /^\s*</.test(text);
  return cwError(
    'cw_malformed_response',
    html
      ? `ConnectWise answered ${route} with an HTML page instead of JSON; check the site URL (cloud API hosts start with "api-", e.g. api-na.myconnectwise.net).`
      : `ConnectWise's answer to ${route} could not be read (${reason}).`,
    { route, retryable, details: { reason, body: text.slice(0, 300) } },
  );
}

/** Field errors of a cw_invalid_object error (empty for anything else). */
export function cwFieldErrors(error: unknown): CwFieldError[] {
  if (!(error instanceof UpstreamError) || error.code !== 'cw_invalid_object') return [];
  const upstream = (error.details as { upstream?: CwBody } | undefined)?.upstream;
  return upstream?.errors ?? [];
}
