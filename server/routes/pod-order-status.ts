/**
 * Pod routes of Order Status: `GET /api/pod/tickets/:id/orders` (the ticket badges) and
 * `GET /api/pod/purchase-orders/:id/progress` (the PO pod's status timeline, tracking, serials and invoices;
 * the same object Create Orders' `GET /api/pod/purchase-orders/:id/order` includes as `progress`).
 * The session (required on /api/pod) names the tenant.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { badRequest } from '../errors.ts';
import { orderProgress, ticketOrders } from '../orders/progress.ts';

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
    });
}
