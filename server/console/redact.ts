/**
 * Removes secrets from what the console shows (activity details, audit before/after): any value under a
 * key that names a secret, and credentials inside strings (Basic/Bearer headers, password XML elements,
 * `password=` query or form fields).
 */
const SECRET_KEY = /pass(word)?|secret|token|private.?key|api.?key|authorization|cookie|member.?hash|signature/i;

function redactString(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/g, '$1 [redacted]')
    .replace(/<(password|Password|PASSWORD)>[^<]*<\/\1>/g, '<$1>[redacted]</$1>')
    .replace(/\b(password|privateKey|token)=([^&\s"']+)/gi, '$1=[redacted]');
}

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[too deep]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' && typeof v !== 'object'
          ? '[redacted]'
          : redactSecrets(v, depth + 1),
      ]),
    );
  }
  return value;
}
