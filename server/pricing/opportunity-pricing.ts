/**
 * Price & availability for every product line of an opportunity: read the lines and their catalog
 * items from ConnectWise (2 calls), match each to TD SYNNEX, ask TD SYNNEX for all of them at once
 * (ceil(n/100) calls, or none when cached), and answer per line with stock per warehouse, cost, margin
 * and flags. TD SYNNEX failing never blanks the answer: last known prices come back with their age.
 */
import type { CatalogMapLookup } from '../catalog/map-lookup.ts';
import type { Deps } from '../deps.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import type { OpportunityPricing, PricedLine, TdsAnswer } from '../wire/pricing.ts';
import { createPricingCaches, type PricingCaches } from './caches.ts';
import { readCatalogFacts, readOpportunityHeader, readOpportunityLines } from './cw-reads.ts';
import { matchLine } from './line-mapping.ts';
import { marginAfterUpdate, marginFlags } from './margin.ts';
import type { LookupKey, PaLookup } from './pa-service.ts';
import { describePriceRule, type PaSettings, paSettings } from './settings.ts';
import { NOTE_TEXT, statusText } from './status-text.ts';

export type { CatalogMapLookup };

const REFRESH_WINDOW_MS = 2_000;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function toAnswer(lookup: PaLookup, nowMs: number): TdsAnswer | null {
  if (lookup.status === 'failed') return null;
  const line = lookup.value;
  return {
    sku: line.sku,
    mfgPN: line.mfgPN,
    status: line.status,
    statusText: statusText(line.status, line.totalQuantity, line.dropShipQuantity),
    description: line.description,
    cost: line.price,
    totalStock: line.totalQuantity,
    dropShipStock: line.dropShipQuantity,
    warehouses: line.warehouses.map((w) => ({
      number: w.number,
      city: w.city,
      qty: w.qty,
      dropShip: w.dropShip,
      ...(w.onOrderQuantity !== undefined ? { onOrder: w.onOrderQuantity } : {}),
      ...(w.estimatedArrivalDate ? { eta: w.estimatedArrivalDate } : {}),
    })),
    fetchedAt: new Date(lookup.fetchedAt).toISOString(),
    ageSeconds: Math.max(0, Math.round((nowMs - lookup.fetchedAt) / 1000)),
    stale: lookup.status === 'stale',
  };
}

export async function priceOpportunity(
  deps: Deps,
  tenantId: string,
  opportunityId: number,
  opts: {
    refresh?: boolean;
    catalogMap?: CatalogMapLookup;
    settings?: PaSettings;
    /** The process's caches (services.pricing); without them this ask uses fresh ones. */
    pricing?: PricingCaches;
  } = {},
): Promise<OpportunityPricing> {
  const caches = opts.pricing ?? createPricingCaches(deps);
  const cw = await cwClientFor(deps, tenantId);
  const settings = opts.settings ?? (await paSettings(deps.db, tenantId));
  const [opportunity, products] = await Promise.all([
    readOpportunityHeader(cw, opportunityId),
    readOpportunityLines(cw, opportunityId),
  ]);
  const catalogIds = [...new Set(products.map((p) => p.catalogItem?.id).filter((id): id is number => !!id))];
  const [facts, mapped] = await Promise.all([
    readCatalogFacts({ deps, cache: caches.catalogFacts }, cw, tenantId, catalogIds),
    opts.catalogMap ? opts.catalogMap(tenantId, catalogIds) : Promise.resolve(new Map<number, string>()),
  ]);

  const matches = products.map((p) => {
    const itemId = p.catalogItem?.id;
    return matchLine(
      p.productClass ?? undefined,
      itemId ? facts.get(itemId) : undefined,
      itemId ? mapped.get(itemId) : undefined,
    );
  });
  const keys = [...new Set(matches.flatMap((m) => (m.key ? [m.key] : [])))] as LookupKey[];
  const service = caches.pa;
  // A refresh still accepts an answer from the last two seconds: concurrent refreshes then share one call.
  const maxAgeMs = opts.refresh
    ? Math.min(REFRESH_WINDOW_MS, settings.cacheTtlSeconds * 1000)
    : settings.cacheTtlSeconds * 1000;
  const lookups = keys.length ? await service.lookup(tenantId, keys, { maxAgeMs }) : [];
  const byKey = new Map(lookups.map((l) => [l.key, l]));
  const nowMs = deps.now().getTime();

  const lines: PricedLine[] = products.map((p, i) => {
    const match = matches[i] ?? { key: null, note: 'no_part_number' as const };
    const lookup = match.key ? byKey.get(match.key) : undefined;
    const tds = lookup ? toAnswer(lookup, nowMs) : null;
    const note = match.key === null ? match.note : tds === null ? 'lookup_failed' : null;
    const psa = { psaCost: num(p.cost), psaPrice: num(p.price) };
    const margin = marginFlags(psa, tds?.cost ?? null, settings);
    const canUpdateCost = !!tds && tds.cost !== null && tds.cost > 0 && tds.cost !== psa.psaCost;
    return {
      productId: p.id,
      catalogItemId: p.catalogItem?.id ?? null,
      identifier: p.catalogItem?.identifier ?? '',
      description: p.description ?? '',
      quantity: num(p.quantity) ?? 0,
      ...psa,
      matchedBy: match.key ? match.matchedBy : null,
      tds,
      note,
      noteText: note ? NOTE_TEXT[note] : null,
      margin,
      canUpdateCost,
      afterUpdate: canUpdateCost && tds?.cost ? marginAfterUpdate(psa, tds.cost, settings) : null,
    };
  });

  return summarise(opportunity, lines, lookups, settings);
}

function summarise(
  opportunity: OpportunityPricing['opportunity'],
  lines: PricedLine[],
  lookups: PaLookup[],
  settings: PaSettings,
): OpportunityPricing {
  const sum = (f: (l: PricedLine) => number) => Math.round(lines.reduce((t, l) => t + f(l), 0) * 100) / 100;
  const fetched = lines.flatMap((l) => (l.tds ? [l.tds.fetchedAt] : [])).sort();
  const failures = lookups.filter((l) => l.status !== 'fresh' && l.status !== 'cached');
  const warnings: OpportunityPricing['warnings'] = [];
  const firstError = failures.map((f) => ('error' in f ? f.error.message : '')).find(Boolean);
  if (failures.length) {
    const stale = failures.filter((f) => f.status === 'stale').length;
    warnings.push({
      code: 'tds_unavailable',
      message:
        `TD SYNNEX did not answer for ${failures.length} product(s)${stale ? `; showing the last known prices for ${stale}` : ''}. ${firstError ?? ''}`.trim(),
    });
  }
  return {
    opportunityId: opportunity.id,
    opportunity,
    lines,
    asOf: fetched[0] ?? null,
    summary: {
      lines: lines.length,
      priced: lines.filter((l) => l.tds?.cost !== null && l.tds !== null).length,
      notFromTds: lines.filter((l) => l.note === 'service_line' || l.note === 'no_part_number').length,
      failed: lines.filter((l) => l.note === 'lookup_failed').length,
      stale: lines.filter((l) => l.tds?.stale).length,
      flagged: lines.filter(
        (l) => l.margin.flag === 'negative' || l.margin.flag === 'below_minimum' || l.margin.costMoved,
      ).length,
      psaCostTotal: sum((l) => (l.psaCost ?? 0) * l.quantity),
      tdsCostTotal: sum((l) => (l.tds?.cost ?? l.psaCost ?? 0) * l.quantity),
      priceTotal: sum((l) => (l.psaPrice ?? 0) * l.quantity),
    },
    warnings,
    settings: {
      minMarginPct: settings.minMarginPct,
      costMoveThresholdPct: settings.costMoveThresholdPct,
      cacheTtlSeconds: settings.cacheTtlSeconds,
      priceRule: describePriceRule(settings.priceRule),
    },
  };
}
