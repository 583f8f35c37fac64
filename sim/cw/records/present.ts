/**
 * The response form of a record: `_info` hrefs on the record and on every reference (built from the
 * simulator's base URL at read time, so they follow the port), nulls omitted everywhere, and partial
 * responses for `fields=id,name,status/id`.
 */
import { type EntityDef, entityByPath, type Rec } from '../entities/index.ts';
import { parentIdFor } from './references.ts';
import { parentOf } from './repository.ts';

/** `apiBase` is e.g. 'http://127.0.0.1:8787/sim/cw/v4_6_release/apis/3.0'. */
export function selfPath(def: EntityDef, rec: Rec): string {
  const parentId = parentOf(def, rec);
  return `${def.path.replace('{parentId}', String(parentId ?? 0))}/${String(rec.id)}`;
}

export function presentRecord(def: EntityDef, hydrated: Rec, apiBase: string): Rec {
  // ConnectWise writes id first and _info / customFields last.
  const { id, _info, customFields, ...rest } = hydrated;
  const out: Rec = { id, ...rest, _info, customFields };
  for (const [field, spec] of Object.entries(def.refs)) {
    const value = out[field];
    if (!value || typeof value !== 'object') continue;
    const target = entityByPath(spec.target);
    const parentId = parentIdFor(spec, hydrated);
    const href = (v: Rec) => {
      const path = target ? target.path.replace('{parentId}', String(parentId ?? 0)) : spec.target;
      return { ...v, _info: { ...((v._info as Rec) ?? {}), [spec.href]: `${apiBase}/${path}/${String(v.id)}` } };
    };
    out[field] = Array.isArray(value) ? value.map((v) => href(v as Rec)) : href(value as Rec);
  }
  if (hydrated._info && typeof hydrated._info === 'object') {
    const info: Rec = { ...(hydrated._info as Rec) };
    const self = `${apiBase}/${selfPath(def, hydrated)}`;
    for (const link of def.links) info[`${link}_href`] = `${self}/${link}`;
    out._info = info;
  }
  return omitNulls(out) as Rec;
}

export function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (value && typeof value === 'object') {
    const out: Rec = {};
    for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = omitNulls(v);
    return out;
  }
  return value;
}

export type FieldTree = Map<string, FieldTree>;

/** `id,name,status/id` → {id, name, status: {id}} selector; undefined when no fields were asked for. */
export function parseFields(text: string | undefined): FieldTree | undefined {
  if (!text?.trim()) return undefined;
  const root: FieldTree = new Map();
  for (const path of text.split(',')) {
    let node = root;
    for (const segment of path.trim().split('/').filter(Boolean)) {
      const key = segment.toLowerCase();
      let child = node.get(key);
      if (!child) {
        child = new Map();
        node.set(key, child);
      }
      node = child;
    }
  }
  return root;
}

export function project(value: unknown, tree: FieldTree | undefined): unknown {
  if (!tree || tree.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, tree));
  if (!value || typeof value !== 'object') return value;
  const out: Rec = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = tree.get(key.toLowerCase());
    if (sub) out[key] = project(v, sub);
  }
  return out;
}
