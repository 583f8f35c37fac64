/**
 * The "TDS Sync Price" opportunity field, as Digital Bridge does it: a member sets it to "Get TDS Price";
 * ConnectWise calls us back (or the scheduled template finds it); we write today's TD SYNNEX cost and
 * availability onto the lines and set the field to "TDS Price Updated".
 */
import type { CwClient, CwCustomField } from '../connectors/cw/index.ts';
import type { Deps } from '../deps.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import type { PricingCaches } from './caches.ts';
import { needsMarginConsent } from './margin.ts';
import { type CatalogMapLookup, priceOpportunity } from './opportunity-pricing.ts';
import { paSettings } from './settings.ts';
import { writeLineCosts } from './write-costs.ts';

export const SYNC_PRICE_FIELD = 'TDS Sync Price';
export const SYNC_PRICE_REQUESTED = 'Get TDS Price';
export const SYNC_PRICE_DONE = 'TDS Price Updated';

type WithCustomFields = { customFields?: CwCustomField[] | null };

export function syncPriceRequested(opportunity: WithCustomFields): boolean {
  const field = opportunity.customFields?.find((f) => f.caption === SYNC_PRICE_FIELD);
  return typeof field?.value === 'string' && field.value.trim().toLowerCase() === SYNC_PRICE_REQUESTED.toLowerCase();
}

export interface SyncPriceResult {
  opportunityId: number;
  linesUpdated: number;
  linesWithoutTdsCost: number;
  /** Lines left alone because today's cost would take their margin below the minimum (or negative). */
  linesHeld: { productId: number; name: string; marginPct: number | null }[];
  minMarginPct: number;
  fieldUpdated: boolean;
}

/** Activity-log wording for held lines, with what the member does about them; empty when none were held. */
export function heldLinesMessage(result: Pick<SyncPriceResult, 'linesHeld' | 'minMarginPct'>): string {
  if (result.linesHeld.length === 0) return '';
  const names = result.linesHeld
    .map((l) => `${l.name} (${l.marginPct === null ? 'no margin' : `${l.marginPct}%`})`)
    .join(', ');
  return ` Not updated, because today's cost would take them below the ${result.minMarginPct}% minimum margin or to a loss: ${names}. Open the opportunity's TD SYNNEX pod and accept each line's margin to write it.`;
}

/** Custom fields are replaced as a whole array in ConnectWise: send them all, with ours changed. */
async function markDone(cw: CwClient, opportunityId: number): Promise<boolean> {
  const opportunity = await cw.get('sales/opportunities', opportunityId, { fields: 'id,customFields' });
  const fields = opportunity.customFields ?? [];
  if (!fields.some((f) => f.caption === SYNC_PRICE_FIELD)) return false;
  await cw.patch('sales/opportunities', opportunityId, [
    {
      op: 'replace',
      path: 'customFields',
      value: fields.map((f) => (f.caption === SYNC_PRICE_FIELD ? { ...f, value: SYNC_PRICE_DONE } : f)),
    },
  ]);
  return true;
}

export async function syncOpportunityPrice(
  deps: Deps,
  tenantId: string,
  opportunityId: number,
  opts: { actor: string; catalogMap?: CatalogMapLookup; pricing?: PricingCaches },
): Promise<SyncPriceResult> {
  const settings = await paSettings(deps.db, tenantId);
  const pricing = await priceOpportunity(deps, tenantId, opportunityId, {
    refresh: true,
    settings,
    catalogMap: opts.catalogMap,
    pricing: opts.pricing,
  });
  const live = pricing.lines.filter((l) => l.tds && !l.tds.stale && l.tds.cost !== null);
  // A field set on the screen is no consent to a loss: below-minimum and negative margins need the member's
  // per-line confirmation in the pod, as every other update does.
  const held = live.filter((l) => needsMarginConsent(l.afterUpdate));
  const cw = await cwClientFor(deps, tenantId);
  const updated = await writeLineCosts(deps, cw, {
    tenantId,
    opportunityId,
    lines: live.filter((l) => !held.includes(l)),
    settings,
    actor: opts.actor,
    withAvailabilityNote: settings.writeAvailabilityNote,
  });
  // Leave the field at "Get TDS Price" when TD SYNNEX could not answer at all, so the next pass retries.
  const fieldUpdated =
    live.length > 0 || pricing.lines.every((l) => l.note !== 'lookup_failed')
      ? await markDone(cw, opportunityId)
      : false;
  return {
    opportunityId,
    linesUpdated: updated.length,
    linesWithoutTdsCost: pricing.lines.length - live.length,
    linesHeld: held.map((l) => ({
      productId: l.productId,
      name: l.identifier || l.description,
      marginPct: l.afterUpdate?.marginPct ?? null,
    })),
    minMarginPct: settings.minMarginPct,
    fieldUpdated,
  };
}
