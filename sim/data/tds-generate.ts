/**
 * Pure building blocks of the simulated catalogue: index layout over categories, part numbers from
 * manufacturer patterns, descriptions from templates, check-digit UPCs, list-price endings and the
 * modular arithmetic behind the SKU permutation.
 */
import { TDS_CATEGORIES } from './tds-categories.ts';
import { COMMON_POOLS, type TdsKind } from './tds-kinds.ts';
import type { TdsManufacturer } from './tds-manufacturers.ts';
import { type Draws, hash32 } from './tds-random.ts';

/** Largest-remainder allocation of `size` products over the leaf weights. */
export function layout(size: number): Int32Array {
  const total = TDS_CATEGORIES.reduce((sum, c) => sum + c.weight, 0);
  const counts = TDS_CATEGORIES.map((c) => Math.floor((c.weight / total) * size));
  let rest = size - counts.reduce((a, b) => a + b, 0);
  const order = TDS_CATEGORIES.map((c, i) => ({ i, frac: (c.weight / total) * size - (counts[i] as number) })).sort(
    (a, b) => b.frac - a.frac || a.i - b.i,
  );
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) counts[(order[k] as { i: number }).i]! += 1;
  const starts = new Int32Array(TDS_CATEGORIES.length + 1);
  for (let i = 0; i < counts.length; i++) starts[i + 1] = (starts[i] as number) + (counts[i] as number);
  return starts;
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function fillPattern(pattern: string, draws: Draws): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '#') out += String(draws.int(0, 9));
    else if (ch === '@') out += LETTERS[draws.int(0, LETTERS.length - 1)];
    else if (ch === '%') out += ALNUM[draws.int(0, ALNUM.length - 1)];
    else if (ch === '^') out += '#';
    else out += ch;
  }
  return out;
}

export function describe(kind: TdsKind, maker: TdsManufacturer, mfgPN: string, draws: Draws): string {
  const template = draws.pick(kind.names);
  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (_, key: string) => {
      if (key === 'b') return maker.brand;
      if (key === 'pn') return mfgPN;
      if (key === 'n') return String(draws.int(12, 999));
      const pool = kind.pools?.[key] ?? COMMON_POOLS[key];
      return pool ? draws.pick(poolFor(pool, maker.key)) : key.toUpperCase();
    });
  return fill(fill(template)).replace(/\s+/g, ' ').trim();
}

/** Entries tagged `maker:` belong to that manufacturer's line-up; untagged entries fit any maker. */
function poolFor(pool: readonly string[], makerKey: string): readonly string[] {
  const own = pool.filter((v) => v.startsWith(`${makerKey}:`)).map((v) => v.slice(makerKey.length + 1));
  if (own.length > 0) return own;
  const generic = pool.filter((v) => !/^[a-z]+:/.test(v));
  return generic.length > 0 ? generic : pool.map((v) => v.replace(/^[a-z]+:/, ''));
}

export function upcFor(maker: TdsManufacturer, index: number, seed: number, upcSalt: number): string {
  const prefix = (maker.upcPrefix || `8${maker.code.padStart(5, '0')}`).slice(0, 7);
  const itemDigits = 11 - prefix.length;
  const item = String(hash32(seed ^ upcSalt, index) % 10 ** itemDigits).padStart(itemDigits, '0');
  const body = prefix + item;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** MSRPs end in .99 or .00 like real list prices. */
export function priceEnding(n: number): number {
  return n < 20 ? Math.floor(n) + 0.99 : Math.round(n) - (Math.round(n) % 5 === 0 ? 0 : 0.01);
}

export function modInverse(a: number, m: number): number {
  let [oldR, r] = [BigInt(a), BigInt(m)];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return Number(((oldS % BigInt(m)) + BigInt(m)) % BigInt(m));
}

export function mulMod(a: number, b: number, m: number): number {
  return Number((BigInt(a) * BigInt(b)) % BigInt(m));
}
