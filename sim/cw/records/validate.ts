/** Generic validation ConnectWise applies to writes: required fields, maximum lengths, enum values, uniqueness. */
import type { EntityDef, FieldError, Rec } from '../entities/index.ts';

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function validateRecord(def: EntityDef, rec: Rec, opts: { update: boolean; siblings: Rec[] }): FieldError[] {
  const errors: FieldError[] = [];
  const required = opts.update ? [...def.required, ...def.requiredOnUpdate] : def.required;
  for (const field of required) {
    if (isBlank(rec[field])) errors.push({ code: 'MissingRequiredField', message: `${field} is required.`, field });
  }
  for (const [field, max] of Object.entries(def.maxLength)) {
    const value = rec[field];
    if (typeof value === 'string' && value.length > max) {
      errors.push({
        code: 'InvalidField',
        message: `The field ${field} must be a string with a maximum length of ${max}.`,
        field,
      });
    }
  }
  for (const [field, allowed] of Object.entries(def.enums)) {
    const value = rec[field];
    if (value !== undefined && value !== null && !allowed.includes(String(value))) {
      errors.push({ code: 'InvalidField', message: `${field} must be one of: ${allowed.join(', ')}.`, field });
    }
  }
  for (const group of def.unique) {
    const key = uniqueKey(rec, group);
    if (key === undefined) continue;
    if (opts.siblings.some((other) => other.id !== rec.id && uniqueKey(other, group) === key)) {
      errors.push({
        code: 'ObjectExists',
        message: `A ${def.resource} with this ${group.join(', ')} already exists.`,
        field: group[group.length - 1]!,
      });
    }
  }
  return errors;
}

function uniqueKey(rec: Rec, group: readonly string[]): string | undefined {
  const parts = group.map((f) => rec[f]);
  if (parts.every((p) => p === undefined || p === null)) return undefined;
  return JSON.stringify(parts.map((p) => (typeof p === 'string' ? p.toLowerCase() : (p ?? null))));
}
