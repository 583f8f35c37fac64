/**
 * Purchase-order pod API (session required): `GET /api/pod/purchase-orders/:id/order` (the order, whether this
 * member may send, and with `?check=1` what to fix on the PO now) and `POST /api/pod/purchase-orders/:id/send`
 * (202 with the order's state, written to the database before answering; idempotent; also a second member's
 * approval above the tenant's amount).
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app.ts';
import { badRequest, envelope } from '../errors.ts';
import { parseId } from '../http/input.ts';
import { podOrder, podSend } from '../sync/templates/create-orders/pod-service.ts';

function poId(raw: string | undefined): number {
  const id = parseId(raw);
  if (id === undefined)
    throw badRequest('invalid_purchase_order_id', 'The purchase order id must be a positive number written in digits.');
  return id;
}

const orderServices = (c: Context<AppEnv>) => ({ engine: c.var.services.engine, pa: c.var.services.pricing.pa });

export function podOrderRoutes() {
  return new Hono<AppEnv>()
    .get('/purchase-orders/:id/order', async (c) => {
      const cwPoId = poId(c.req.param('id'));
      const { tid, sub } = c.var.session;
      return c.json(
        await podOrder(c.var.deps, orderServices(c), {
          tenantId: tid,
          cwPoId,
          member: sub,
          check: c.req.query('check') === '1',
        }),
      );
    })
    .post(
      '/purchase-orders/:id/send',
      bodyLimit({
        maxSize: 4 * 1024,
        onError: (c) => c.json(envelope('body_too_large', 'The request body is too large.'), 413),
      }),
      async (c) => {
        const cwPoId = poId(c.req.param('id'));
        const { tid, sub } = c.var.session;
        return c.json(await podSend(c.var.deps, orderServices(c), { tenantId: tid, cwPoId, member: sub }), 202);
      },
    );
}
