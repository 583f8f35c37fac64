/** Margin guard: what a line earns at today's TD SYNNEX cost, and whether that cost has moved. Pure. */
import type { MarginAfterUpdate, MarginFlags } from '../wire/pricing.ts';
import type { PaSettings, PriceRule } from './settings.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

export function marginFlags(
  line: { psaCost: number | null; psaPrice: number | null },
  tdsCost: number | null,
  settings: Pick<PaSettings, 'minMarginPct' | 'costMoveThresholdPct'>,
): MarginFlags {
  const none: MarginFlags = { pct: null, amount: null, flag: null, costMovedPct: null, costMoved: false };
  if (tdsCost === null || line.psaPrice === null) return none;
  const amount = round2(line.psaPrice - tdsCost);
  const pct = line.psaPrice > 0 ? round2((amount / line.psaPrice) * 100) : null;
  const flag = amount < 0 ? 'negative' : pct !== null && pct < settings.minMarginPct ? 'below_minimum' : 'ok';
  const costMovedPct =
    line.psaCost !== null && line.psaCost > 0 ? round2(((tdsCost - line.psaCost) / line.psaCost) * 100) : null;
  const costMoved = costMovedPct !== null && Math.abs(costMovedPct) > settings.costMoveThresholdPct;
  return { pct, amount, flag, costMovedPct, costMoved };
}

/** The price a line gets when its cost changes, under the tenant's price rule (null = leave it). */
export function repriced(rule: PriceRule, line: { psaCost: number | null; psaPrice: number | null }, newCost: number) {
  if (rule.kind === 'markup') return round2(newCost * (1 + rule.percent / 100));
  if (rule.kind === 'keep_margin' && line.psaPrice && line.psaCost !== null && line.psaPrice > 0) {
    const margin = (line.psaPrice - line.psaCost) / line.psaPrice;
    return margin < 1 ? round2(newCost / (1 - margin)) : null;
  }
  return null;
}

/** The line after its cost becomes `newCost`: the price the rule gives (or the current one) and the margin left. */
export function marginAfterUpdate(
  line: { psaCost: number | null; psaPrice: number | null },
  newCost: number,
  settings: Pick<PaSettings, 'minMarginPct' | 'costMoveThresholdPct' | 'priceRule'>,
): MarginAfterUpdate {
  const price = repriced(settings.priceRule, line, newCost) ?? line.psaPrice;
  const flags = marginFlags({ psaCost: newCost, psaPrice: price }, newCost, settings);
  return { cost: newCost, price, marginPct: flags.pct, flag: flags.flag };
}

/** A margin a member must accept explicitly before it is written. */
export const needsMarginConsent = (after: MarginAfterUpdate | null) =>
  after?.flag === 'negative' || after?.flag === 'below_minimum';
