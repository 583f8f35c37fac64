/**
 * The safety net for changes made to a PO after TD SYNNEX accepted it: the callback path flags them at once
 * (callback.ts); this finds the ones whose callback never came. One ConnectWise query per sweep lists the POs
 * saved since the previous successful Create Orders run began (`lastUpdated>[…]`, the incremental form
 * ConnectWise documents), whatever the number of accepted orders; only those that are accepted orders saved
 * by a person after our own last write are read in full and compared (changes.ts).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { orders } from '../../../../db/schema/orders.ts';
import { syncRuns } from '../../../../db/schema/runs.ts';
import { checkForChanges } from './changes.ts';
import type { OrderContext } from './context.ts';
import { savedSinceOurWrite } from './requests.ts';
import { CREATE_ORDERS_TEMPLATE } from './settings.ts';

/** Clock skew between ConnectWise and us, and a save landing while the previous sweep ran. */
const OVERLAP_MS = 5 * 60_000;
/** Without a previous successful run (first run, or history pruned): look back this far. */
const FIRST_LOOK_BACK_MS = 24 * 3_600_000;
/** Time one comparison may take (a full PO read and, when something changed, two writes). */
const PER_CHECK_MS = 8_000;

/** When the tenant's last successful Create Orders run began, less the overlap. */
export async function changeSweepFrom(ctx: Pick<OrderContext, 'db' | 'tenantId' | 'now'>): Promise<Date> {
  const [last] = await ctx.db
    .select({ startedAt: syncRuns.startedAt })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.tenantId, ctx.tenantId),
        eq(syncRuns.templateId, CREATE_ORDERS_TEMPLATE),
        inArray(syncRuns.state, ['succeeded', 'succeeded_with_warnings']),
      ),
    )
    .orderBy(desc(syncRuns.id))
    .limit(1);
  const from = last?.startedAt ? Date.parse(last.startedAt) : ctx.now().getTime() - FIRST_LOOK_BACK_MS;
  return new Date(from - OVERLAP_MS);
}

/** ConnectWise's bracketed datetime, to the second. */
const cwDate = (d: Date) => `[${d.toISOString().slice(0, 19)}Z]`;

/**
 * Checks accepted orders whose PO was saved since `since`. `complete` is false when the step's time ran out
 * first: the run sweeps again in its next step rather than move `since` past POs it has not compared.
 */
export async function sweepChanges(
  ctx: OrderContext,
  opts: { since: Date; timeLeft: () => number },
): Promise<{ checked: number; complete: boolean }> {
  const { since } = opts;
  const saved = await ctx.cw.list('procurement/purchaseorders', {
    conditions: `lastUpdated>${cwDate(since)}`,
    fields: 'id,_info',
    pageSize: 1000,
  });
  if (saved.length === 0) return { checked: 0, complete: true };
  const lastUpdated = new Map(
    saved.map((po) => [po.id, typeof po._info?.lastUpdated === 'string' ? po._info.lastUpdated : undefined]),
  );
  let checked = 0;
  const ids = [...lastUpdated.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const accepted = await ctx.db
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.tenantId, ctx.tenantId),
          eq(orders.state, 'accepted'),
          eq(orders.writeback, 'done'),
          inArray(orders.cwPoId, ids.slice(i, i + 500)),
        ),
      );
    for (const order of accepted) {
      if (!savedSinceOurWrite(order, lastUpdated.get(order.cwPoId))) continue;
      if (opts.timeLeft() < PER_CHECK_MS) return { checked, complete: false };
      await checkForChanges(ctx, order);
      checked++;
    }
  }
  return { checked, complete: true };
}
