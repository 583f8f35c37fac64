/**
 * Opportunity pod API: `GET /api/pod/opportunities/:id/pricing` (live TD SYNNEX cost and stock per line)
 * and `POST /api/pod/opportunities/:id/update-cost` (after the member confirmed). Session required.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { catalogMapLookup } from '../catalog/map-lookup.ts';
import { badRequest } from '../errors.ts';
import { parseId } from '../http/input.ts';
import { priceOpportunity } from '../pricing/opportunity-pricing.ts';
import { updateOpportunityCosts } from '../pricing/update-cost.ts';

const UpdateCostBody = z.object({
  lines: z
    .array(
      z.object({
        productId: z.number().int().positive(),
        confirmedCost: z.number().nonnegative(),
        acceptMargin: z.boolean().optional(),
      }),
    )
    .min(1, 'Choose at least one line to update.')
    .max(1000),
});

function opportunityId(raw: string | undefined): number {
  const id = parseId(raw);
  if (id === undefined) throw badRequest('invalid_opportunity_id', 'The opportunity id must be a positive number.');
  return id;
}

export function podPricingRoutes() {
  return new Hono<AppEnv>()
    .get('/opportunities/:id/pricing', async (c) => {
      const id = opportunityId(c.req.param('id'));
      const refresh = c.req.query('refresh') === '1';
      return c.json(
        await priceOpportunity(c.var.deps, c.var.session.tid, id, {
          refresh,
          catalogMap: catalogMapLookup(c.var.deps),
          pricing: c.var.services.pricing,
        }),
      );
    })
    .post('/opportunities/:id/update-cost', async (c) => {
      const id = opportunityId(c.req.param('id'));
      const body = UpdateCostBody.safeParse(await c.req.json().catch(() => undefined));
      if (!body.success) {
        throw badRequest(
          'invalid_update_cost',
          'Send the lines to update with the TD SYNNEX cost you confirmed.',
          body.error.issues,
        );
      }
      const session = c.var.session;
      return c.json(
        await updateOpportunityCosts(c.var.deps, {
          tenantId: session.tid,
          opportunityId: id,
          request: body.data,
          actor: `member:${session.sub}`,
          catalogMap: catalogMapLookup(c.var.deps),
          pricing: c.var.services.pricing,
        }),
      );
    });
}
