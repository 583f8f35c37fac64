/**
 * The ConnectWise callback way in: a purchase order saved with status "Send to TDS" or its "Send to TDS" field
 * ticked becomes an order request (written, with an engine run, before the receiver answers). Imported once by
 * server/app.ts (the registry is process-wide). The payload is only a hint: the run reads the PO fresh.
 */
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../../activation/names.ts';
import { onCallback } from '../../../callbacks/registry.ts';
import { createOrdersSettings } from './pod-service.ts';
import { requestSend } from './requests.ts';

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

onCallback(
  'purchaseorder',
  async function sendToTdsOnCallback(event, { deps }) {
    if (!event.entity || !entityAsksToSend(event.entity)) return;
    const info = event.entity._info as Rec | undefined;
    const settings = await createOrdersSettings(deps, event.tenantId);
    await requestSend(deps, {
      poPrefix: settings.poPrefix,
      tenantId: event.tenantId,
      cwPoId: event.id,
      cwPoNumber: typeof event.entity.poNumber === 'string' ? event.entity.poNumber : undefined,
      source: 'callback',
      memberId: event.memberId ?? null,
      poLastUpdated: typeof info?.lastUpdated === 'string' ? info.lastUpdated : undefined,
    });
  },
  { actions: ['added', 'updated'], name: 'tds-create-orders' },
);
