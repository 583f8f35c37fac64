/**
 * The strict input primitives every route uses: one id parser (decimal digits only, safe integer range —
 * so `0x321`, `8.01e2`, ` 801` and `801.0` are refused instead of read as 801) and text that is well-formed
 * UTF-16 without control characters, bounded in length. Anything that later reaches `encodeURIComponent`,
 * a header or the database goes through these, so malformed input is a 400 here and never a 500 later.
 */
import * as z from 'zod';

const DIGITS = /^[0-9]{1,16}$/;

/** A record id from a path or query: 1…2^53-1, written in decimal digits only. */
export function parseId(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
  if (typeof raw !== 'string' || !DIGITS.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The zod form of `parseId`, for query and body schemas. */
export const IdSchema = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const id = parseId(raw);
  if (id === undefined) {
    ctx.addIssue({ code: 'custom', message: 'use a positive whole number written in digits, e.g. 801' });
    return z.NEVER;
  }
  return id;
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls (tab, CR and LF included: none of our single-line fields needs them), DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F]+/g;

/** Text with every run of control characters (newlines included) replaced by one space. */
export function singleLine(text: string): string {
  return text.replace(CONTROL_RUNS, ' ');
}

/** Why a string is unfit for a header, a URL or a single-line field; undefined when it is fine. */
export function textProblem(value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `use at most ${maxLength} characters`;
  if (LONE_SURROGATE.test(value)) return 'contains an invalid character (a lone UTF-16 surrogate)';
  if (CONTROL.test(value)) return 'contains a control character';
  return undefined;
}

/** True when `value` can be encoded as UTF-8 (no lone surrogates): what `encodeURIComponent` needs. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** A single-line string of at most `maxLength` characters, well-formed, without control characters. */
export function safeText(maxLength: number) {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, maxLength);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * Text that travels in an HTTP Basic authorization header (`btoa` takes Latin-1 only): safe text whose
 * characters are all visible Latin-1, or btoa would throw on the first call instead of a 400 on save.
 */
export function headerText(maxLength: number) {
  return safeText(maxLength).pipe(
    z.string().regex(/^[\x20-\x7e\xa0-\xff]*$/, 'use letters, digits and symbols of the Latin-1 range only'),
  );
}

/** A URL field: safe text first (length, NUL, surrogates), then a parseable absolute URL. */
export function safeUrl(maxLength = 2048) {
  return safeText(maxLength).pipe(z.url());
}
