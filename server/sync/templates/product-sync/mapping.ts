/**
 * TD SYNNEX product → the ConnectWise catalog item fields Product Sync manages, and the exact difference to
 * what is there. Pure: no I/O. The diff is three-way: a field is written when the value Product Sync wants
 * differs from what it last wrote, so a buyer's own edit in ConnectWise survives until TD SYNNEX (or the
 * mapping) changes that value; a full resync compares with what ConnectWise holds instead.
 */
import type { ManagedFields, StoredRef } from '../../../../db/schema/catalog.ts';
import type { CwPatchOp } from '../../../connectors/cw/client.ts';
import type { CwCatalogItem } from '../../../connectors/cw/schemas.ts';
import type { ProductSyncSettings, RefSetting } from './settings.ts';

/** One TD SYNNEX product, whichever source it came from. */
export interface SourceProduct {
  sku: string;
  mfgPN: string;
  manufacturer: string;
  description: string;
  /** 9 digits. */
  categoryCode: string;
  /** Discontinued or end of life: never created, and deactivated after a complete pass. */
  discontinued: boolean;
  /** The MSP's TD SYNNEX cost; null when TD SYNNEX gave none. */
  cost: number | null;
  msrp: number | null;
}

export const XREF_PREFIX = 'TDS:';
export const xrefOf = (sku: string) => `${XREF_PREFIX}${sku}`;
export const skuOfXref = (xref: string | null | undefined): string | undefined =>
  xref?.startsWith(XREF_PREFIX) ? xref.slice(XREF_PREFIX.length).trim() || undefined : undefined;

const FIELD_ORDER = [
  'identifier',
  'description',
  'customerDescription',
  'manufacturerPartNumber',
  'vendorSku',
  'manufacturer',
  'vendor',
  'category',
  'subcategory',
  'type',
  'unitOfMeasure',
  'productClass',
  'price',
  'cost',
] as const satisfies readonly (keyof ManagedFields)[];
export type ManagedField = (typeof FIELD_ORDER)[number];

const REF_FIELDS = new Set<ManagedField>([
  'manufacturer',
  'vendor',
  'category',
  'subcategory',
  'type',
  'unitOfMeasure',
]);

export interface ResolvedRefs {
  /** The vendor company, or null when none is to be set. */
  vendor: StoredRef | null;
  /** ConnectWise manufacturer id for a TD SYNNEX manufacturer name (undefined = leave the field out). */
  manufacturerId(name: string): number | undefined;
}

export type IdentifierResult = { ok: true; identifier: string } | { ok: false; reason: 'no_part_number' };

export function identifierFor(p: SourceProduct, s: ProductSyncSettings): IdentifierResult {
  if (s.identifier.rule === 'sku') return { ok: true, identifier: `${s.identifier.prefix}${p.sku}`.slice(0, 75) };
  const mpn = p.mfgPN.trim();
  return mpn ? { ok: true, identifier: mpn.slice(0, 75) } : { ok: false, reason: 'no_part_number' };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const ref = (r: RefSetting): StoredRef => ('id' in r ? { id: r.id } : { name: r.name });

/** The value for each managed field, plus what is only set when the item is created. */
export function desiredFields(
  p: SourceProduct,
  identifier: string,
  s: ProductSyncSettings,
  refs: ResolvedRefs,
): { managed: ManagedFields; onCreate: ManagedFields } {
  const rule = [...s.mapping.byCategory]
    .filter((r) => p.categoryCode.startsWith(r.tdsCategory))
    .sort((a, b) => b.tdsCategory.length - a.tdsCategory.length);
  const pick = <K extends 'category' | 'subcategory' | 'type' | 'productClass'>(key: K) =>
    rule.find((r) => r[key] !== undefined)?.[key];
  const subcategory = pick('subcategory') ?? s.mapping.subcategory;
  const description = p.description.trim() || identifier;
  const managed: ManagedFields = {
    identifier,
    description: description.slice(0, 60).trim(),
    customerDescription: description.slice(0, 6000),
    manufacturerPartNumber: p.mfgPN.trim().slice(0, 50),
    vendorSku: p.sku.slice(0, 50),
    category: ref(pick('category') ?? s.mapping.category),
    type: ref(pick('type') ?? s.mapping.type),
    unitOfMeasure: ref(s.mapping.unitOfMeasure),
    productClass: pick('productClass') ?? s.mapping.productClass,
  };
  if (subcategory) managed.subcategory = ref(subcategory);
  const manufacturerId = p.manufacturer ? refs.manufacturerId(p.manufacturer) : undefined;
  if (manufacturerId !== undefined) managed.manufacturer = { id: manufacturerId };
  if (refs.vendor) managed.vendor = refs.vendor;

  const onCreate: ManagedFields = {};
  const price = priceFor(p, s);
  if (s.price.rule === 'none') {
    if (p.msrp !== null) onCreate.price = round2(p.msrp);
  } else if (price !== undefined) managed.price = price;
  if (p.cost !== null) {
    if (s.updateCost) managed.cost = round2(p.cost);
    else onCreate.cost = round2(p.cost);
  }
  return { managed, onCreate };
}

function priceFor(p: SourceProduct, s: ProductSyncSettings): number | undefined {
  if (s.price.rule === 'markup') return p.cost === null ? undefined : round2(p.cost * (1 + s.price.percent / 100));
  if (s.price.rule === 'msrp') return p.msrp === null ? undefined : round2(p.msrp);
  return undefined;
}

function refEqual(a: StoredRef | null | undefined, b: StoredRef | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.name !== undefined && b.name !== undefined) return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
  return false;
}

export function fieldEqual(field: ManagedField, a: unknown, b: unknown): boolean {
  if (REF_FIELDS.has(field)) return refEqual(a as StoredRef | null, b as StoredRef | null);
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

/**
 * Fields whose wanted value differs. `since: 'written'` compares with what Product Sync last wrote, falling back
 * to what ConnectWise holds for fields it never wrote (adopted items, newly managed fields); `since: 'observed'`
 * (full resync) compares with what ConnectWise holds.
 */
export function changedFields(
  wanted: ManagedFields,
  written: ManagedFields,
  observed: ManagedFields,
  since: 'written' | 'observed',
): ManagedField[] {
  const changed: ManagedField[] = [];
  for (const field of FIELD_ORDER) {
    if (!(field in wanted)) continue;
    const base = since === 'written' && field in written ? written[field] : observed[field];
    if (!fieldEqual(field, wanted[field], base)) changed.push(field);
  }
  return changed;
}

const refValue = (r: StoredRef) => (r.id !== undefined ? { id: r.id } : { name: r.name });

function wireValue(field: ManagedField, value: unknown): unknown {
  return REF_FIELDS.has(field) ? refValue(value as StoredRef) : value;
}

/** JSON-patch `replace` of each changed field: a whole reference, never a sub-path (reference §1.7). */
export function patchOps(wanted: ManagedFields, fields: readonly ManagedField[]): CwPatchOp[] {
  return fields.map((field) => ({ op: 'replace', path: field, value: wireValue(field, wanted[field]) }));
}

/** The POST body of a new catalog item. */
export function createBody(sku: string, wanted: ManagedFields, onCreate: ManagedFields): Record<string, unknown> {
  const body: Record<string, unknown> = { integrationXRef: xrefOf(sku), inactiveFlag: false };
  for (const [field, value] of Object.entries({ ...onCreate, ...wanted })) {
    if (value !== undefined && value !== null) body[field] = wireValue(field as ManagedField, value);
  }
  return body;
}

/** The managed fields of a ConnectWise catalog item as it is. */
export function observedFields(item: Partial<CwCatalogItem>): ManagedFields {
  const r = (v: unknown): StoredRef | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const o = v as { id?: unknown; name?: unknown; identifier?: unknown };
    const out: StoredRef = {};
    if (typeof o.id === 'number') out.id = o.id;
    if (typeof o.name === 'string') out.name = o.name;
    else if (typeof o.identifier === 'string') out.name = o.identifier;
    return out.id === undefined && out.name === undefined ? undefined : out;
  };
  const out: ManagedFields = {};
  const set = <K extends keyof ManagedFields>(k: K, v: ManagedFields[K] | null | undefined) => {
    if (v !== undefined && v !== null) out[k] = v;
  };
  set('identifier', item.identifier);
  set('description', item.description);
  set('customerDescription', item.customerDescription);
  set('manufacturerPartNumber', item.manufacturerPartNumber);
  set('vendorSku', item.vendorSku);
  set('manufacturer', r(item.manufacturer));
  set('vendor', r(item.vendor));
  set('category', r(item.category));
  set('subcategory', r(item.subcategory));
  set('type', r(item.type));
  set('unitOfMeasure', r(item.unitOfMeasure));
  set('productClass', item.productClass);
  set('price', item.price);
  set('cost', item.cost);
  return out;
}

/** `fields=` for reading managed items: only what the diff needs. */
export const CW_READ_FIELDS = [
  'id',
  'inactiveFlag',
  'integrationXRef',
  ...FIELD_ORDER.filter((f) => !REF_FIELDS.has(f)),
  ...[...REF_FIELDS].flatMap((f) => [`${f}/id`, `${f}/name`]),
  'vendor/identifier',
].join(',');

/** Keeps only the given fields of `from` (what was sent in a PATCH). */
export function pickFields(from: ManagedFields, fields: readonly ManagedField[]): ManagedFields {
  const out: ManagedFields = {};
  for (const f of fields) (out as Record<string, unknown>)[f] = from[f];
  return out;
}
