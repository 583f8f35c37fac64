/**
 * The ConnectWise callback way in: a purchase order saved with status "Send to TDS" or its "Send to TDS" field
 * ticked becomes an order request. The callback itself is durable intake work (stored before ConnectWise gets its
 * answer); its handler writes the order row and an engine run request. Registered by the composition root
 * (server/services.ts). The payload is only a hint: the run reads the PO fresh.
 */
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../activation/names.ts';
import type { CallbackRegistry } from '../../../callbacks/registry.ts';
import type { Deps } from '../../../deps.ts';
import { getOrder } from '../../../orders/repo.ts';
import type { PriceAvailabilityService } from '../../../pricing/pa-service.ts';
import { writeActivity } from '../../engine/activity-log.ts';
import { checkForChanges } from './changes.ts';
import { orderContext } from './context.ts';
import { createOrdersSettings } from './pod-service.ts';
import { type RunStarter, requestSend, savedSinceOurWrite } from './requests.ts';
import { CREATE_ORDERS_TEMPLATE } from './settings.ts';

type Rec = Record<string, unknown>;

export function entityAsksToSend(entity: Rec): boolean {
  const status = (entity.status as Rec | undefined)?.name;
  if (typeof status === 'string' && status.toLowerCase() === TDS_PO_STATUS.send.toLowerCase()) return true;
  const fields = Array.isArray(entity.customFields) ? (entity.customFields as Rec[]) : [];
  const field = fields.find(
    (f) => String(f.caption ?? '').toLowerCase() === TDS_CUSTOM_FIELDS.sendToTds.caption.toLowerCase(),
  );
  return field?.value === true || field?.value === 'true';
}

/** A person saved an accepted PO: compare it with what TD SYNNEX got and flag differences. */
async function flagChangesAfterAcceptance(
  deps: Deps,
  pa: PriceAvailabilityService,
  po: { tenantId: string; cwPoId: number; lastUpdated?: string },
) {
  const { tenantId, cwPoId, lastUpdated } = po;
  const order = await getOrder(deps.db, { tenantId, cwPoId });
  if (order?.state !== 'accepted' || order.writeback !== 'done') return;
  if (!savedSinceOurWrite(order, lastUpdated)) return;
  const settings = await createOrdersSettings(deps, tenantId);
  const ctx = await orderContext({
    deps,
    tenantId,
    settings,
    owner: 'callback',
    pa,
    log: (level, entry) =>
      void writeActivity(deps.db, { tenantId, templateId: CREATE_ORDERS_TEMPLATE }, level, entry, deps.now()),
  });
  await checkForChanges(ctx, order);
}

export const CREATE_ORDERS_CALLBACK = 'tds-create-orders';

export function registerCreateOrdersCallback(
  callbacks: CallbackRegistry,
  services: { engine: RunStarter; pa: PriceAvailabilityService },
): () => void {
  return callbacks.on(
    'purchaseorder',
    async function sendToTdsOnCallback(event, { deps }) {
      if (!event.entity) return;
      const info = event.entity._info as Rec | undefined;
      const lastUpdated = typeof info?.lastUpdated === 'string' ? info.lastUpdated : undefined;
      if (!entityAsksToSend(event.entity)) {
        await flagChangesAfterAcceptance(deps, services.pa, {
          tenantId: event.tenantId,
          cwPoId: event.id,
          lastUpdated,
        });
        return;
      }
      const settings = await createOrdersSettings(deps, event.tenantId);
      await requestSend(deps, services.engine, {
        poPrefix: settings.poPrefix,
        tenantId: event.tenantId,
        cwPoId: event.id,
        cwPoNumber: typeof event.entity.poNumber === 'string' ? event.entity.poNumber : undefined,
        source: 'callback',
        memberId: event.memberId ?? null,
        poLastUpdated: lastUpdated,
      });
    },
    { actions: ['added', 'updated'], name: CREATE_ORDERS_CALLBACK, activityTemplateId: CREATE_ORDERS_TEMPLATE },
  );
}
