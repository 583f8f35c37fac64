/** `orderBy=company/name asc, id desc`: nested paths, case-insensitive text, nulls first (SQL Server), id breaks ties. */
import { compareText, resolvePath } from '../conditions/index.ts';
import type { Rec } from '../entities/index.ts';
import { badRequest } from '../errors.ts';

interface SortKey {
  path: string[];
  direction: 1 | -1;
}

export function parseOrderBy(text: string): SortKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z0-9_/]+)(?:\s+(asc|desc))?$/i.exec(part);
      if (!m)
        throw badRequest(`orderBy "${part}" is not valid; use a field name followed by asc or desc, e.g. "name asc".`);
      return { path: m[1]!.split('/'), direction: m[2]?.toLowerCase() === 'desc' ? -1 : 1 };
    });
}

function compareValues(a: unknown, b: unknown): number {
  const aNull = a === undefined || a === null;
  const bNull = b === undefined || b === null;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareText(String(a), String(b));
}

export function sortRecords(records: Rec[], keys: SortKey[]): Rec[] {
  const withKeys = records.map((rec) => ({ rec, values: keys.map((k) => resolvePath(rec, k.path)[0]) }));
  withKeys.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareValues(x.values[i], y.values[i]) * keys[i]!.direction;
      if (order !== 0) return order;
    }
    return Number(x.rec.id) - Number(y.rec.id);
  });
  return withKeys.map((w) => w.rec);
}
