/**
 * Order figures for reports (volume, success, cycle time) from Create Orders' `orders` table: order cycle time =
 * from the send request (`created_at`) to the order settling accepted with its TD SYNNEX order number
 * (`resolved_at`). A period without orders has zero counts and no percentages.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { orders } from '../../../db/schema/orders.ts';
import { percentile } from './percentile.ts';
import type { Period } from './periods.ts';

export interface OrderFigures {
  requested: number;
  accepted: number;
  failed: number;
  /** Accepted orders over accepted + rejected + failed, 0–100. */
  successPercent: number | null;
  /** From the send request to TD SYNNEX's order number, for orders accepted in the period. */
  cycleTimeP50Ms: number | null;
  cycleTimeP95Ms: number | null;
}

export async function orderFigures(db: Db, tenantId: string, period: Period): Promise<OrderFigures> {
  const inPeriod = (column: typeof orders.createdAt | typeof orders.resolvedAt) =>
    sql`${column} >= ${period.start} and ${column} < ${period.end}`;
  const [counts] = await db
    .select({
      requested: sql<number>`coalesce(sum(case when ${inPeriod(orders.createdAt)} then 1 else 0 end), 0)`,
      accepted: sql<number>`coalesce(sum(case when ${orders.state} = 'accepted' and ${inPeriod(orders.resolvedAt)} then 1 else 0 end), 0)`,
      failed: sql<number>`coalesce(sum(case when ${orders.state} in ('rejected', 'failed') and ${inPeriod(orders.resolvedAt)} then 1 else 0 end), 0)`,
    })
    .from(orders)
    .where(eq(orders.tenantId, tenantId));
  const cycles = await db
    .select({ ms: sql<number>`(julianday(${orders.resolvedAt}) - julianday(${orders.createdAt})) * 86400000.0` })
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.state, 'accepted'), inPeriod(orders.resolvedAt)));
  const accepted = Number(counts?.accepted ?? 0);
  const failed = Number(counts?.failed ?? 0);
  const sorted = cycles.map((c) => Math.round(Number(c.ms))).sort((a, b) => a - b);
  return {
    requested: Number(counts?.requested ?? 0),
    accepted,
    failed,
    successPercent: accepted + failed === 0 ? null : Math.round((accepted / (accepted + failed)) * 10_000) / 100,
    cycleTimeP50Ms: percentile(sorted, 50),
    cycleTimeP95Ms: percentile(sorted, 95),
  };
}
