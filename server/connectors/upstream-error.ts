/** Errors from ConnectWise or TD SYNNEX, with what the retry classifier and the console need to know. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors.ts';

export type UpstreamSystem = 'cw' | 'tds';

export interface UpstreamErrorOptions {
  system: UpstreamSystem;
  /** HTTP status from the upstream, when there was a response. */
  upstreamStatus?: number;
  /** The upstream's own code or message, e.g. "InvalidObject", "PO_TIMEOUT". */
  upstreamCode?: string;
  route?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  details?: unknown;
  cause?: unknown;
  /** Status our API answers with when this error reaches a route (default 502). */
  status?: ContentfulStatusCode;
}

export class UpstreamError extends AppError {
  readonly system: UpstreamSystem;
  readonly upstreamStatus?: number;
  readonly upstreamCode?: string;
  readonly route?: string;

  constructor(code: string, message: string, opts: UpstreamErrorOptions) {
    super(code, message, {
      status: opts.status ?? 502,
      retryable: opts.retryable,
      retryAfterMs: opts.retryAfterMs,
      cause: opts.cause,
      details: {
        system: opts.system,
        upstreamStatus: opts.upstreamStatus,
        upstreamCode: opts.upstreamCode,
        route: opts.route,
        ...(opts.details === undefined ? {} : { upstream: opts.details }),
      },
    });
    this.name = 'UpstreamError';
    this.system = opts.system;
    this.upstreamStatus = opts.upstreamStatus;
    this.upstreamCode = opts.upstreamCode;
    this.route = opts.route;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
