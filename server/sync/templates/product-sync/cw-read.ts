/**
 * Reads the ConnectWise catalog items Product Sync manages (integrationXRef `TDS:<sku>`), forward-only, 1,000
 * per page, one page per call, and records what ConnectWise holds in the mapping: new marks a buyer set
 * (adoption), creates a crash left pending, values edited in ConnectWise. Items without the mark are never
 * read, so they can never be changed.
 */
import type { Db } from '../../../../db/client.ts';
import type { CwClient } from '../../../connectors/cw/client.ts';
import { cwCondition } from '../../../connectors/cw/conditions.ts';
import type { StepContext } from '../../engine/index.ts';
import { type MapRow, markCwSeen, type NewMapRow, rowsBySku, saveRows } from './map-repo.ts';
import { CW_READ_FIELDS, observedFields, skuOfXref, XREF_PREFIX } from './mapping.ts';

export const CW_PAGE_SIZE = 1000;

export interface CwReadResult {
  read: number;
  lastId: number;
  done: boolean;
}

/** One page of managed items after `afterId`. */
export async function readManagedPage(
  env: { db: Db; cw: CwClient; ctx: StepContext },
  afterId: number,
): Promise<CwReadResult> {
  const { ctx } = env;
  const managed = cwCondition`integrationXRef like ${`${XREF_PREFIX}*`}`;
  // Forward-only paging is "id > pageId"; a resumed step continues after the last id it saved.
  const conditions = afterId > 0 ? `${managed} and ${cwCondition`id > ${afterId}`}` : managed;
  const items: Array<Record<string, unknown>> = [];
  for await (const item of env.cw.iterate('procurement/catalog', {
    conditions,
    fields: CW_READ_FIELDS,
    pageSize: CW_PAGE_SIZE,
  })) {
    items.push(item as Record<string, unknown>);
    // Stop at the page boundary, before the iterator asks for the next page.
    if (items.length === CW_PAGE_SIZE) break;
  }
  const bySku = new Map<string, Array<Record<string, unknown>>>();
  for (const item of items) {
    const sku = skuOfXref(item.integrationXRef as string | undefined);
    if (sku) bySku.set(sku, [...(bySku.get(sku) ?? []), item]);
  }
  const rows = await rowsBySku(env.db, ctx.tenantId, [...bySku.keys()]);
  const at = ctx.now().toISOString();
  const updates: NewMapRow[] = [];
  const seen: string[] = [];
  for (const [sku, found] of bySku) {
    const row = rows.get(sku);
    const owned = row?.cwId != null && (row.status === 'active' || row.status === 'inactive');
    const item = (owned && found.find((i) => i.id === row.cwId)) || found[0]!;
    for (const other of found) {
      if (other === item) continue;
      ctx.log.warn({
        code: 'duplicate_managed_item',
        message: `Two ConnectWise catalog items carry Integration XRef "${XREF_PREFIX}${sku}" (#${String(item.id)} and #${String(other.id)}). Product Sync keeps #${String(item.id)} up to date and leaves #${String(other.id)} alone; clear its Integration XRef.`,
        entity: { type: 'sku', id: sku },
      });
    }
    if (owned && row.cwId !== item.id) {
      ctx.log.warn({
        code: 'duplicate_managed_item',
        message: `ConnectWise catalog item #${String(item.id)} carries Integration XRef "${XREF_PREFIX}${sku}", which Product Sync already uses for item #${row.cwId}. It is left alone; clear its Integration XRef.`,
        entity: { type: 'sku', id: sku },
      });
      continue;
    }
    seen.push(sku);
    const update = recordItem(ctx.tenantId, ctx.runId, sku, item, row, at);
    if (update) updates.push(update);
  }
  await saveRows(env.db, updates);
  await markCwSeen(env.db, ctx.tenantId, seen, ctx.runId);
  const last = items.at(-1);
  return {
    read: items.length,
    lastId: typeof last?.id === 'number' ? last.id : afterId,
    done: items.length < CW_PAGE_SIZE,
  };
}

/** The mapping row after reading `item`, or undefined when nothing changed. */
function recordItem(
  tenantId: string,
  runId: number,
  sku: string,
  item: Record<string, unknown>,
  row: MapRow | undefined,
  at: string,
): NewMapRow | undefined {
  const observed = observedFields(item);
  const cwId = item.id as number;
  const inactive = item.inactiveFlag === true;
  if (row?.cwId === cwId && (row.status === 'active' || row.status === 'inactive')) {
    if (JSON.stringify(row.observed) === JSON.stringify(observed)) return undefined;
    return { ...row, observed, updatedAt: at };
  }
  // Not (or no longer) linked: a create that crashed before it was saved, or a buyer who marked the item.
  const createdByUs = row?.status === 'pending';
  return {
    tenantId,
    sku,
    cwId,
    identifier: String(item.identifier ?? row?.identifier ?? sku),
    mfgPN: String(item.manufacturerPartNumber ?? row?.mfgPN ?? ''),
    manufacturer: row?.manufacturer ?? observed.manufacturer?.name ?? '',
    categoryCode: row?.categoryCode ?? '',
    status: inactive ? 'inactive' : 'active',
    // Fields never written by Product Sync are compared with what ConnectWise holds (mapping.ts changedFields).
    written: createdByUs ? observed : {},
    observed,
    seenRun: row?.seenRun ?? null,
    seenStep: row?.seenStep ?? null,
    cwSeenRun: null,
    // A create whose answer never came back: it is this run's addition (counted when the product comes by).
    changedRun: createdByUs ? runId : (row?.changedRun ?? null),
    change: createdByUs ? 'added' : (row?.change ?? null),
    note: null,
    updatedAt: at,
  };
}
