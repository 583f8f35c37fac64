/**
 * TD SYNNEX-specific test switches under `/_sim` (beside the shared stats/faults/clock/reset):
 * list orders with their computed status, and force an order into a status (like Ingram's simulateStatus).
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { SimClock } from '../clock.ts';
import type { TdsCatalog } from '../data/tds-catalog.ts';
import type { SimCollection } from '../store.ts';
import { DEMO_CREDENTIALS } from './account.ts';
import { forcedTimeline, timeline } from './order-lifecycle.ts';
import { FORCEABLE_STATUSES, orderKey, type TdsOrder } from './order-model.ts';
import { type TdsSimSettings, TdsSimSettingsSchema } from './sim-settings.ts';

const ForceBody = z.object({
  status: z.enum(FORCEABLE_STATUSES),
  partial: z.boolean().default(false),
  /** Any code TD SYNNEX might send that the product does not know (shown instead of the computed codes). */
  code: z.string().trim().min(1).max(40).optional(),
});

export function tdsControlRoutes(deps: {
  orders: SimCollection<TdsOrder>;
  catalog: TdsCatalog;
  clock: SimClock;
  summaries: () => unknown[];
  /** Mutable: the routes read it on every request. */
  settings: TdsSimSettings;
}): Hono {
  const app = new Hono();
  app.get('/orders', (c) => c.json(deps.summaries()));

  app.get('/settings', (c) => c.json(deps.settings));
  app.put('/settings', async (c) => {
    const parsed = TdsSimSettingsSchema.partial().safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'invalid_settings',
            message: 'Send any of {lineCodes, orderAnswer, errorLayout, etaElement}.',
            details: parsed.error.issues,
          },
        },
        400,
      );
    }
    Object.assign(deps.settings, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
    return c.json(deps.settings);
  });

  app.post('/orders/:po/status', async (c) => {
    const key = orderKey(c.req.query('customerNo') ?? DEMO_CREDENTIALS.customerNo, c.req.param('po'));
    const order = deps.orders.get(key);
    if (!order)
      return c.json({ error: { code: 'order_not_found', message: `No order with PO ${c.req.param('po')}.` } }, 404);
    const parsed = ForceBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'invalid_status',
            message: `Send {"status": one of ${FORCEABLE_STATUSES.join(', ')}, "partial": true|false, "code"?: any code to show}.`,
          },
        },
        400,
      );
    }
    const forced: TdsOrder = { ...order, forced: { ...parsed.data, at: deps.clock.now().toISOString() } };
    if (!forcedTimeline(forced, timeline(forced, deps.catalog), deps.catalog)) {
      return c.json(
        { error: { code: 'cannot_split', message: 'A partial shipment needs at least two units or two lines.' } },
        409,
      );
    }
    deps.orders.set(key, forced);
    return c.json({ poNumber: order.poNumber, forced: forced.forced });
  });

  app.delete('/orders/:po/status', (c) => {
    const key = orderKey(c.req.query('customerNo') ?? DEMO_CREDENTIALS.customerNo, c.req.param('po'));
    const order = deps.orders.get(key);
    if (!order)
      return c.json({ error: { code: 'order_not_found', message: `No order with PO ${c.req.param('po')}.` } }, 404);
    const { forced: _dropped, ...natural } = order;
    deps.orders.set(key, natural);
    return c.body(null, 204);
  });
  return app;
}
