/**
 * The ConnectWise callback way in: a purchase order saved with status "Send to TDS" or its "Send to TDS" field
 * ticked becomes an order request (written, with an engine run, before the receiver answers). Imported once by
 * server/app.ts (the registry is process-wide). The payload is only a hint: the run reads the PO fresh.
 */
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../activation/names.ts';
import { onCallback } from '../../../callbacks/registry.ts';
import type { Deps } from '../../../deps.ts';
import { getOrder } from '../../../orders/repo.ts';
import { writeActivity } from '../../engine/activity-log.ts';
import { checkForChanges } from './changes.ts';
import { orderContext } from './context.ts';
import { createOrdersSettings } from './pod-service.ts';
import { requestSend, savedSinceOurWrite } from './requests.ts';
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
async function flagChangesAfterAcceptance(deps: Deps, tenantId: string, cwPoId: number, lastUpdated?: string) {
  const order = await getOrder(deps.db, { tenantId, cwPoId });
  if (order?.state !== 'accepted' || order.writeback !== 'done') return;
  if (!savedSinceOurWrite(order, lastUpdated)) return;
  const settings = await createOrdersSettings(deps, tenantId);
  const ctx = await orderContext({
    deps,
    tenantId,
    settings,
    owner: 'callback',
    log: (level, entry) =>
      void writeActivity(deps.db, { tenantId, templateId: CREATE_ORDERS_TEMPLATE }, level, entry, deps.now()),
  });
  await checkForChanges(ctx, order);
}

onCallback(
  'purchaseorder',
  async function sendToTdsOnCallback(event, { deps }) {
    if (!event.entity) return;
    const info = event.entity._info as Rec | undefined;
    const lastUpdated = typeof info?.lastUpdated === 'string' ? info.lastUpdated : undefined;
    if (!entityAsksToSend(event.entity)) {
      await flagChangesAfterAcceptance(deps, event.tenantId, event.id, lastUpdated);
      return;
    }
    const settings = await createOrdersSettings(deps, event.tenantId);
    await requestSend(deps, {
      poPrefix: settings.poPrefix,
      tenantId: event.tenantId,
      cwPoId: event.id,
      cwPoNumber: typeof event.entity.poNumber === 'string' ? event.entity.poNumber : undefined,
      source: 'callback',
      memberId: event.memberId ?? null,
      poLastUpdated: lastUpdated,
    });
  },
  { actions: ['added', 'updated'], name: 'tds-create-orders' },
);
