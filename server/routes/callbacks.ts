/**
 * The ConnectWise callback receiver, `POST /api/callbacks/cw/:tenantId` (registered by activation). Verifying
 * and storing the work is server/callbacks/receiver.ts; this route reads the bounded body and turns the verdict
 * into ConnectWise's terms. ConnectWise waits 5 s and retries only on 404/409/419/429, so: 202 once the work is
 * stored in the durable intake (a repeat of a delivery already stored is 200 with `duplicate: true` and no
 * effect), 401 for anything that does not verify — the same for an unknown tenant, so the receiver names no
 * tenant — and 429 when our fetch of the signing key failed or is held back, which asks for the delivery again.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { receiveCallback } from '../callbacks/receiver.ts';
import { envelope } from '../errors.ts';

const MAX_BODY_BYTES = 1_000_000;

/** The Worker's waitUntil when there is one (Node has no execution context: the engine drains in-process). */
function waitUntilOf(c: { executionCtx: { waitUntil(p: Promise<unknown>): void } }) {
  try {
    const ctx = c.executionCtx;
    return (work: Promise<unknown>) => ctx.waitUntil(work);
  } catch {
    return undefined;
  }
}

export function callbackRoutes() {
  return new Hono<AppEnv>().post('/cw/:tenantId', async (c) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) return c.json(envelope('callback_too_large', 'The callback body is too large.'), 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > MAX_BODY_BYTES) {
      return c.json(envelope('callback_too_large', 'The callback body is too large.'), 413);
    }
    const verdict = await receiveCallback(c.var.services, {
      tenantId: c.req.param('tenantId'),
      body,
      signature: c.req.header('x-content-signature'),
      forwardedFor: c.req.header('x-forwarded-for'),
      requestUrl: c.req.url,
      waitUntil: waitUntilOf(c),
    });
    switch (verdict.kind) {
      case 'refused':
        return c.json(
          envelope('cw_callback_invalid', 'Refused a ConnectWise callback: it could not be verified.'),
          401,
        );
      case 'retry':
        return c.json(
          envelope('callback_key_unavailable', 'The signing key could not be fetched now; deliver again.'),
          429,
          { 'Retry-After': '2' },
        );
      case 'bad_entity':
        return c.json(envelope('callback_invalid_entity', 'The callback Entity is not a JSON object.'), 400);
      case 'accepted': {
        const { event, handlers, queued, duplicate } = verdict;
        const answer = {
          received: true,
          type: event.type,
          action: event.action,
          id: event.id,
          handlers,
          queued,
          duplicate,
        };
        return c.json(answer, queued > 0 ? 202 : 200);
      }
    }
  });
}
