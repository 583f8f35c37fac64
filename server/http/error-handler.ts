/** The one error envelope `{ error: { code, message, details? } }` for every failure of our API. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { UpstreamError } from '../connectors/upstream-error.ts';
import { AppError, envelope } from '../errors.ts';

export function handleError(error: Error, c: Context): Response {
  if (error instanceof AppError) {
    if (error.status === 429 && error.retryAfterMs !== undefined) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    }
    return c.json(envelope(error.code, error.message, error.details), statusOf(error));
  }
  if (error instanceof z.ZodError) {
    return c.json(
      envelope('invalid_request', 'The request is invalid; see details for each field.', error.issues),
      400,
    );
  }
  if (error instanceof HTTPException) {
    return c.json(
      envelope(`http_${error.status}`, error.message || 'Request failed.'),
      error.status as ContentfulStatusCode,
    );
  }
  const id = c.get('requestId') as string | undefined;
  console.error(
    JSON.stringify({ level: 'error', msg: 'unhandled error', requestId: id, error: String(error.stack ?? error) }),
  );
  return c.json(
    envelope('internal_error', `Something went wrong in tds-bridge. Quote request id ${id ?? 'unknown'} to support.`),
    500,
  );
}

/**
 * A record the caller named that ConnectWise or TD SYNNEX does not have is the caller's 404, not our
 * gateway failure: only real upstream failures answer 5xx.
 */
function statusOf(error: AppError): ContentfulStatusCode {
  if (error instanceof UpstreamError && error.upstreamStatus === 404) return 404;
  return error.status;
}

export function handleNotFound(c: Context): Response {
  return c.json(envelope('not_found', `Nothing at ${c.req.method} ${c.req.path}.`), 404);
}
