/**
 * What pricing reads from ConnectWise: the opportunity's header, its product lines, and the catalog
 * facts that match lines to TD SYNNEX. Catalog facts change rarely, so they are kept for a few minutes;
 * lines and prices are read on every ask.
 */
import type { CwClient, CwProductItem } from '../connectors/cw/index.ts';
import type { Deps } from '../deps.ts';
import type { CatalogFacts } from './line-mapping.ts';

const CATALOG_FACTS_TTL_MS = 5 * 60_000;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const refText = (v: unknown, key: 'name' | 'identifier') =>
  v && typeof v === 'object' ? ((v as Record<string, unknown>)[key] as string | undefined) : undefined;

export async function readOpportunityHeader(cw: CwClient, opportunityId: number) {
  const o = await cw.get('sales/opportunities', opportunityId, { fields: 'id,name,company' });
  return {
    id: opportunityId,
    name: String(o.name ?? `Opportunity ${opportunityId}`),
    company: refText(o.company, 'name') ?? '',
  };
}

export async function readOpportunityLines(cw: CwClient, opportunityId: number): Promise<CwProductItem[]> {
  const lines: CwProductItem[] = [];
  for await (const line of cw.iterate('procurement/products', { conditions: `opportunity/id=${opportunityId}` })) {
    if (!line.cancelledFlag) lines.push(line);
  }
  return lines.sort((a, b) => (num(a.sequenceNumber) ?? a.id) - (num(b.sequenceNumber) ?? b.id));
}

/**
 * Catalog facts by tenant and item, for a few minutes. Per-process on purpose (built by server/services.ts):
 * losing it or two processes holding different copies costs one more ConnectWise read.
 */
export type CatalogFactsCache = Map<string, { facts: CatalogFacts; at: number }>;

export async function readCatalogFacts(
  input: { deps: Pick<Deps, 'now'>; cache: CatalogFactsCache },
  cw: CwClient,
  tenantId: string,
  ids: number[],
): Promise<Map<number, CatalogFacts>> {
  const { cache } = input;
  const now = input.deps.now().getTime();
  const facts = new Map<number, CatalogFacts>();
  const missing: number[] = [];
  for (const id of ids) {
    const hit = cache.get(`${tenantId}:${id}`);
    if (hit && now - hit.at < CATALOG_FACTS_TTL_MS) facts.set(id, hit.facts);
    else missing.push(id);
  }
  // `id in (…)` keeps it to one call per 200 items and the URL well under ConnectWise's 2,000 characters.
  for (let i = 0; i < missing.length; i += 200) {
    const chunk = missing.slice(i, i + 200);
    const items = await cw.list('procurement/catalog', {
      conditions: `id in (${chunk.join(',')})`,
      fields: 'id,identifier,productClass,vendorSku,vendor,manufacturerPartNumber',
      pageSize: 1000,
    });
    for (const item of items) {
      const fact: CatalogFacts = {
        id: item.id,
        identifier: item.identifier ?? undefined,
        productClass: item.productClass ?? undefined,
        vendorSku: item.vendorSku ?? undefined,
        vendorName: refText(item.vendor, 'name'),
        vendorIdentifier: refText(item.vendor, 'identifier'),
        manufacturerPartNumber: item.manufacturerPartNumber ?? undefined,
      };
      facts.set(item.id, fact);
      cache.set(`${tenantId}:${item.id}`, { facts: fact, at: now });
    }
  }
  if (cache.size > 100_000) cache.clear();
  return facts;
}
