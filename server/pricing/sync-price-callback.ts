/**
 * Registers the "TDS Sync Price" trigger with the ConnectWise callbacks: an opportunity saved with the field at
 * "Get TDS Price" gets today's TD SYNNEX costs and availability at once. Called by the composition root
 * (server/services.ts); the work runs from the durable intake, so it survives a crash after the answer.
 */
import type { CallbackRegistry } from '../callbacks/registry.ts';
import { catalogMapLookup } from '../catalog/map-lookup.ts';
import type { PricingCaches } from './caches.ts';
import { PRICE_AVAILABILITY_TEMPLATE } from './settings.ts';
import { heldLinesMessage, SYNC_PRICE_REQUESTED, syncOpportunityPrice, syncPriceRequested } from './sync-price.ts';

export const SYNC_PRICE_CALLBACK = 'tds-sync-price';

export function registerSyncPriceCallback(callbacks: CallbackRegistry, opts: { pricing: PricingCaches }): () => void {
  return callbacks.on(
    'opportunity',
    async function syncPriceOnCallback(event, { deps, log }) {
      if (!event.entity || !syncPriceRequested(event.entity)) return;
      const result = await syncOpportunityPrice(deps, event.tenantId, event.id, {
        actor: `callback:${event.memberId ?? 'connectwise'}`,
        catalogMap: catalogMapLookup(deps),
        pricing: opts.pricing,
      });
      log[result.linesHeld.length ? 'warn' : 'info']({
        code: 'sync_price_done',
        message: `"${SYNC_PRICE_REQUESTED}" on opportunity #${event.id}: ${result.linesUpdated} line(s) updated with TD SYNNEX cost and availability${result.linesWithoutTdsCost ? `, ${result.linesWithoutTdsCost} without a TD SYNNEX cost` : ''}.${heldLinesMessage(result)}`,
        entity: { type: 'opportunity', id: String(event.id) },
        counts: {
          updated: result.linesUpdated,
          withoutTdsCost: result.linesWithoutTdsCost,
          heldForMargin: result.linesHeld.length,
        },
      });
    },
    { actions: ['added', 'updated'], name: SYNC_PRICE_CALLBACK, activityTemplateId: PRICE_AVAILABILITY_TEMPLATE },
  );
}
