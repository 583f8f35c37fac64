/**
 * One error type for the whole server. `code` is stable snake_case (an API, like an HTTP status);
 * `message` is for the buyer or admin and says what to do; `details` carries upstream detail.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface AppErrorOptions {
  status?: ContentfulStatusCode;
  details?: unknown;
  retryable?: boolean;
  /** When an upstream asked us to wait (429 Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: ContentfulStatusCode;
  readonly details?: unknown;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(code: string, message: string, opts: AppErrorOptions = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.details = opts.details;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The one HTTP error envelope. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

export function envelope(code: string, message: string, details?: unknown): ErrorEnvelope {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(code, message, { status: 400, details });
export const notFound = (code: string, message: string) => new AppError(code, message, { status: 404 });
export const unauthorized = (code: string, message: string) => new AppError(code, message, { status: 401 });
