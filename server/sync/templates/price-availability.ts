/**
 * Price & Availability template. The pods ask TD SYNNEX live; this scheduled pass catches what a
 * missed callback would leave behind: opportunities whose "TDS Sync Price" field still says
 * "Get TDS Price" get today's TD SYNNEX cost and availability, and the field set to "TDS Price Updated".
 * Its settings (cache TTL, margin guard, price rule) are the ones the pods use.
 */
import * as z from 'zod';
import { catalogMapLookup } from '../../catalog/map-lookup.ts';
import { BACKGROUND } from '../../connectors/retry.ts';
import { PaSettings, PRICE_AVAILABILITY_TEMPLATE } from '../../pricing/settings.ts';
import {
  heldLinesMessage,
  SYNC_PRICE_FIELD,
  SYNC_PRICE_REQUESTED,
  syncOpportunityPrice,
} from '../../pricing/sync-price.ts';
import { cwClientFor } from '../../tenants/cw-clients.ts';
import { defineTemplate } from '../engine/index.ts';

const Checkpoint = z.object({ done: z.array(z.number().int()) });

/** Leave room in a step for one more opportunity (two ConnectWise reads, one TD SYNNEX call, a PATCH per line). */
const PER_OPPORTUNITY_MS = 5_000;

export const priceAvailabilityTemplate = defineTemplate({
  id: PRICE_AVAILABILITY_TEMPLATE,
  title: 'Price & Availability',
  description:
    'Live TD SYNNEX cost and stock in the opportunity pod; on schedule, opportunities marked "Get TDS Price" get their line costs and availability written and the field set to "TDS Price Updated".',
  defaultSchedule: '*/15 * * * *',
  settingsSchema: PaSettings,
  checkpointSchema: Checkpoint,
  async run(ctx) {
    const done = new Set(ctx.checkpoint?.done ?? []);
    const cw = await cwClientFor(ctx.deps, ctx.tenantId, { retry: BACKGROUND });
    const flagged = await cw.list('sales/opportunities', {
      customFieldConditions: `caption="${SYNC_PRICE_FIELD}" AND value="${SYNC_PRICE_REQUESTED}"`,
      fields: 'id,name',
      pageSize: 1000,
    });
    const todo = flagged.filter((o) => !done.has(o.id));
    const total = done.size + todo.length;
    ctx.progress(done.size, total, 'opportunities');
    for (const opportunity of todo) {
      if (ctx.signal.aborted || ctx.timeLeft() < PER_OPPORTUNITY_MS)
        return { done: false, checkpoint: { done: [...done] } };
      const result = await syncOpportunityPrice(ctx.deps, ctx.tenantId, opportunity.id, {
        actor: 'template:price-availability',
        catalogMap: catalogMapLookup(ctx.deps),
      });
      done.add(opportunity.id);
      ctx.counts.add('updated', result.linesUpdated);
      if (result.linesWithoutTdsCost) ctx.counts.skip('no_tds_cost', result.linesWithoutTdsCost);
      if (result.linesHeld.length) ctx.counts.skip('margin_held', result.linesHeld.length);
      ctx.log[result.linesHeld.length ? 'warn' : 'info']({
        code: 'sync_price_done',
        message: `${String(opportunity.name ?? `Opportunity #${opportunity.id}`)}: ${result.linesUpdated} line(s) updated with TD SYNNEX cost and availability.${heldLinesMessage(result)}`,
        entity: { type: 'opportunity', id: String(opportunity.id) },
        counts: {
          updated: result.linesUpdated,
          withoutTdsCost: result.linesWithoutTdsCost,
          heldForMargin: result.linesHeld.length,
        },
      });
      ctx.progress(done.size, total, 'opportunities');
    }
    if (flagged.length === 0)
      ctx.log.debug({ code: 'nothing_to_do', message: `No opportunity asks for "${SYNC_PRICE_REQUESTED}".` });
    return { done: true };
  },
});
