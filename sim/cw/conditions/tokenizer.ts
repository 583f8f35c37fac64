/**
 * Tokenizer for ConnectWise `conditions` strings (also used for childConditions and customFieldConditions).
 * Keywords are case-insensitive; strings take double or single quotes (backslash escapes the quote);
 * datetimes are bracketed; paths use `/` between segments (`status/name`, `_info/lastUpdated`).
 */
import { ConditionsError, GUIDANCE } from './errors.ts';

export type Keyword = 'and' | 'or' | 'not' | 'like' | 'contains' | 'in' | 'true' | 'false' | 'null';
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  | { kind: 'path'; text: string; segments: string[]; pos: number }
  | { kind: 'string'; value: string; text: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'datetime'; value: number; text: string; pos: number }
  | { kind: 'op'; op: CompareOp; text: string; pos: number }
  | { kind: 'keyword'; word: Keyword; text: string; pos: number }
  | { kind: 'lparen' | 'rparen' | 'comma'; text: string; pos: number }
  | { kind: 'eof'; text: string; pos: number };

const KEYWORDS = new Set<Keyword>(['and', 'or', 'not', 'like', 'contains', 'in', 'true', 'false', 'null']);
const PATH_CHAR = /[A-Za-z0-9_./]/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const pos = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, pos });
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const { value, end } = readString(input, i);
      tokens.push({ kind: 'string', value, text: input.slice(pos, end), pos });
      i = end;
    } else if (ch === '[') {
      const close = input.indexOf(']', i);
      if (close < 0)
        throw new ConditionsError(`The datetime starting at position ${pos} has no closing bracket. ${GUIDANCE}`);
      const text = input.slice(i + 1, close).trim();
      const value = DATETIME.test(text) ? Date.parse(normaliseDate(text)) : Number.NaN;
      if (Number.isNaN(value)) throw new ConditionsError(`"${text}" is not a valid DateTime value. ${GUIDANCE}`);
      tokens.push({ kind: 'datetime', value, text: input.slice(pos, close + 1), pos });
      i = close + 1;
    } else if (ch === '!' || ch === '<' || ch === '>' || ch === '=') {
      const two = input.slice(i, i + 2);
      const op = (['!=', '<=', '>='].includes(two) ? two : ch) as CompareOp | '!';
      if (op === '!')
        throw new ConditionsError(`Unexpected '!' at position ${pos}; use != or the keyword not. ${GUIDANCE}`);
      tokens.push({ kind: 'op', op, text: op, pos });
      i += op.length;
    } else if (/[-\d.]/.test(ch) && /^-?(\d+(\.\d+)?|\.\d+)/.test(input.slice(i))) {
      const text = /^-?(\d+(\.\d+)?|\.\d+)/.exec(input.slice(i))![0];
      const next = input[i + text.length];
      if (next !== undefined && /[A-Za-z_/]/.test(next)) {
        throw new ConditionsError(`"${readWord(input, i)}" is not a valid number. ${GUIDANCE}`);
      }
      tokens.push({ kind: 'number', value: Number(text), text, pos });
      i += text.length;
    } else if (PATH_CHAR.test(ch)) {
      const text = readWord(input, i);
      i += text.length;
      const lower = text.toLowerCase() as Keyword;
      if (KEYWORDS.has(lower)) tokens.push({ kind: 'keyword', word: lower, text, pos });
      else {
        const segments = text.split('/');
        if (segments.some((s) => s === ''))
          throw new ConditionsError(`"${text}" is not a valid field path. ${GUIDANCE}`);
        tokens.push({ kind: 'path', text, segments, pos });
      }
    } else {
      throw new ConditionsError(`Unexpected character '${ch}' at position ${pos}. ${GUIDANCE}`);
    }
  }
  tokens.push({ kind: 'eof', text: 'end of conditions', pos: input.length });
  return tokens;
}

function readWord(input: string, start: number): string {
  let end = start;
  while (end < input.length && PATH_CHAR.test(input[end]!)) end += 1;
  return input.slice(start, end);
}

function readString(input: string, start: number): { value: string; end: number } {
  const quote = input[start]!;
  let value = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '\\' && i + 1 < input.length) {
      value += input[i + 1];
      i += 2;
    } else if (ch === quote) {
      return { value, end: i + 1 };
    } else {
      value += ch;
      i += 1;
    }
  }
  throw new ConditionsError(`The string starting at position ${start} is not closed. ${GUIDANCE}`);
}

function normaliseDate(text: string): string {
  const iso = text.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso}T00:00:00Z`;
  // A datetime without zone is UTC for ConnectWise's API (all dates it returns are UTC).
  return /Z|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`;
}
