/**
 * Order figures for reports (volume, success, cycle time). The orders table arrives with Create Orders
 * (branch orders-create); until it is part of this build there is nothing recorded to count, and reports say so.
 */
import type { Db } from '../../../db/client.ts';
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

export async function orderFigures(_db: Db, _tenantId: string, _period: Period): Promise<OrderFigures | null> {
  return null;
}
