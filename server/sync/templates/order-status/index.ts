/**
 * Order Status template: every open TD SYNNEX order, its status asked by PO number on a schedule (every 15 min)
 * and on demand (run now), written back to the ConnectWise PO, its lines and the linked ticket. A run first
 * finds what to follow (discover.ts), then follows every open PO not yet checked in this run, a bounded number
 * per step (follow.ts); the checkpoint is the run's start time, so a resumed run skips what it already did.
 */
import * as z from 'zod';
import { cwSetupIds } from '../../../activation/cw-setup-ids.ts';
import { BACKGROUND } from '../../../connectors/retry.ts';
import { AppError } from '../../../errors.ts';
import { listDue, saveTracking } from '../../../orders/tracking-repo.ts';
import { cwClientFor } from '../../../tenants/cw-clients.ts';
import { tdsClientFor } from '../../../tenants/tds-clients.ts';
import { defineTemplate } from '../../engine/index.ts';
import { discover } from './discover.ts';
import { followOrder } from './follow.ts';
import { ORDER_STATUS_TEMPLATE, OrderStatusSettings, tenantPoPrefix } from './settings.ts';

const Checkpoint = z.object({
  startedAt: z.string(),
  discovered: z.boolean(),
  followed: z.number().int(),
  needsLink: z.number().int().default(0),
});

/** Leave room in a step for one more PO (a status call or two, an invoice call, reads and a few PATCHes). */
const PER_ORDER_MS = 5_000;

export const orderStatusTemplate = defineTemplate({
  id: ORDER_STATUS_TEMPLATE,
  title: 'Order Status',
  description:
    'Every open TD SYNNEX order: status, carrier, tracking, serial numbers, ETA and invoices onto the ConnectWise PO and its lines, and a note on the linked ticket when it ships or is invoiced.',
  defaultSchedule: '*/15 * * * *',
  settingsSchema: OrderStatusSettings,
  checkpointSchema: Checkpoint,
  async run(ctx) {
    const at = ctx.checkpoint ?? { startedAt: ctx.now().toISOString(), discovered: false, followed: 0, needsLink: 0 };
    const cw = await cwClientFor(ctx.deps, ctx.tenantId, { retry: BACKGROUND });
    const tds = await tdsClientFor(ctx.deps, ctx.tenantId, { retry: BACKGROUND });
    const ids = await cwSetupIds(ctx.deps.db, ctx.tenantId);
    if (!at.discovered) {
      const prefix = await tenantPoPrefix(ctx.deps.db, ctx.tenantId);
      const found = await discover({
        deps: ctx.deps,
        tenantId: ctx.tenantId,
        cw,
        tds,
        vendorId: ids.vendorId,
        prefix,
        now: ctx.now(),
        log: ctx.log,
      });
      if (found.added) ctx.counts.add('added', found.added);
      if (found.needsLink) ctx.counts.skip('needs_link', found.needsLink);
      return { done: false, checkpoint: { ...at, discovered: true, needsLink: found.needsLink } };
    }
    const due = await listDue(ctx.deps.db, ctx.tenantId, at.startedAt, ctx.settings.perStep);
    const variantsSeen = new Set<string>();
    let followed = at.followed;
    for (const row of due) {
      if (ctx.signal.aborted || ctx.timeLeft() < PER_ORDER_MS) return { done: false, checkpoint: { ...at, followed } };
      try {
        const result = await followOrder({
          deps: ctx.deps,
          cw,
          tds,
          ids,
          settings: ctx.settings,
          row,
          now: ctx.now(),
          log: ctx.log,
          variantsSeen,
        });
        ctx.counts.add(result.changed ? 'updated' : 'unchanged');
        if (result.notes.failed) ctx.counts.add('errors', result.notes.failed);
      } catch (error) {
        // Transient trouble (5xx, timeouts, 429) fails the step: the engine backs off and resumes here.
        if (!(error instanceof AppError) || error.retryable) throw error;
        ctx.counts.add('errors');
        ctx.log.error({
          code: error.code,
          message: `PO ${row.cwPoNumber}: ${error.message}`,
          entity: { type: 'purchase_order', id: String(row.cwPoId) },
          details: error.details,
        });
        const now = ctx.now().toISOString();
        await saveTracking(
          ctx.deps.db,
          { tenantId: row.tenantId, cwPoId: row.cwPoId, version: row.version },
          {
            lastCheckedAt: now,
            updatedAt: now,
          },
        );
      }
      followed++;
      ctx.progress(followed, undefined, 'orders');
    }
    if (due.length < ctx.settings.perStep) {
      if (followed === 0) ctx.log.debug({ code: 'nothing_to_do', message: 'No open TD SYNNEX order to follow.' });
      const warnings = at.needsLink
        ? [
            {
              code: 'order_needs_link',
              message: `${at.needsLink} PO(s) carry a TD SYNNEX order number typed by hand that TD SYNNEX does not know by PO number; link them (see the activity log).`,
            },
          ]
        : [];
      return { done: true, warnings };
    }
    return { done: false, checkpoint: { ...at, followed } };
  },
});
