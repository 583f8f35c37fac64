/**
 * The simulator's records: reads (sorted, parent-scoped, hydrated) and the write pipeline every API write
 * goes through — sanitise, resolve references, shape custom fields, validate, stamp `_info`, derive, store,
 * then announce the change (callbacks listen).
 */
import type { SimClock } from '../../clock.ts';
import type { SimStore } from '../../store.ts';
import { type EntityDef, entityByPath, type FieldError, type Rec } from '../entities/index.ts';
import { CwHttpError, invalidObject, methodNotAllowed, notFoundError } from '../errors.ts';
import { definitionsFor, shapeCustomFields, writeCustomFields } from './custom-fields.ts';
import { afterWrite, deriveFields, type EffectsHost } from './effects.ts';
import { applyPatch } from './patch.ts';
import { hydrateRefs, type RefLookup, resolveRefs } from './references.ts';
import { cwTime } from './time.ts';
import { validateRecord } from './validate.ts';

export interface Actor {
  id: number;
  identifier: string;
}

export interface Change {
  def: EntityDef;
  action: 'added' | 'updated' | 'deleted';
  id: number;
  record: Rec;
  actor: Actor;
}

const UDF = 'system/userDefinedFields';

export class CwRecords implements RefLookup {
  readonly #sorted = new Map<string, { size: number; list: Rec[] }>();

  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
    private readonly onChange: (change: Change) => void = () => {},
  ) {}

  /** Forget cached orderings (after a reset that replaced the collections wholesale). */
  clearCache(): void {
    this.#sorted.clear();
  }

  now(): string {
    return cwTime(this.clock.now());
  }

  // ---- reads -------------------------------------------------------------------------------------

  /** Every record of the entity's collection, ordered by id (cached until the next write). */
  all(def: EntityDef): Rec[] {
    const coll = this.store.collection<Rec>(def.collection);
    const cached = this.#sorted.get(def.collection);
    if (cached && cached.size === coll.size) return cached.list;
    const list = [...coll.values()].sort((a, b) => Number(a.id) - Number(b.id));
    this.#sorted.set(def.collection, { size: coll.size, list });
    return list;
  }

  find(def: EntityDef, id: number): Rec | undefined {
    return this.store.collection<Rec>(def.collection).get(id);
  }

  /** The records a (possibly nested) route lists: children of `parentId` only. */
  scoped(def: EntityDef, parentId?: number): Rec[] {
    const all = this.all(def);
    if (!def.parent || parentId === undefined) return all;
    return all.filter((r) => parentOf(def, r) === parentId);
  }

  findScoped(def: EntityDef, id: number, parentId?: number): Rec | undefined {
    const rec = this.find(def, id);
    if (!rec || (def.parent && parentId !== undefined && parentOf(def, rec) !== parentId)) return undefined;
    return rec;
  }

  /** Read form: references refreshed, custom fields shaped from current definitions. */
  hydrate(def: EntityDef, rec: Rec): Rec {
    const out = hydrateRefs(this, def, rec);
    if (def.customFieldScreen) out.customFields = shapeCustomFields(this.#definitions(def), rec.customFields);
    return out;
  }

  #definitions(def: EntityDef): Rec[] {
    return def.customFieldScreen ? definitionsFor(this.all(entityByPath(UDF)!), def.customFieldScreen) : [];
  }

  requireParent(def: EntityDef, parentId: number | undefined): void {
    if (!def.parent || parentId === undefined) return;
    const parentDef = entityByPath(def.parent.path)!;
    if (!this.find(parentDef, parentId))
      throw notFoundError(`${parentDef.resource} with id ${parentId} was not found.`);
  }

  // ---- writes ------------------------------------------------------------------------------------

  create(def: EntityDef, body: unknown, actor: Actor, parentId?: number): Rec {
    this.#writable(def, 'POST');
    this.requireParent(def, parentId);
    const now = this.now();
    const rec: Rec = { ...def.defaults(now), ...sanitise(def, asObject(body)) };
    if (def.parent && parentId !== undefined) rec[def.parent.field] = def.parent.asRef ? { id: parentId } : parentId;
    const errors: FieldError[] = [];
    resolveRefs(this, def, rec, errors);
    this.#customFields(def, rec, errors);
    errors.push(...this.#validate(def, rec, false));
    if (errors.length) throw invalidObject(def.resource, errors);
    rec.id = def.idBase + this.store.collection(def.collection).nextId();
    rec._info = { lastUpdated: now, updatedBy: actor.identifier, dateEntered: now, enteredBy: actor.identifier };
    return this.#commit(def, rec, undefined, 'added', actor);
  }

  replace(def: EntityDef, id: number, body: unknown, actor: Actor, parentId?: number): Rec {
    this.#writable(def, 'PUT');
    const current = this.#existing(def, id, parentId);
    const now = this.now();
    const rec: Rec = { ...def.defaults(now), ...sanitise(def, asObject(body)), id };
    if (def.parent) rec[def.parent.field] = current[def.parent.field];
    for (const field of def.readOnly) if (field in current) rec[field] = current[field];
    const errors: FieldError[] = [];
    resolveRefs(this, def, rec, errors);
    this.#customFields(def, rec, errors);
    errors.push(...this.#validate(def, rec, true));
    if (errors.length) throw invalidObject(def.resource, errors);
    rec._info = { ...(current._info as Rec), lastUpdated: now, updatedBy: actor.identifier };
    return this.#commit(def, rec, current, 'updated', actor);
  }

  patch(def: EntityDef, id: number, body: unknown, actor: Actor, parentId?: number): Rec {
    this.#writable(def, 'PATCH');
    const current = this.#existing(def, id, parentId);
    const { record, changed } = applyPatch(def, current, body);
    const errors: FieldError[] = [];
    resolveRefs(this, def, record, errors, changed);
    if (changed.has('customFields')) this.#customFields(def, record, errors);
    errors.push(...this.#validate(def, record, true));
    if (errors.length) throw invalidObject(def.resource, errors);
    if (changed.size === 0) return current;
    record._info = { ...(current._info as Rec), lastUpdated: this.now(), updatedBy: actor.identifier };
    return this.#commit(def, record, current, 'updated', actor);
  }

  remove(def: EntityDef, id: number, actor: Actor, parentId?: number): void {
    this.#writable(def, 'DELETE');
    const current = this.#existing(def, id, parentId);
    this.store.collection(def.collection).delete(id);
    afterWrite(def, current, this.#host(), 'deleted');
    this.onChange({ def, action: 'deleted', id, record: current, actor });
  }

  /** Seeding and server-side bookkeeping: stores as given, assigning an id when missing. No callbacks. */
  insert(def: EntityDef, rec: Rec): Rec {
    if (rec.id === undefined) rec.id = def.idBase + this.store.collection(def.collection).nextId();
    this.store.collection(def.collection).set(Number(rec.id), rec);
    this.#sorted.delete(def.collection);
    return rec;
  }

  #commit(def: EntityDef, rec: Rec, previous: Rec | undefined, action: Change['action'], actor: Actor): Rec {
    const host = this.#host();
    deriveFields(def, rec, host, previous);
    const stored = dropNulls(rec);
    this.store.collection(def.collection).set(Number(stored.id), stored);
    this.#sorted.delete(def.collection);
    afterWrite(def, stored, host, action);
    const final = this.find(def, Number(stored.id)) ?? stored;
    this.onChange({ def, action, id: Number(stored.id), record: final, actor });
    return final;
  }

  #host(): EffectsHost {
    return {
      now: this.now(),
      find: (path, id) => {
        const def = entityByPath(path);
        return def ? this.find(def, id) : undefined;
      },
      list: (path) => {
        const def = entityByPath(path);
        return def ? this.all(def) : [];
      },
      nextForecastId: () => 200 + this.store.collection('cw:sales/opportunities/forecast').nextId(),
      writeQuietly: (path, rec) => {
        const def = entityByPath(path)!;
        this.store.collection(def.collection).set(Number(rec.id), dropNulls(rec));
        this.#sorted.delete(def.collection);
      },
      deleteQuietly: (path, id) => {
        const def = entityByPath(path)!;
        this.store.collection(def.collection).delete(id);
        this.#sorted.delete(def.collection);
      },
    };
  }

  #existing(def: EntityDef, id: number, parentId?: number): Rec {
    this.requireParent(def, parentId);
    const current = this.findScoped(def, id, parentId);
    if (!current) throw notFoundError(`${def.resource} with id ${id} was not found.`);
    return current;
  }

  #writable(def: EntityDef, method: string): void {
    if (def.readOnlyEntity) throw methodNotAllowed(method);
  }

  #customFields(def: EntityDef, rec: Rec, errors: FieldError[]): void {
    if (!def.customFieldScreen) {
      delete rec.customFields;
      return;
    }
    rec.customFields = writeCustomFields(this.#definitions(def), rec.customFields, errors);
  }

  #validate(def: EntityDef, rec: Rec, update: boolean): FieldError[] {
    const siblings = def.unique.length ? this.all(def) : [];
    const errors = validateRecord(def, rec, { update, siblings });
    if (def.validate) {
      errors.push(
        ...def.validate(rec, {
          now: this.now(),
          find: (p, id) => (entityByPath(p) ? this.find(entityByPath(p)!, id) : undefined),
          list: (p) => (entityByPath(p) ? this.all(entityByPath(p)!) : []),
        }),
      );
    }
    return errors;
  }
}

export function parentOf(def: EntityDef, rec: Rec): unknown {
  if (!def.parent) return undefined;
  const link = rec[def.parent.field];
  return def.parent.asRef ? (link as Rec | undefined)?.id : link;
}

function asObject(body: unknown): Rec {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new CwHttpError(400, { code: 'BadRequest', message: 'The request body must be a JSON object.' });
  }
  return body as Rec;
}

/** Drops what a client may not set: id, _info, read-only and (when the entity lists them) unknown fields. */
function sanitise(def: EntityDef, body: Rec): Rec {
  const out: Rec = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'id' || key === '_info' || def.readOnly.includes(key)) continue;
    if (def.fields.length && !def.fields.includes(key) && !(key in def.refs)) continue;
    out[key] = value;
  }
  return out;
}

/** Null fields are not stored (ConnectWise omits them from every response). */
function dropNulls(rec: Rec): Rec {
  const out: Rec = {};
  for (const [key, value] of Object.entries(rec)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}
