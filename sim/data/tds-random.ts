/**
 * Stateless hashing used by the TD SYNNEX catalogue: every attribute is a pure function of
 * (seed, index, salt), so nothing has to be generated up front or kept in memory.
 */

/** 32-bit avalanche hash of up to four integers (murmur3 finaliser over a simple mix). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ Math.imul(c, 0x27d4eb2f), 0x165667b1);
  h = Math.imul(h ^ (h >>> 15) ^ Math.imul(d, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform [0, 1) from the same inputs. */
export function unit(a: number, b = 0, c = 0, d = 0): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** Stable small integer for a string salt, so call sites read as words instead of magic numbers. */
export function salt(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A tiny deterministic stream for code that needs several draws in a row (descriptions, part numbers). */
export class Draws {
  #n = 0;
  constructor(
    private readonly seed: number,
    private readonly index: number,
    private readonly stream: number,
  ) {}
  next(): number {
    this.#n += 1;
    return unit(this.seed, this.index, this.stream, this.#n);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Log-uniform: prices and weights spread over orders of magnitude like real catalogues. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}
