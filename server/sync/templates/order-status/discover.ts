/**
 * Which POs Order Status follows: every order Create Orders placed (accepted), by its TD SYNNEX PO number(s);
 * and open POs to TD SYNNEX where a buyer typed a TD SYNNEX order number by hand. Those are looked up by PO
 * number only (TD SYNNEX warns against passing a sales-order number where the PO number belongs): the PO number
 * with the tenant's prefix, or as typed when it already carries the prefix. Found → followed; not found →
 * listed for the buyer to link, never polled by order number.
 */
import { and, eq } from 'drizzle-orm';
import { orderSubmissions, orders } from '../../../../db/schema/orders.ts';
import type { CwClient } from '../../../connectors/cw/index.ts';
import type { TdsClient } from '../../../connectors/tds/types.ts';
import type { Deps } from '../../../deps.ts';
import { listOrders } from '../../../orders/repo.ts';
import { addEvents, listTracking, retargetTracking, startTracking } from '../../../orders/tracking-repo.ts';
import type { ActivityLogger } from '../../engine/index.ts';

export interface DiscoverInput {
  deps: Deps;
  tenantId: string;
  cw: CwClient;
  tds: TdsClient;
  vendorId: number | undefined;
  prefix: string;
  now: Date;
  log: ActivityLogger;
}

export async function discover(input: DiscoverInput): Promise<{ added: number; needsLink: number }> {
  const { deps, tenantId, now, log } = input;
  const at = now.toISOString();
  let added = 0;
  let needsLink = 0;
  const placed = await listOrders(deps.db, { tenantId, states: ['accepted'], limit: 500 });
  for (const order of placed) {
    const submissions = await deps.db
      .select({ tdsPoNumber: orderSubmissions.tdsPoNumber, state: orderSubmissions.state })
      .from(orderSubmissions)
      .where(
        and(
          eq(orderSubmissions.tenantId, tenantId),
          eq(orderSubmissions.cwPoId, order.cwPoId),
          eq(orderSubmissions.generation, order.generation),
        ),
      );
    const numbers = submissions.filter((s) => s.state === 'accepted').map((s) => s.tdsPoNumber);
    const tdsPoNumbers = numbers.length ? numbers.sort() : [order.tdsPoNumber];
    const started = await startTracking(deps.db, {
      tenantId,
      cwPoId: order.cwPoId,
      cwPoNumber: order.cwPoNumber,
      link: 'order',
      tdsPoNumbers,
      at,
    });
    if (started) added++;
    else if (await retargetTracking(deps.db, { tenantId, cwPoId: order.cwPoId, tdsPoNumbers, at })) {
      await addEvents(deps.db, [
        {
          tenantId,
          cwPoId: order.cwPoId,
          kind: 'linked',
          code: tdsPoNumbers.join(', '),
          message: `Re-ordered: following TD SYNNEX PO ${tdsPoNumbers.join(', ')} from now on.`,
          at,
        },
      ]);
    }
  }
  if (input.vendorId === undefined) return { added, needsLink };

  // Every PO Create Orders knows (in any state) is its business, not a hand-typed order.
  const created = await deps.db.select({ cwPoId: orders.cwPoId }).from(orders).where(eq(orders.tenantId, tenantId));
  const known = new Set([
    ...created.map((o) => o.cwPoId),
    ...(await listTracking(deps.db, { tenantId, limit: 5000 })).map((t) => t.cwPoId),
  ]);
  const open = await input.cw.list('procurement/purchaseorders', {
    conditions: `vendorCompany/id=${input.vendorId} and closedFlag=false`,
    fields: 'id,poNumber,vendorOrderNumber',
    pageSize: 1000,
  });
  for (const po of open) {
    const typed = String(po.vendorOrderNumber ?? '').trim();
    if (!typed || known.has(po.id)) continue;
    const poNumber = String(po.poNumber ?? '');
    const candidates = [...new Set([poNumber.startsWith(input.prefix) ? poNumber : `${input.prefix}${poNumber}`])];
    let match: string | undefined;
    for (const candidate of candidates) {
      const status = await input.tds.orderStatus(candidate);
      if (status.found) {
        match = candidate;
        break;
      }
    }
    const key = { tenantId, cwPoId: po.id };
    await startTracking(deps.db, {
      ...key,
      cwPoNumber: poNumber,
      link: match ? 'prefix_match' : 'needs_link',
      tdsPoNumbers: match ? [match] : [],
      typedOrderNumber: typed,
      at,
    });
    if (match) {
      added++;
      await addEvents(deps.db, [
        { ...key, kind: 'linked', code: match, message: `Found at TD SYNNEX as PO ${match}; following it.`, at },
      ]);
    } else {
      needsLink++;
      const message = `PO ${poNumber} carries TD SYNNEX order number ${typed}, typed by hand, but TD SYNNEX knows no PO ${candidates.join(' or ')}. Link it to the PO number the order was placed under; tds-bridge never looks orders up by order number.`;
      await addEvents(deps.db, [{ ...key, kind: 'needs_link', code: typed, message, at }]);
      log.warn({ code: 'order_needs_link', message, entity: { type: 'purchase_order', id: String(po.id) } });
    }
  }
  return { added, needsLink };
}
