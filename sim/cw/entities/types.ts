/**
 * What the simulator knows about each ConnectWise entity: where it lives, which fields are references
 * (resolved from {id} / {identifier} / {name} and hydrated on every read), what the API validates,
 * which security-role module guards it and which callback type it raises.
 */
export type Rec = Record<string, unknown>;

export interface RefSpec {
  /** Entity path of the referenced record, e.g. 'company/companies'. */
  target: string;
  /** Key of the href inside the reference's `_info`, e.g. 'company_href'. */
  href: string;
  /** Display fields copied from the target besides id. */
  show: readonly string[];
  /** An array of references (company `types`). */
  many?: boolean;
  /** Child targets (board statuses) need the parent id from this field of the referencing record. */
  targetParentFrom?: string;
}

/** ConnectWise security-role modules ("Procurement / Purchasing") and the four levels of access. */
export type AccessLevel = 'add' | 'edit' | 'delete' | 'inquire';
export interface Permission {
  module: string;
  area: string;
}

export interface EntityDef {
  /** API path; `{parentId}` marks a child collection: 'procurement/purchaseorders/{parentId}/lineitems'. */
  path: string;
  /** Store collection, 'cw:<path without {parentId}>'. */
  collection: string;
  /** Name used in validation errors ("purchaseOrder object is invalid"). */
  resource: string;
  /** First id handed out is idBase + 1 (ConnectWise ids are rarely small). */
  idBase: number;
  parent?: { path: string; field: string; asRef: boolean };
  refs: Record<string, RefSpec>;
  required: readonly string[];
  /** Required on PUT/PATCH only ("Required On Updates" in the spec). */
  requiredOnUpdate: readonly string[];
  maxLength: Record<string, number>;
  enums: Record<string, readonly string[]>;
  /** Writable fields; a PATCH path outside them is ignored with 200 (the documented "false 200"). Empty = any. */
  fields: readonly string[];
  /** Fields the server computes or owns; writes to them are ignored. */
  readOnly: readonly string[];
  /** Groups of fields that must be unique (case-insensitive) within the collection (or parent). */
  unique: readonly (readonly string[])[];
  defaults: (now: string) => Rec;
  permission: Permission;
  /** GET only (405 otherwise). */
  readOnlyEntity: boolean;
  /** `Type` of callbacks raised by changes, e.g. 'PurchaseOrder'. */
  callbackType?: string;
  /** Custom-field screen (system/userDefinedFields screenId) whose definitions shape `customFields`. */
  customFieldScreen?: string;
  /** Names of record-level `_info` links, e.g. ['notes', 'products'] → notes_href → {self}/notes. */
  links: readonly string[];
  /** Extra field types for conditions where data alone cannot tell (e.g. a field that is usually omitted). */
  types: Record<string, 'boolean' | 'number' | 'string' | 'datetime'>;
  /** Entity-specific checks after the generic ones (e.g. callback type/level values). */
  validate?: (record: Rec, ctx: WriteContext) => FieldError[];
  /** Computes server-owned fields (totals, flags from statuses) before a write is stored. */
  derive?: (record: Rec, ctx: WriteContext) => void;
}

export interface FieldError {
  code: string;
  message: string;
  field: string;
}

/** What entity hooks may read while a write is in progress. */
export interface WriteContext {
  find(path: string, id: number): Rec | undefined;
  list(path: string): Rec[];
  now: string;
}

export type EntitySpec = Partial<Omit<EntityDef, 'path' | 'resource' | 'permission'>> &
  Pick<EntityDef, 'path' | 'resource' | 'permission'>;

export function entity(spec: EntitySpec): EntityDef {
  return {
    collection: `cw:${spec.path.replace('/{parentId}', '')}`,
    idBase: 0,
    refs: {},
    required: [],
    requiredOnUpdate: [],
    maxLength: {},
    enums: {},
    fields: [],
    readOnly: [],
    unique: [],
    defaults: () => ({}),
    readOnlyEntity: false,
    links: [],
    types: {},
    ...spec,
  };
}

export const ref = (
  target: string,
  href: string,
  show: RefSpec['show'] = ['name'],
  extra: Partial<RefSpec> = {},
): RefSpec => ({
  target,
  href,
  show,
  ...extra,
});

export const TABLE_SETUP: Permission = { module: 'System', area: 'Table Setup' };
