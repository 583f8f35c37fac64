/**
 * "Update cost in PSA" from the pod: writes the TD SYNNEX cost the member confirmed onto opportunity lines.
 * The cost is re-checked against TD SYNNEX first: if it moved since the member looked, that line is refused
 * so they can confirm the new figure. Nothing is written for lines without a live TD SYNNEX cost, nor a
 * below-minimum or negative margin the member did not accept for that line.
 */
import type { Deps } from '../deps.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import type { PricedLine, UpdateCostRequest, UpdateCostResult } from '../wire/pricing.ts';
import type { PricingCaches } from './caches.ts';
import { needsMarginConsent } from './margin.ts';
import { type CatalogMapLookup, priceOpportunity } from './opportunity-pricing.ts';
import { paSettings } from './settings.ts';
import { writeLineCosts } from './write-costs.ts';

/** Cents: TD SYNNEX prices are quoted to the cent. */
const sameMoney = (a: number, b: number) => Math.abs(a - b) < 0.005;

export async function updateOpportunityCosts(
  deps: Deps,
  input: {
    tenantId: string;
    opportunityId: number;
    request: UpdateCostRequest;
    actor: string;
    catalogMap?: CatalogMapLookup;
    pricing?: PricingCaches;
  },
): Promise<UpdateCostResult> {
  const settings = await paSettings(deps.db, input.tenantId);
  const pricing = await priceOpportunity(deps, input.tenantId, input.opportunityId, {
    settings,
    catalogMap: input.catalogMap,
    pricing: input.pricing,
  });
  const lines = new Map(pricing.lines.map((l) => [l.productId, l]));
  const refused: UpdateCostResult['refused'] = [];
  const accepted: PricedLine[] = [];
  const marginAccepted = new Set<number>();

  for (const asked of input.request.lines) {
    const line = lines.get(asked.productId);
    const tdsCost = line?.tds?.cost ?? null;
    const name = line ? line.identifier || line.description : '';
    if (!line) {
      refused.push({
        productId: asked.productId,
        code: 'line_not_on_opportunity',
        message: `Line ${asked.productId} is not on opportunity ${input.opportunityId} (it may have been removed); refresh.`,
      });
    } else if (tdsCost === null || line.tds?.stale) {
      refused.push({
        productId: asked.productId,
        code: 'no_live_tds_cost',
        message: `There is no live TD SYNNEX cost for ${name}; nothing was changed.`,
      });
    } else if (!sameMoney(tdsCost, asked.confirmedCost)) {
      refused.push({
        productId: asked.productId,
        code: 'tds_cost_changed',
        message: `The TD SYNNEX cost of ${name} is now ${tdsCost.toFixed(2)}, not ${asked.confirmedCost.toFixed(2)}; confirm the new cost.`,
      });
    } else if (needsMarginConsent(line.afterUpdate) && asked.acceptMargin !== true) {
      const after = line.afterUpdate;
      refused.push({
        productId: asked.productId,
        code: 'margin_not_accepted',
        message: `At ${tdsCost.toFixed(2)} ${name} would earn ${after?.marginPct ?? '—'}% (${after?.flag === 'negative' ? 'a loss' : `below the ${settings.minMarginPct}% minimum`}); accept that margin for this line to write it.`,
      });
    } else {
      if (needsMarginConsent(line.afterUpdate)) marginAccepted.add(line.productId);
      accepted.push(line);
    }
  }

  const updated = accepted.length
    ? await writeLineCosts(deps, await cwClientFor(deps, input.tenantId), {
        tenantId: input.tenantId,
        opportunityId: input.opportunityId,
        lines: accepted,
        settings,
        actor: input.actor,
        withAvailabilityNote: false,
        marginAccepted,
      })
    : [];
  return { updated, refused };
}
