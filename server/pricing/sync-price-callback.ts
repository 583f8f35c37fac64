/**
 * Registers the "TDS Sync Price" trigger with the ConnectWise callback receiver: an opportunity saved
 * with the field at "Get TDS Price" gets today's TD SYNNEX costs and availability at once.
 * Imported once by server/app.ts (the registry is process-wide).
 */
import { onCallback } from '../callbacks/registry.ts';
import { catalogMapLookup } from '../catalog/map-lookup.ts';
import { writeActivity } from '../sync/engine/activity-log.ts';
import { PRICE_AVAILABILITY_TEMPLATE } from './settings.ts';
import { SYNC_PRICE_REQUESTED, syncOpportunityPrice, syncPriceRequested } from './sync-price.ts';

onCallback(
  'opportunity',
  async function syncPriceOnCallback(event, { deps }) {
    if (!event.entity || !syncPriceRequested(event.entity)) return;
    const result = await syncOpportunityPrice(deps, event.tenantId, event.id, {
      actor: `callback:${event.memberId ?? 'connectwise'}`,
      catalogMap: catalogMapLookup(deps),
    });
    await writeActivity(
      deps.db,
      { tenantId: event.tenantId, templateId: PRICE_AVAILABILITY_TEMPLATE },
      'info',
      {
        code: 'sync_price_done',
        message: `"${SYNC_PRICE_REQUESTED}" on opportunity #${event.id}: ${result.linesUpdated} line(s) updated with TD SYNNEX cost and availability${result.linesWithoutTdsCost ? `, ${result.linesWithoutTdsCost} without a TD SYNNEX cost` : ''}.`,
        entity: { type: 'opportunity', id: String(event.id) },
        counts: { updated: result.linesUpdated, withoutTdsCost: result.linesWithoutTdsCost },
      },
      deps.now(),
    );
  },
  { actions: ['added', 'updated'], name: 'tds-sync-price' },
);
