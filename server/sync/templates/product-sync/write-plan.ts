/**
 * What to do with each TD SYNNEX product of a batch, decided from its mapping row alone (no I/O): leave it,
 * patch the changed fields, create it, or skip it with a reason.
 */
import type { ManagedFields } from '../../../../db/schema/catalog.ts';
import type { CwPatchOp } from '../../../connectors/cw/client.ts';
import type { MapRow } from './map-repo.ts';
import {
  changedFields,
  createBody,
  desiredFields,
  identifierFor,
  type ManagedField,
  patchOps,
  type ResolvedRefs,
  type SourceProduct,
} from './mapping.ts';
import type { ProductSyncSettings } from './settings.ts';

export type Plan =
  | { kind: 'unchanged'; product: SourceProduct; row: MapRow }
  | {
      kind: 'patch';
      product: SourceProduct;
      row: MapRow;
      ops: CwPatchOp[];
      fields: ManagedField[];
      wanted: ManagedFields;
      reactivate: boolean;
    }
  | {
      kind: 'create';
      product: SourceProduct;
      row?: MapRow;
      identifier: string;
      body: Record<string, unknown>;
      wanted: ManagedFields;
    }
  | { kind: 'skip'; product: SourceProduct; row?: MapRow; reason: SkipReason; identifier?: string }
  /** Discontinued at TD SYNNEX: nothing now; deactivated after a complete pass if Product Sync manages it. */
  | { kind: 'discontinued'; product: SourceProduct; row?: MapRow };

export type SkipReason = 'no_part_number' | 'identifier_taken' | 'duplicate_identifier' | 'no_price' | 'over_cap';

export interface PlanInput {
  settings: ProductSyncSettings;
  refs: ResolvedRefs;
  /** Full resync: compare with what ConnectWise holds, and try identifiers that were taken again. */
  resync: boolean;
}

export function planProduct(product: SourceProduct, row: MapRow | undefined, input: PlanInput): Plan {
  const { settings, refs, resync } = input;
  const managed = row?.cwId != null && (row.status === 'active' || row.status === 'inactive');
  if (product.discontinued) return { kind: 'discontinued', product, row };
  const id = identifierFor(product, settings);
  if (!id.ok) return { kind: 'skip', product, row, reason: id.reason };
  const { managed: wanted, onCreate } = desiredFields(product, id.identifier, settings, refs);

  if (managed && row) {
    const fields = changedFields(wanted, row.written, row.observed, resync ? 'observed' : 'written');
    const reactivate = row.status === 'inactive';
    if (fields.length === 0 && !reactivate) return { kind: 'unchanged', product, row };
    const ops = patchOps(wanted, fields);
    if (reactivate) ops.push({ op: 'replace', path: 'inactiveFlag', value: false });
    return { kind: 'patch', product, row, ops, fields, wanted, reactivate };
  }
  if (row?.status === 'conflict' && !resync) {
    return { kind: 'skip', product, row, reason: 'identifier_taken', identifier: id.identifier };
  }
  if (wanted.price === undefined && onCreate.price === undefined) {
    // A new item without a price would be quoted at $0.
    return { kind: 'skip', product, row, reason: 'no_price', identifier: id.identifier };
  }
  return {
    kind: 'create',
    product,
    row,
    identifier: id.identifier,
    body: createBody(product.sku, wanted, onCreate),
    wanted: { ...onCreate, ...wanted },
  };
}
