/**
 * Seeded generators of hostile input for the route fuzzer: malformed JSON, wrong types, long and odd
 * unicode (lone surrogates, NUL, RTL marks, emoji), huge and non-decimal numbers, path traversal and
 * SQL-ish strings. The same seed gives the same cases, so a failure is replayable.
 */

/** mulberry32: small, fast and good enough to pick cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u202Eevil',
  '💥🧨',
  '\r\nSet-Cookie: x=1',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '%',
  '%E0%A4%A',
  "' OR 1=1 --",
  '"; DROP TABLE tenants; --',
  "1; select * from connections where '1'='1",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, meant literally
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'https://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'https://*',
  'data:text/html,x',
  'https://x.com;script-src *',
  'javascript:alert(1)',
  'demo',
  'jsmith',
  'opportunity',
  'product-sync',
  '0x321',
  '8.01e2',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '00000000000000000000001',
  '9007199254740993',
];

const ODD_NUMBERS = [0, -1, 1, 801, 1.5, -0, 1e308, -1e308, 2 ** 53 + 2, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e-300];

export function oddString(d: Dice, allowHuge = true): string {
  const r = d.int(10);
  if (r < 6) return d.pick(ODD_STRINGS);
  const huge = allowHuge && d.chance(0.3);
  if (r < 7) return d.pick(['a', '\uD83D', 'é', '\u0007', '/', '..']).repeat(1 + d.int(huge ? 100_000 : 300));
  if (r < 8) return String(d.pick(ODD_NUMBERS));
  if (r < 9) return Array.from({ length: 1 + d.int(40) }, () => String.fromCharCode(d.int(0x10000))).join('');
  return `${d.pick(ODD_STRINGS)}${d.pick(ODD_STRINGS)}`;
}

export function oddValue(d: Dice, depth = 0): unknown {
  const r = d.int(12);
  if (r < 4) return oddString(d, depth < 2);
  if (r < 6) return d.pick(ODD_NUMBERS);
  if (r < 7) return d.pick([true, false, null]);
  // A long array holds small values only: the body stays within a few MB.
  if (r < 8 && depth < 3) return Array.from({ length: d.int(5000) }, () => d.pick(ODD_NUMBERS));
  if (r < 9 && depth < 3) return Array.from({ length: d.int(4) }, () => oddValue(d, depth + 1));
  if (depth < 3) return oddObject(d, depth + 1);
  return null;
}

const KEYS = [
  'memberAuthentication',
  'site',
  'companyid',
  'memberid',
  'memberHash',
  'memberContext',
  'screen',
  'recordId',
  'lines',
  'productId',
  'confirmedCost',
  'template',
  'full',
  'cron',
  'enabled',
  'schedules',
  'role',
  'apiUrl',
  'privateKey',
  'publicKey',
  'companyId',
  'clientId',
  'password',
  'xmlUrl',
  'customerNo',
  'user',
  'id',
  'name',
  'cwSite',
  'cwCompanyId',
  'podOrigins',
  'timeZone',
  'minMarginPct',
  'system',
  'timeoutMs',
  'probeSku',
  '__proto__',
];

export function oddObject(d: Dice, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = d.int(6); i >= 0; i--) out[d.pick(KEYS)] = oddValue(d, depth);
  return out;
}

/** A request body: malformed JSON, the wrong JSON type, an odd object, or a near-valid one with one odd field. */
export function oddBody(d: Dice, nearValid: Record<string, unknown> | undefined): string | undefined {
  const r = d.int(10);
  if (r === 0) return undefined;
  if (r === 1) return d.pick(['{', '{"a":', 'null', '[]', '"x"', '1', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}']);
  if (r === 2) return JSON.stringify(oddValue(d));
  if (r < 6 || !nearValid) return JSON.stringify(oddObject(d));
  const copy = structuredClone(nearValid);
  const target = pickNested(d, copy);
  const keys = Object.keys(target);
  if (keys.length) target[d.pick(keys)] = oddValue(d);
  return JSON.stringify(copy);
}

function pickNested(d: Dice, obj: Record<string, unknown>): Record<string, unknown> {
  const nested = Object.values(obj).filter(
    (v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v),
  );
  return nested.length && d.chance(0.5) ? d.pick(nested) : obj;
}

/** A path segment: mostly hostile, sometimes the real thing so deeper code runs. */
export function oddSegment(d: Dice, real: readonly string[]): string {
  if (d.chance(0.35)) return d.pick(real);
  const raw = oddString(d).slice(0, 3000);
  // Some raw (the URL parser sees it), most percent-encoded (the route sees the decoded value).
  return d.chance(0.3) ? raw.replace(/[/?#]/g, '') || 'x' : safeEncode(raw);
}

export function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded: send the raw escape instead.
    return value.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80');
  }
}
