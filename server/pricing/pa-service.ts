/**
 * Live TD SYNNEX price & availability for any set of lookups (SKUs or manufacturer part numbers):
 * ≤ 100 per request, batches in parallel under the tenant's TD SYNNEX limit, a short per-lookup cache,
 * concurrent identical asks coalesced, and the last known answer (kept in `pa_snapshots`) when TD SYNNEX fails.
 * Each upstream batch lands in the Sync Activity Log; the call itself in the upstream metrics.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { paSnapshots } from '../../db/schema/index.ts';
import { TDS_PNA_BATCH } from '../connectors/tds/client.ts';
import type { TdsPriceLine } from '../connectors/tds/types.ts';
import { isUpstreamError } from '../connectors/upstream-error.ts';
import type { Deps } from '../deps.ts';
import { writeActivity } from '../sync/engine/index.ts';
import { tdsClientFor } from '../tenants/tds-clients.ts';
import { afterThisTurn, BatchCache, type Cached, type Lookup } from './batch-cache.ts';
import { PRICE_AVAILABILITY_TEMPLATE } from './settings.ts';

export type PaLookup = Lookup<TdsPriceLine>;

/** `sku:6544282` or `mpn:5QJ86UT#ABA` */
export type LookupKey = `sku:${string}` | `mpn:${string}`;

export function lookupRequest(key: string): { sku?: string; mfgPN?: string } {
  return key.startsWith('sku:') ? { sku: key.slice(4) } : { mfgPN: key.slice(4) };
}

/**
 * Built once per process or Worker isolate by the composition root (server/services.ts). Its per-tenant
 * caches are per-process on purpose: losing them, or two processes holding different ones, costs at most
 * one more TD SYNNEX ask.
 */
export class PriceAvailabilityService {
  readonly #caches = new Map<string, BatchCache<TdsPriceLine>>();

  constructor(private readonly deps: Deps) {}

  async lookup(tenantId: string, keys: LookupKey[], opts: { maxAgeMs: number }): Promise<PaLookup[]> {
    return this.#cache(tenantId).get(keys, { maxAgeMs: opts.maxAgeMs });
  }

  #cache(tenantId: string): BatchCache<TdsPriceLine> {
    let cache = this.#caches.get(tenantId);
    if (!cache) {
      cache = new BatchCache<TdsPriceLine>({
        ttlMs: 60_000,
        batchSize: TDS_PNA_BATCH,
        now: () => this.deps.now().getTime(),
        fetchBatch: (keys) => this.#fetch(tenantId, keys),
        lastKnown: this.#lastKnownStore(tenantId),
      });
      this.#caches.set(tenantId, cache);
    }
    return cache;
  }

  async #fetch(tenantId: string, keys: string[]): Promise<Map<string, TdsPriceLine>> {
    const started = performance.now();
    const scope = { tenantId, templateId: PRICE_AVAILABILITY_TEMPLATE };
    try {
      const client = await tdsClientFor(this.deps, tenantId);
      const answer = await client.priceAvailability(keys.map(lookupRequest));
      const byKey = new Map<string, TdsPriceLine>();
      for (const line of answer) {
        const key = line.requested.sku ? `sku:${line.requested.sku}` : `mpn:${line.requested.mfgPN ?? ''}`;
        byKey.set(key, line);
      }
      // The log entry is written after the answer, not before it.
      const durationMs = performance.now() - started;
      void afterThisTurn()
        .then(() =>
          writeActivity(
            this.deps.db,
            scope,
            'info',
            {
              code: 'pa_lookup',
              message: `Asked TD SYNNEX for price and availability of ${keys.length} product${keys.length === 1 ? '' : 's'}.`,
              upstream: { route: 'POST SynnexXML/PriceAvailability', status: 200, durationMs },
              counts: { requested: keys.length, answered: byKey.size },
              ...notFoundVariants(answer),
            },
            this.deps.now(),
          ),
        )
        .catch(() => undefined);
      return byKey;
    } catch (error) {
      await writeActivity(
        this.deps.db,
        scope,
        'error',
        {
          code: isUpstreamError(error) ? error.code : 'pa_lookup_failed',
          message: `TD SYNNEX price and availability failed for ${keys.length} product(s): ${(error as Error).message}`,
          upstream: {
            route: 'POST SynnexXML/PriceAvailability',
            status: isUpstreamError(error) ? error.upstreamStatus : undefined,
            durationMs: performance.now() - started,
          },
          counts: { requested: keys.length },
        },
        this.deps.now(),
      ).catch(() => undefined);
      throw error;
    }
  }

  #lastKnownStore(tenantId: string) {
    const db = this.deps.db;
    return {
      async get(keys: string[]): Promise<Map<string, Cached<TdsPriceLine>>> {
        const found = new Map<string, Cached<TdsPriceLine>>();
        for (let i = 0; i < keys.length; i += 200) {
          const rows = await db
            .select()
            .from(paSnapshots)
            .where(and(eq(paSnapshots.tenantId, tenantId), inArray(paSnapshots.lookupKey, keys.slice(i, i + 200))));
          for (const row of rows) {
            found.set(row.lookupKey, { value: row.answer as TdsPriceLine, fetchedAt: Date.parse(row.fetchedAt) });
          }
        }
        return found;
      },
      async put(entries: Map<string, Cached<TdsPriceLine>>): Promise<void> {
        const rows = [...entries].map(([lookupKey, e]) => ({
          tenantId,
          lookupKey,
          answer: e.value,
          fetchedAt: new Date(e.fetchedAt).toISOString(),
        }));
        for (let i = 0; i < rows.length; i += 100) {
          await db
            .insert(paSnapshots)
            .values(rows.slice(i, i + 100))
            .onConflictDoUpdate({
              target: [paSnapshots.tenantId, paSnapshots.lookupKey],
              set: { answer: sqlExcluded('answer'), fetchedAt: sqlExcluded('fetched_at') },
            });
        }
      },
    };
  }
}

function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}
/** Which documented "Not found" form TD SYNNEX used (`synnexSKU` 0 or an echo), for the activity log. */
function notFoundVariants(lines: TdsPriceLine[]): { details?: { notFoundSku: Record<string, number> } } {
  const seen: Record<string, number> = {};
  for (const line of lines) if (line.notFoundSku) seen[line.notFoundSku] = (seen[line.notFoundSku] ?? 0) + 1;
  return Object.keys(seen).length > 0 ? { details: { notFoundSku: seen } } : {};
}
