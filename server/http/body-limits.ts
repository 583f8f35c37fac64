/**
 * Body limits for every route (Hono's `bodyLimit`): it refuses a declared Content-Length over the limit at
 * once and counts the bytes of a chunked body as they stream, stopping at the limit, so no request can make
 * the server buffer more than its route allows. The most specific limit is registered first.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { envelope } from '../errors.ts';

export const BODY_LIMITS = {
  /** Member authentication from the pod: a few hundred bytes in practice. */
  session: 16 * 1024,
  /** Pod API (update cost of up to 1,000 lines). */
  pod: 128 * 1024,
  /** Admin API: settings, schedules, connections. */
  admin: 256 * 1024,
  /** Everything else, callbacks and the simulators included (ConnectWise callback bodies are tens of KB). */
  fallback: 1024 * 1024,
} as const;

function limit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        envelope('body_too_large', `The request body is larger than this route accepts (${maxSize} bytes).`, {
          maxBytes: maxSize,
        }),
        413,
      ),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env type
export function applyBodyLimits(app: Hono<any>): void {
  app.use('/api/session', limit(BODY_LIMITS.session));
  app.use('/api/session/*', limit(BODY_LIMITS.session));
  app.use('/api/pod/*', limit(BODY_LIMITS.pod));
  app.use('/api/admin/*', limit(BODY_LIMITS.admin));
  app.use('*', limit(BODY_LIMITS.fallback));
}
