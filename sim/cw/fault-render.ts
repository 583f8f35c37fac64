/**
 * How the ConnectWise simulator renders injected faults: a 500 `ConnectWiseApi` body, the throttling 429,
 * a 401 for expired credentials, and a 200 whose JSON is cut off mid-body (the real response, truncated).
 */
import type { Context } from 'hono';
import type { FaultRenderer } from '../faults.ts';
import { CwHttpError, serverError, throttled, unauthorizedError } from './errors.ts';

export function errorResponse(error: CwHttpError, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(error.body), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers, ...extraHeaders },
  });
}

/** `realResponse` replays the request past the fault layer so `malformed` can truncate the genuine body. */
export function cwFaultRenderer(realResponse: (c: Context) => Promise<Response>): FaultRenderer {
  return async (kind, c, opts) => {
    switch (kind) {
      case 'throttle':
        return errorResponse(throttled(opts.retryAfterSeconds));
      case 'expired_credentials':
        return errorResponse(unauthorizedError());
      case 'malformed': {
        const real = await realResponse(c);
        const text = await real.text();
        const cut = text.length > 2 ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : '{"id":';
        const headers = new Headers(real.headers);
        headers.delete('content-length');
        return new Response(cut, { status: 200, headers });
      }
      default: {
        const error = serverError(opts.message);
        return errorResponse(opts.status ? new CwHttpError(opts.status, error.body) : error);
      }
    }
  };
}
