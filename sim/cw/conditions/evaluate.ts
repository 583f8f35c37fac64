/**
 * Evaluates parsed conditions the way SQL Server would after ConnectWise translates them: string comparisons
 * are case-insensitive, and a comparison with a missing (null) field is "unknown", so `name != "x"` does not
 * match records without a name (three-valued logic). Paths through arrays match when any element matches.
 */
import { typeMismatch, type ValueKind } from './errors.ts';
import type { Condition, Literal, Operator } from './parser.ts';

export type FieldType = 'boolean' | 'number' | 'string' | 'datetime' | 'unknown';
export type Resolver = (record: unknown, path: string[]) => unknown[];
type Truth = boolean | null;

const INFO_FIELDS = new Set(['lastupdated', 'dateentered', 'updatedby', 'enteredby']);
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Walks `a/b/c` through objects and arrays; keys match case-insensitively; `lastUpdated` etc. fall back to `_info`. */
export const resolvePath: Resolver = (record, path) => {
  let current: unknown[] = [record];
  path.forEach((segment, index) => {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === null || typeof item !== 'object') continue;
        const obj = item as Record<string, unknown>;
        let found = lookup(obj, segment);
        if (found === undefined && index === 0 && INFO_FIELDS.has(segment.toLowerCase())) {
          const info = obj._info;
          if (info && typeof info === 'object') found = lookup(info as Record<string, unknown>, segment);
        }
        if (found !== undefined) next.push(found);
      }
    }
    current = next;
  });
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
};

function lookup(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Refuses literals whose kind does not fit the field, with ConnectWise's message. */
export function checkTypes(condition: Condition, typeOf: (path: string[]) => FieldType): void {
  if (condition.type === 'not') {
    checkTypes(condition.operand, typeOf);
    return;
  }
  if (condition.type !== 'compare') {
    checkTypes(condition.left, typeOf);
    checkTypes(condition.right, typeOf);
    return;
  }
  const fieldType = typeOf(condition.path);
  if (fieldType === 'unknown') return;
  const expected: ValueKind = fieldType === 'number' ? 'numeric' : fieldType;
  for (const literal of condition.values) {
    const actual = kindOf(literal);
    if (actual === 'null' || actual === expected) continue;
    throw typeMismatch(expected, actual);
  }
  if ((condition.op === 'like' || condition.op === 'contains') && fieldType !== 'string') {
    throw typeMismatch(expected, 'string');
  }
}

function kindOf(literal: Literal): ValueKind {
  return literal.kind === 'number' ? 'numeric' : literal.kind === 'boolean' ? 'boolean' : literal.kind;
}

export function matches(condition: Condition, record: unknown, resolve: Resolver = resolvePath): boolean {
  return evaluate(condition, record, resolve) === true;
}

export function evaluate(condition: Condition, record: unknown, resolve: Resolver): Truth {
  switch (condition.type) {
    case 'and': {
      const left = evaluate(condition.left, record, resolve);
      if (left === false) return false;
      const right = evaluate(condition.right, record, resolve);
      if (right === false) return false;
      return left === true && right === true ? true : null;
    }
    case 'or': {
      const left = evaluate(condition.left, record, resolve);
      if (left === true) return true;
      const right = evaluate(condition.right, record, resolve);
      if (right === true) return true;
      return left === false && right === false ? false : null;
    }
    case 'not': {
      const inner = evaluate(condition.operand, record, resolve);
      return inner === null ? null : !inner;
    }
    case 'compare': {
      const candidates = resolve(record, condition.path);
      const values = candidates.length === 0 ? [null] : candidates;
      let sawUnknown = false;
      for (const value of values) {
        let truth = compare(value, condition.op, condition.values);
        if (condition.negated && truth !== null) truth = !truth;
        if (truth === true) return true;
        if (truth === null) sawUnknown = true;
      }
      return sawUnknown ? null : false;
    }
  }
}

function compare(value: unknown, op: Operator, literals: Literal[]): Truth {
  if (op === 'in') {
    if (value === null || value === undefined) return literals.some((l) => l.kind === 'null') ? true : null;
    let sawUnknown = false;
    for (const literal of literals) {
      const truth = compareOne(value, '=', literal);
      if (truth === true) return true;
      if (truth === null) sawUnknown = true;
    }
    return sawUnknown ? null : false;
  }
  return compareOne(value, op, literals[0]!);
}

function compareOne(value: unknown, op: string, literal: Literal): Truth {
  const isNull = value === null || value === undefined;
  if (literal.kind === 'null') {
    if (op === '=') return isNull;
    if (op === '!=') return !isNull;
    return null;
  }
  if (isNull) return null;
  if (op === 'like' || op === 'contains') {
    if (typeof value !== 'string' || literal.kind !== 'string') return false;
    if (op === 'contains') return value.toLowerCase().includes(literal.value.toLowerCase());
    return likePattern(literal.value).test(value);
  }
  const order = ordering(value, literal);
  if (order === undefined) return false;
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return false;
  }
}

/** Negative when the field sorts before the literal; undefined when they cannot be compared. */
function ordering(value: unknown, literal: Literal): number | undefined {
  switch (literal.kind) {
    case 'string':
      return typeof value === 'string' ? compareText(value, literal.value) : undefined;
    case 'number':
      return typeof value === 'number' ? Math.sign(value - literal.value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? Number(value) - Number(literal.value) : undefined;
    case 'datetime': {
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(time) ? undefined : Math.sign(time - literal.value);
    }
    default:
      return undefined;
  }
}

/** Case-insensitive, trailing spaces ignored: SQL Server's default collation. */
export function compareText(a: string, b: string): number {
  const x = a.replace(/\s+$/, '').toLowerCase();
  const y = b.replace(/\s+$/, '').toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

const likeCache = new Map<string, RegExp>();
/** `*` and `%` match any run of characters; everything else is literal. */
function likePattern(pattern: string): RegExp {
  let regex = likeCache.get(pattern);
  if (!regex) {
    const body = pattern
      .split(/[*%]/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${body}\\s*$`, 'is');
    if (likeCache.size > 500) likeCache.clear();
    likeCache.set(pattern, regex);
  }
  return regex;
}
