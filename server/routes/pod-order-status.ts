/**
 * Pod routes of Order Status: `GET /api/pod/tickets/:id/orders` (the ticket badges),
 * `GET /api/pod/purchase-orders/:id/progress` (the PO pod's status timeline, tracking, serials and invoices;
 * the same object Create Orders' `GET /api/pod/purchase-orders/:id/order` includes as `progress`) and
 * `POST /api/pod/purchase-orders/:id/link` (a hand-typed order linked to the PO number TD SYNNEX knows).
 * The session (required on /api/pod) names the tenant.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { AppError, badRequest } from '../errors.ts';
import { linkOrder } from '../orders/link.ts';
import { orderProgress, ticketOrders } from '../orders/progress.ts';

const LinkBody = z.object({
  tdsPoNumber: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces'),
});

const Id = z.coerce.number().int().positive().max(2_147_483_647);

function idOf(raw: string, what: string): number {
  const parsed = Id.safeParse(raw);
  if (!parsed.success)
    throw badRequest('invalid_id', `The ${what} id must be a positive whole number.`, parsed.error.issues);
  return parsed.data;
}

export function podOrderStatusRoutes() {
  return new Hono<AppEnv>()
    .get('/tickets/:id/orders', async (c) => {
      const ticketId = idOf(c.req.param('id'), 'ticket');
      return c.json({ ticketId, orders: await ticketOrders(c.var.deps, c.var.session.tid, ticketId) });
    })
    .get('/purchase-orders/:id/progress', async (c) => {
      const cwPoId = idOf(c.req.param('id'), 'purchase order');
      return c.json({ cwPoId, progress: (await orderProgress(c.var.deps, c.var.session.tid, cwPoId)) ?? null });
    })
    .post(
      '/purchase-orders/:id/link',
      bodyLimit({
        maxSize: 2048,
        onError: () => {
          throw new AppError('body_too_large', 'The request body is larger than 2 KB.', { status: 413 });
        },
      }),
      async (c) => {
        const cwPoId = idOf(c.req.param('id'), 'purchase order');
        const body = LinkBody.safeParse(await c.req.json().catch(() => undefined));
        if (!body.success) {
          throw badRequest(
            'invalid_link',
            'Send {"tdsPoNumber": "<the PO number TD SYNNEX knows the order by>"} (up to 30 characters, no spaces).',
            body.error.issues,
          );
        }
        const session = c.var.session;
        return c.json(
          await linkOrder(c.var.deps, {
            tenantId: session.tid,
            cwPoId,
            tdsPoNumber: body.data.tdsPoNumber,
            actor: `member:${session.sub}`,
          }),
        );
      },
    );
}
