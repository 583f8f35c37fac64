/**
 * Custom fields. Definitions live in `system/userDefinedFields` (one screen each); a record stores only
 * `[{id, value}]`, and every read shapes the array from the current definitions, so a PO shows
 * "Send to TDS" as soon as the field is defined. Writes replace the whole array, as the Developer Guide
 * warns: an entry left out is cleared.
 */
import type { FieldError, Rec } from '../entities/index.ts';

export interface StoredCustomField {
  id: number;
  value: unknown;
}

export function definitionsFor(udfs: Rec[], screen: string): Rec[] {
  return udfs
    .filter((d) => d.screenId === screen)
    .sort((a, b) => Number(a.sequenceNumber ?? 0) - Number(b.sequenceNumber ?? 0) || Number(a.id) - Number(b.id));
}

export function shapeCustomFields(definitions: Rec[], stored: unknown): Rec[] {
  const values = new Map<number, unknown>();
  if (Array.isArray(stored)) for (const entry of stored as StoredCustomField[]) values.set(entry.id, entry.value);
  return definitions.map((d) => ({
    id: d.id,
    caption: d.caption,
    type: d.fieldTypeIdentifier,
    entryMethod: d.entryTypeIdentifier ?? 'EntryField',
    numberOfDecimals: d.numberDecimals ?? 0,
    value: values.get(Number(d.id)) ?? null,
    connectWiseId: d.connectWiseID,
  }));
}

/** Validates a written `customFields` array against the screen's definitions and returns what to store. */
export function writeCustomFields(definitions: Rec[], given: unknown, errors: FieldError[]): StoredCustomField[] {
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given)) {
    errors.push({ code: 'InvalidField', message: 'customFields must be an array.', field: 'customFields' });
    return [];
  }
  const stored: StoredCustomField[] = [];
  for (const entry of given) {
    if (!entry || typeof entry !== 'object') {
      errors.push({
        code: 'InvalidField',
        message: 'Each custom field must be an object with an id.',
        field: 'customFields',
      });
      continue;
    }
    const e = entry as Rec;
    const definition =
      definitions.find((d) => d.id === e.id) ??
      (e.id === undefined && typeof e.caption === 'string'
        ? definitions.find((d) => String(d.caption).toLowerCase() === String(e.caption).toLowerCase())
        : undefined);
    if (!definition) {
      errors.push({
        code: 'InvalidField',
        message: `Custom field ${String(e.id ?? e.caption)} is not defined for this screen.`,
        field: 'customFields',
      });
      continue;
    }
    const value = e.value ?? null;
    const problem = value === null ? undefined : typeProblem(String(definition.fieldTypeIdentifier), value);
    if (problem) {
      errors.push({
        code: 'InvalidField',
        message: `Custom field "${String(definition.caption)}" ${problem}.`,
        field: 'customFields',
      });
      continue;
    }
    if (value !== null) stored.push({ id: Number(definition.id), value });
  }
  return stored;
}

function typeProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'Checkbox':
      return typeof value === 'boolean' ? undefined : 'takes true or false';
    case 'Number':
    case 'Currency':
    case 'Percent':
      return typeof value === 'number' ? undefined : 'takes a number';
    case 'Date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'takes an ISO date';
    default:
      return typeof value === 'string'
        ? value.length > 1000
          ? 'takes at most 1000 characters'
          : undefined
        : 'takes text';
  }
}
