/**
 * Orders (admin API): `GET /tenants/:t/orders` (newest first, filter by state), `GET /tenants/:t/orders/:id`
 * (one PO's order with its submissions), `POST /tenants/:t/orders/:id/reorder` (a deliberate new TD SYNNEX order
 * under a new PO-number suffix). `:id` is the ConnectWise PO id.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { ORDER_STATES } from '../../../db/schema/orders.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest, notFound } from '../../errors.ts';
import { reorder } from '../../orders/actions.ts';
import { getOrder, listOrders, listSubmissions } from '../../orders/repo.ts';
import { orderView } from '../../orders/view.ts';
import { CREATE_ORDERS_TEMPLATE } from '../../sync/templates/create-orders/settings.ts';
import { actor, audit, engine, existingTenant, inBackground, limit, parseQuery } from './shared.ts';

export const OrdersQuery = z.object({
  state: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ORDER_STATES)).min(1))
    .optional(),
  limit: limit(500),
  before: z.iso.datetime().optional(),
});

function orderId(raw: string | undefined): number {
  const parsed = z.coerce.number().int().positive().safeParse(raw);
  if (!parsed.success)
    throw badRequest('invalid_order_id', 'The order id is the ConnectWise PO id (a positive number).');
  return parsed.data;
}

export function orderRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/orders', async (c) => {
      const tenantId = await existingTenant(c);
      const q = parseQuery(c, OrdersQuery);
      const rows = await listOrders(c.var.deps.db, {
        tenantId,
        states: q.state,
        limit: q.limit,
        updatedBefore: q.before,
      });
      return c.json({ items: rows.map((r) => orderView(r)), nextBefore: rows.at(-1)?.updatedAt ?? null });
    })
    .get('/tenants/:tenantId/orders/:id', async (c) => {
      const tenantId = await existingTenant(c);
      const key = { tenantId, cwPoId: orderId(c.req.param('id')) };
      const order = await getOrder(c.var.deps.db, key);
      if (!order) throw notFound('order_not_found', `PO #${key.cwPoId} has not been sent to TD SYNNEX.`);
      return c.json(orderView(order, await listSubmissions(c.var.deps.db, key)));
    })
    .post('/tenants/:tenantId/orders/:id/reorder', async (c) => {
      const tenantId = await existingTenant(c);
      const key = { tenantId, cwPoId: orderId(c.req.param('id')) };
      const order = await reorder(c.var.deps.db, { ...key, requestedBy: actor(c), now: c.var.deps.now() });
      await audit(c, tenantId, 'orders.reorder', String(key.cwPoId), { generation: order.generation });
      const eng = engine(c);
      await eng.runNow(tenantId, CREATE_ORDERS_TEMPLATE, { requestedBy: actor(c) });
      inBackground(c, eng.kick());
      return c.json(orderView(order, await listSubmissions(c.var.deps.db, key)), 202);
    });
}
