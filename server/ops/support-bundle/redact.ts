/**
 * Redaction for the support bundle, in two layers: by name (any field called like a secret — password, key,
 * token, secret, authorization, cookie, signature — is replaced), and by value (every secret this server holds
 * for the tenant is searched for in every string, so a secret that leaked into a log message is caught too).
 * `assertClean` is the last gate: a bundle file that still contains a known secret is never written.
 */
import { AppError } from '../../errors.ts';

export const REDACTED = '[redacted]';
const SECRET_NAME =
  /pass(word|phrase)?|secret|private|token|authorization|cookie|signature|api[-_]?key|credential|memberhash/i;
/** Short values (e.g. "1") would redact half the bundle; real secrets are longer. */
const MIN_SECRET_LENGTH = 6;

export interface Redactor {
  redact<T>(value: T): T;
  assertClean(name: string, text: string): void;
}

export function createRedactor(secretValues: Iterable<unknown>): Redactor {
  const secrets = [
    ...new Set([...secretValues].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)),
  ]
    // Longest first, so a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  const scrub = (text: string) =>
    secrets.reduce((out, s) => (out.includes(s) ? out.split(s).join(REDACTED) : out), text);
  const walk = (value: unknown, depth: number): unknown => {
    if (depth > 30) return REDACTED;
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          SECRET_NAME.test(k) && v !== null && v !== undefined && typeof v !== 'boolean'
            ? REDACTED
            : walk(v, depth + 1),
        ]),
      );
    }
    return value;
  };
  return {
    redact: <T>(value: T) => walk(value, 0) as T,
    assertClean(name, text) {
      if (secrets.some((s) => text.includes(s))) {
        throw new AppError(
          'support_bundle_unsafe',
          `The support bundle's ${name} still held a secret after redaction; nothing was written. Report this bug.`,
        );
      }
    },
  };
}

/** Every string inside a secrets object (nested), for the value layer. */
export function secretStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(secretStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(secretStrings);
  return [];
}
