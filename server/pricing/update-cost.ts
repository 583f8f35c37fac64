/**
 * "Update cost in PSA": writes the TD SYNNEX cost the member confirmed onto opportunity lines (and the
 * price, when the tenant's price rule says so). The cost is re-checked against TD SYNNEX first: if it
 * moved since the member looked, that line is refused so they can confirm the new figure. Audited.
 */
import { auditLog } from '../../db/schema/index.ts';
import type { CwPatchOp } from '../connectors/cw/index.ts';
import type { Deps } from '../deps.ts';
import type { UpdateCostRequest, UpdateCostResult } from '../routes/pricing-types.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import { repriced } from './margin.ts';
import { type CatalogMapLookup, priceOpportunity } from './opportunity-pricing.ts';
import { paSettings } from './settings.ts';

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
  },
): Promise<UpdateCostResult> {
  const settings = await paSettings(deps.db, input.tenantId);
  const pricing = await priceOpportunity(deps, input.tenantId, input.opportunityId, {
    settings,
    catalogMap: input.catalogMap,
  });
  const lines = new Map(pricing.lines.map((l) => [l.productId, l]));
  const cw = await cwClientFor(deps, input.tenantId);
  const result: UpdateCostResult = { updated: [], refused: [] };

  for (const asked of input.request.lines) {
    const line = lines.get(asked.productId);
    const tdsCost = line?.tds?.cost ?? null;
    if (!line) {
      result.refused.push({
        productId: asked.productId,
        code: 'line_not_on_opportunity',
        message: `Line ${asked.productId} is not on opportunity ${input.opportunityId} (it may have been removed); refresh.`,
      });
      continue;
    }
    if (tdsCost === null || line.tds?.stale) {
      result.refused.push({
        productId: asked.productId,
        code: 'no_live_tds_cost',
        message: `There is no live TD SYNNEX cost for ${line.identifier || line.description}; nothing was changed.`,
      });
      continue;
    }
    if (!sameMoney(tdsCost, asked.confirmedCost)) {
      result.refused.push({
        productId: asked.productId,
        code: 'tds_cost_changed',
        message: `The TD SYNNEX cost of ${line.identifier || line.description} is now ${tdsCost.toFixed(2)}, not ${asked.confirmedCost.toFixed(2)}; confirm the new cost.`,
      });
      continue;
    }
    const newPrice = repriced(settings.priceRule, line, tdsCost);
    const ops: CwPatchOp[] = [{ op: 'replace', path: 'cost', value: tdsCost }];
    if (newPrice !== null) ops.push({ op: 'replace', path: 'price', value: newPrice });
    await cw.patch('procurement/products', line.productId, ops);
    result.updated.push({
      productId: line.productId,
      fromCost: line.psaCost,
      toCost: tdsCost,
      fromPrice: line.psaPrice,
      toPrice: newPrice ?? line.psaPrice,
    });
  }

  if (result.updated.length) {
    await deps.db.insert(auditLog).values({
      tenantId: input.tenantId,
      at: deps.now().toISOString(),
      actor: input.actor,
      action: 'opportunity_cost_updated',
      target: `opportunity:${input.opportunityId}`,
      details: { lines: result.updated, priceRule: settings.priceRule.kind },
    });
  }
  return result;
}
