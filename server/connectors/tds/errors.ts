/**
 * TD SYNNEX failures as UpstreamErrors with stable codes and messages that say what to fix.
 * HTTP 200 business errors carry no `upstreamStatus`, so the retry classifier goes by `retryable`
 * (reference §3.4: DatabaseIssue, IncompleteXML01, Internal API Fault, PO_TIMEOUT, ServerError and
 * IP Address Invalid are the errors TD SYNNEX integrations retry).
 */
import { UpstreamError } from '../upstream-error.ts';

export type TdsErrorCode =
  | 'tds_auth_failed'
  | 'tds_ip_refused'
  | 'tds_not_authorized'
  | 'tds_business_error'
  | 'tds_timeout'
  | 'tds_network'
  | 'tds_rate_limited'
  | 'tds_server_error'
  | 'tds_http_error'
  | 'tds_bad_request'
  | 'tds_malformed_response'
  | 'tds_order_rejected'
  | 'tds_duplicate_po'
  | 'tds_too_many_lines'
  | 'tds_invalid_request'
  | 'tds_price_file_transport_unavailable'
  | 'tds_price_file_missing'
  | 'tds_price_file_ftp_error'
  | 'tds_price_file_host_key';

export const RETRYABLE_BUSINESS_ERRORS = new Set([
  'DatabaseIssue',
  'IncompleteXML01',
  'Internal API Fault',
  'PO_TIMEOUT',
  'ServerError',
  'IP Address Invalid',
]);

export interface TdsErrorOptions {
  route: string;
  upstreamStatus?: number;
  upstreamCode?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  details?: unknown;
  cause?: unknown;
}

export function tdsError(code: TdsErrorCode, message: string, opts: TdsErrorOptions): UpstreamError {
  return new UpstreamError(code, message, { system: 'tds', ...opts });
}

/**
 * An error envelope received with HTTP 200 (`errorMessage`/`errorDetail` in any of its layouts). `layout`, when
 * known, says which one was met (kept in the details, so the activity log shows it).
 */
export function businessError(
  route: string,
  errorMessage: string,
  errorDetail: string,
  found: { layout?: string; element?: string } = {},
): UpstreamError {
  const upstream = {
    errorMessage,
    errorDetail,
    ...(found.layout ? { layout: found.layout, element: found.element } : {}),
  };
  // An envelope with only a detail ("IP Address Invalid: …", as the invoice service sends) names its code first.
  const head = errorMessage || (errorDetail.split(':')[0] ?? '').trim();
  if (/auth|login|password|credential/i.test(`${errorMessage} ${errorDetail}`)) {
    return tdsError(
      'tds_auth_failed',
      'TD SYNNEX refused the login. Check the customer number, EC user name and password in the TD SYNNEX connection settings.',
      { route, upstreamCode: head, retryable: false, details: upstream },
    );
  }
  if (head === 'IP Address Invalid') {
    return tdsError(
      'tds_ip_refused',
      "TD SYNNEX refused this server's IP address. Ask your TD SYNNEX rep to register the static IP tds-bridge calls from; tds-bridge will keep retrying.",
      { route, upstreamCode: head, retryable: true, details: upstream },
    );
  }
  const retryable = RETRYABLE_BUSINESS_ERRORS.has(head);
  return tdsError(
    'tds_business_error',
    retryable
      ? `TD SYNNEX reported a temporary error (${head}); tds-bridge will retry.`
      : `TD SYNNEX rejected the request: ${errorMessage || errorDetail}${errorMessage && errorDetail ? ` (${errorDetail})` : ''}.`,
    { route, upstreamCode: head, retryable, details: upstream },
  );
}
