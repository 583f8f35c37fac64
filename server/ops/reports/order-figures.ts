/**
 * Order figures for reports (volume, success, cycle time) from the `orders` table of Create Orders (branch
 * orders-create). This module reads it by name, so it works as soon as that table exists in the database and
 * reports "nothing recorded" (null) before: order cycle time = from the send request (`created_at`) to the
 * order settling accepted with its TD SYNNEX order number (`resolved_at`).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
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

async function ordersTableExists(db: Db): Promise<boolean> {
  const rows = await db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name = 'orders'`,
  );
  return rows.length > 0;
}

export async function orderFigures(db: Db, tenantId: string, period: Period): Promise<OrderFigures | null> {
  if (!(await ordersTableExists(db))) return null;
  const [counts] = await db.all<{ requested: number; accepted: number; failed: number }>(sql`
    select
      coalesce(sum(case when created_at >= ${period.start} and created_at < ${period.end} then 1 else 0 end), 0) as requested,
      coalesce(sum(case when state = 'accepted' and resolved_at >= ${period.start} and resolved_at < ${period.end} then 1 else 0 end), 0) as accepted,
      coalesce(sum(case when state in ('rejected', 'failed') and resolved_at >= ${period.start} and resolved_at < ${period.end} then 1 else 0 end), 0) as failed
    from orders where tenant_id = ${tenantId}`);
  const cycles = await db.all<{ ms: number }>(sql`
    select (julianday(resolved_at) - julianday(created_at)) * 86400000.0 as ms
    from orders
    where tenant_id = ${tenantId} and state = 'accepted' and resolved_at >= ${period.start} and resolved_at < ${period.end}
    order by ms`);
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
