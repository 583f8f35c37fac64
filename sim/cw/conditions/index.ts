/**
 * ConnectWise conditions: `conditions`, `childConditions` and `customFieldConditions` compiled into predicates.
 * childConditions bind every path that goes through the same array to one element of it
 * (`communicationItems/value like "a*" AND communicationItems/communicationType="Email"` needs one item with both).
 */
import { ConditionsError } from './errors.ts';
import { checkTypes, type FieldType, matches, type Resolver, resolvePath } from './evaluate.ts';
import { type Condition, parseConditions, pathsOf } from './parser.ts';

export { ConditionsError, GUIDANCE } from './errors.ts';
export { compareText, type FieldType, ISO_DATETIME, type Resolver, resolvePath } from './evaluate.ts';
export { type Condition, parseConditions, pathsOf } from './parser.ts';

export type Predicate = (record: Record<string, unknown>) => boolean;

export function compileConditions(
  text: string,
  typeOf: (path: string[]) => FieldType,
  resolve: Resolver = resolvePath,
): Predicate {
  const condition = parseConditions(text);
  checkTypes(condition, typeOf);
  return (record) => matches(condition, record, resolve);
}

/** Paths starting with the same array field are evaluated against each element; any element may satisfy. */
export function compileChildConditions(text: string, resolve: Resolver = resolvePath): Predicate {
  const condition = parseConditions(text);
  const arrays = [...new Set(pathsOf(condition).map((p) => p[0]!))];
  return (record) => {
    const field = arrays.find((name) => Array.isArray(ownField(record, name)));
    if (!field) return matches(condition, record, resolve);
    const items = ownField(record, field) as unknown[];
    return items.some((item) => matches(condition, record, bindElement(field, item, resolve)));
  };
}

function ownField(record: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function bindElement(field: string, element: unknown, resolve: Resolver): Resolver {
  return (record, path) =>
    path[0]?.toLowerCase() === field.toLowerCase() ? resolvePath(element, path.slice(1)) : resolve(record, path);
}

/** `caption="Send to TDS" AND value=true`: matches when one custom field entry satisfies the whole expression. */
export function compileCustomFieldConditions(text: string): Predicate {
  const condition: Condition = parseConditions(text);
  return (record) => {
    const fields = record.customFields;
    if (!Array.isArray(fields)) return false;
    return fields.some((entry) => matches(condition, entry));
  };
}

export function isConditionsError(error: unknown): error is ConditionsError {
  return error instanceof ConditionsError;
}
