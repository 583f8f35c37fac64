/**
 * References between records. A write may name a reference by `id`, `identifier` or `name`; the API stores
 * the full `{id, identifier/name}` and every read re-hydrates the display fields from the target, so a
 * renamed company shows its new name everywhere (ConnectWise joins live).
 */
import { type EntityDef, entityByPath, type FieldError, type Rec, type RefSpec } from '../entities/index.ts';

export interface RefLookup {
  all(def: EntityDef): Rec[];
  find(def: EntityDef, id: number): Rec | undefined;
}

/** What ConnectWise shows as `name` of a member or contact reference. */
export function displayName(rec: Rec): string | undefined {
  if (typeof rec.name === 'string') return rec.name;
  if (typeof rec.firstName === 'string')
    return [rec.firstName, rec.lastName].filter((p) => typeof p === 'string' && p).join(' ');
  return undefined;
}

function displayField(target: Rec, field: string): unknown {
  return field === 'name' ? displayName(target) : target[field];
}

export function refValue(spec: RefSpec, target: Rec): Rec {
  const out: Rec = { id: target.id };
  for (const field of spec.show) {
    const value = displayField(target, field);
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

/** The id of the parent record a child target (a site, a board status) must belong to, if the holder names one. */
export function parentIdFor(spec: RefSpec, holder: Rec): number | undefined {
  if (!spec.targetParentFrom) return undefined;
  const value = holder[spec.targetParentFrom];
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof (value as Rec).id === 'number') return (value as Rec).id as number;
  return undefined;
}

function belongsTo(targetDef: EntityDef, target: Rec, parentId: number | undefined): boolean {
  if (parentId === undefined || !targetDef.parent) return true;
  const link = target[targetDef.parent.field];
  const id = targetDef.parent.asRef ? (link as Rec | undefined)?.id : link;
  return id === parentId;
}

/** Resolves one written reference value into the stored `{id, …}` form, or reports why it cannot. */
export function resolveRef(
  lookup: RefLookup,
  spec: RefSpec,
  field: string,
  value: unknown,
  holder: Rec,
  errors: FieldError[],
): Rec | null | undefined {
  if (value === null || value === undefined) return null;
  const targetDef = entityByPath(spec.target);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ code: 'InvalidField', message: `${field} must be an object with an id, identifier or name.`, field });
    return undefined;
  }
  if (!targetDef) return value as Rec;
  const given = value as Rec;
  const parentId = parentIdFor(spec, holder);
  let target: Rec | undefined;
  if (given.id !== undefined && given.id !== null) {
    target = typeof given.id === 'number' ? lookup.find(targetDef, given.id) : undefined;
    if (!target) {
      errors.push({ code: 'NotFound', message: `${field} with id ${String(given.id)} was not found.`, field });
      return undefined;
    }
  } else {
    const key =
      typeof given.identifier === 'string' ? 'identifier' : typeof given.name === 'string' ? 'name' : undefined;
    if (!key) {
      errors.push({ code: 'InvalidField', message: `${field} must have an id, identifier or name.`, field });
      return undefined;
    }
    const wanted = String(given[key]).toLowerCase();
    target = lookup
      .all(targetDef)
      .find((t) => belongsTo(targetDef, t, parentId) && String(displayField(t, key) ?? '').toLowerCase() === wanted);
    if (!target) {
      errors.push({ code: 'NotFound', message: `${field} with ${key} "${String(given[key])}" was not found.`, field });
      return undefined;
    }
  }
  if (!belongsTo(targetDef, target, parentId)) {
    errors.push({
      code: 'InvalidField',
      message: `${field} ${String(target.id)} does not belong to the ${spec.targetParentFrom} ${String(parentId)}.`,
      field,
    });
    return undefined;
  }
  return refValue(spec, target);
}

/** Resolves every reference field present in `rec` (or only `only`), in place. */
export function resolveRefs(
  lookup: RefLookup,
  def: EntityDef,
  rec: Rec,
  errors: FieldError[],
  only?: Set<string>,
): void {
  for (const [field, spec] of Object.entries(def.refs)) {
    if (only && !only.has(field)) continue;
    if (!(field in rec)) continue;
    const value = rec[field];
    if (spec.many) {
      if (value === null || value === undefined) continue;
      if (!Array.isArray(value)) {
        errors.push({ code: 'InvalidField', message: `${field} must be an array of references.`, field });
        continue;
      }
      rec[field] = value.map((v, i) => resolveRef(lookup, spec, `${field}/${i}`, v, rec, errors)).filter(Boolean);
    } else {
      const resolved = resolveRef(lookup, spec, field, value, rec, errors);
      if (resolved !== undefined) rec[field] = resolved;
    }
  }
}

/** Fresh display fields on every reference (the stored copy may predate a rename). */
export function hydrateRefs(lookup: RefLookup, def: EntityDef, rec: Rec): Rec {
  const out: Rec = { ...rec };
  for (const [field, spec] of Object.entries(def.refs)) {
    const value = rec[field];
    if (!value || typeof value !== 'object') continue;
    const targetDef = entityByPath(spec.target);
    if (!targetDef) continue;
    const refresh = (v: unknown) => {
      const id = (v as Rec).id;
      const target = typeof id === 'number' ? lookup.find(targetDef, id) : undefined;
      return target ? refValue(spec, target) : v;
    };
    out[field] = Array.isArray(value) ? value.map(refresh) : refresh(value);
  }
  return out;
}
