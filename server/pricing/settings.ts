/**
 * Price & availability settings per tenant, stored as the `price-availability` template's settings
 * (so the console edits them like every template's). Everything has a default: P&A works unconfigured.
 */
import * as z from 'zod';
import type { Db } from '../../db/client.ts';
import { storedSettings } from '../sync/engine/index.ts';

export const PRICE_AVAILABILITY_TEMPLATE = 'price-availability';

export const PriceRule = z.discriminatedUnion('kind', [
  /** Change only the cost; the quoted price stays. */
  z.object({ kind: z.literal('leave') }),
  /** Price = cost × (1 + percent/100). */
  z.object({ kind: z.literal('markup'), percent: z.number().min(0).max(1000) }),
  /** Keep the line's current margin %: the price moves with the cost. */
  z.object({ kind: z.literal('keep_margin') }),
]);
export type PriceRule = z.infer<typeof PriceRule>;

export const PaSettings = z.object({
  /** How long a TD SYNNEX answer is reused before asking again. */
  cacheTtlSeconds: z.number().int().min(0).max(3600).default(60),
  /** Lines whose margin (at today's TD SYNNEX cost) is below this are flagged (never negative: a loss must flag). */
  minMarginPct: z.number().min(0).max(100).default(10),
  /** Lines whose TD SYNNEX cost differs from the PSA cost by more than this are flagged. */
  costMoveThresholdPct: z.number().min(0).max(100).default(5),
  priceRule: PriceRule.default({ kind: 'leave' }),
  /** Write a one-line TD SYNNEX stock summary into the line's internal notes on "TDS Sync Price". */
  writeAvailabilityNote: z.boolean().default(true),
});
export type PaSettings = z.infer<typeof PaSettings>;

export async function paSettings(db: Db, tenantId: string): Promise<PaSettings> {
  const row = await storedSettings(db, tenantId, PRICE_AVAILABILITY_TEMPLATE);
  const parsed = PaSettings.safeParse(row?.settings ?? {});
  // Invalid stored settings are reported by the console's settings view; pods keep working on defaults.
  return parsed.success ? parsed.data : PaSettings.parse({});
}

export function describePriceRule(rule: PriceRule): string {
  if (rule.kind === 'markup') return `price = cost + ${rule.percent}%`;
  if (rule.kind === 'keep_margin') return 'price keeps the line margin';
  return 'price unchanged';
}
