/**
 * PATCH bodies: a JSON-patch array of `{op: add|replace|remove, path, value}`. ConnectWise is lenient in
 * the way that hurts integrations: a path it does not know (a typo, wrong case) or a sub-path into a
 * reference (`company/identifier`) is ignored and the call still answers 200 — the documented "false 200".
 * `ref/id` sub-paths do work (reported by a ConnectPyse user) and replace the whole reference.
 */
import type { EntityDef, Rec } from '../entities/index.ts';
import { badRequest } from '../errors.ts';

export interface PatchResult {
  record: Rec;
  /** Top-level fields the patch actually changed. */
  changed: Set<string>;
  /** Paths ignored (false 200). */
  ignored: string[];
}

const SERVER_OWNED = new Set(['id', '_info']);

export function applyPatch(def: EntityDef, current: Rec, body: unknown): PatchResult {
  if (!Array.isArray(body)) {
    throw badRequest(
      'The request body must be a JSON-patch array, e.g. [{"op":"replace","path":"summary","value":"New"}].',
    );
  }
  const record: Rec = structuredClone(current);
  const changed = new Set<string>();
  const ignored: string[] = [];
  for (const raw of body) {
    if (!raw || typeof raw !== 'object')
      throw badRequest('Each patch operation must be an object with op, path and value.');
    const { op, path, value } = raw as Rec;
    const opName = typeof op === 'string' ? op.toLowerCase() : '';
    if (!['add', 'replace', 'remove'].includes(opName)) {
      throw badRequest(`Patch operation "${String(op)}" is not supported; use add, replace or remove.`);
    }
    if (typeof path !== 'string' || path.replace(/^\//, '') === '')
      throw badRequest('Each patch operation needs a path.');
    const segments = path.replace(/^\//, '').split('/');
    const top = segments[0]!;
    const known = def.fields.length === 0 || def.fields.includes(top) || top in def.refs;
    if (!known || SERVER_OWNED.has(top) || def.readOnly.includes(top)) {
      ignored.push(path);
      continue;
    }
    const next = opName === 'remove' ? null : (value ?? null);
    if (segments.length === 1) {
      record[top] = next;
      changed.add(top);
    } else if (segments.length === 2 && segments[1] === 'id' && top in def.refs && !def.refs[top]!.many) {
      record[top] = next === null ? null : { id: next };
      changed.add(top);
    } else {
      ignored.push(path);
    }
  }
  return { record, changed, ignored };
}
