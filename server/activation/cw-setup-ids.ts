/**
 * The ConnectWise ids activation found or created, for the templates: the TD SYNNEX vendor company, the
 * TDS purchase-order statuses, the custom fields, the callbacks and the pods. Read from tenant_cw_setup
 * (written by every activation plan/apply), so no template searches ConnectWise by name.
 *
 * @example
 *   const ids = await cwSetupIds(deps.db, tenantId);
 *   const shipped = ids.poStatus(TDS_PO_STATUS.shipped);            // number | undefined
 *   const vendorId = await requireCwSetupId(deps.db, tenantId, 'vendor', TDS_VENDOR.identifier);
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type CwSetupKind, tenantCwSetup } from '../../db/schema/activation.ts';
import { AppError } from '../errors.ts';
import { type CustomFieldSpec, fieldKey, TDS_VENDOR } from './names.ts';

export { TDS_CUSTOM_FIELDS, TDS_PO_STATUS, TDS_SYNC_PRICE, TDS_VENDOR } from './names.ts';

export interface CwSetupIds {
  vendorId: number | undefined;
  poStatus(name: string): number | undefined;
  /** By field spec (TDS_CUSTOM_FIELDS.sendToTds) or key `purchaseorder/Send to TDS`. */
  customField(field: Pick<CustomFieldSpec, 'screen' | 'caption'> | string): number | undefined;
  callback(type: string): number | undefined;
  /** Every id, by kind then name (for display). */
  all: Record<CwSetupKind, Record<string, number>>;
}

export async function saveCwSetupId(
  db: Db,
  tenantId: string,
  kind: CwSetupKind,
  name: string,
  cwId: number,
  now: Date,
): Promise<void> {
  const values = { tenantId, kind, name, cwId, updatedAt: now.toISOString() };
  await db
    .insert(tenantCwSetup)
    .values(values)
    .onConflictDoUpdate({ target: [tenantCwSetup.tenantId, tenantCwSetup.kind, tenantCwSetup.name], set: values });
}

export async function cwSetupIds(db: Db, tenantId: string): Promise<CwSetupIds> {
  const rows = await db.select().from(tenantCwSetup).where(eq(tenantCwSetup.tenantId, tenantId));
  const all: CwSetupIds['all'] = { vendor: {}, po_status: {}, custom_field: {}, callback: {}, hosted_setup: {} };
  for (const row of rows) all[row.kind][row.name] = row.cwId;
  // ConnectWise compares names case-insensitively; so do we.
  const find = (kind: CwSetupKind, name: string) =>
    all[kind][name] ?? Object.entries(all[kind]).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return {
    vendorId: find('vendor', TDS_VENDOR.identifier),
    poStatus: (name) => find('po_status', name),
    customField: (field) => find('custom_field', typeof field === 'string' ? field : fieldKey(field)),
    callback: (type) => find('callback', type),
    all,
  };
}

/** The id, or 409 `not_activated` telling the admin to run activation. */
export async function requireCwSetupId(db: Db, tenantId: string, kind: CwSetupKind, name: string): Promise<number> {
  const [row] = await db
    .select()
    .from(tenantCwSetup)
    .where(and(eq(tenantCwSetup.tenantId, tenantId), eq(tenantCwSetup.kind, kind), eq(tenantCwSetup.name, name)))
    .limit(1);
  if (row) return row.cwId;
  const ids = await cwSetupIds(db, tenantId);
  const loose = ids.all[kind] && Object.entries(ids.all[kind]).find(([k]) => k.toLowerCase() === name.toLowerCase());
  if (loose) return loose[1];
  throw new AppError(
    'not_activated',
    `ConnectWise is not set up for TD SYNNEX yet (no ${kind.replace('_', ' ')} "${name}"). Run activation: POST /api/admin/tenants/${tenantId}/activation/apply or "tds-bridge activate".`,
    { status: 409, details: { kind, name } },
  );
}
