/** Helpers shared by the ConnectWise seed modules: a seeded PRNG, reference builders, `_info` stamps. */
export type Rec = Record<string, unknown>;

/** What the seed writes into: `insert` assigns the id (from the store's sequence) and returns the record. */
export interface CwSeedTarget {
  insert(path: string, rec: Rec): Rec;
  apiKey(key: { publicKey: string; privateKey: string; memberIdentifier: string }): void;
  nextForecastId(): number;
}

/** mulberry32: small, fast, deterministic. */
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
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

export const nameRef = (rec: Rec): Rec => ({ id: rec.id, name: rec.name });
export const companyRef = (rec: Rec): Rec => ({ id: rec.id, identifier: rec.identifier, name: rec.name });
export const personRef = (rec: Rec): Rec => ({
  id: rec.id,
  name: `${String(rec.firstName)} ${String(rec.lastName ?? '')}`.trim(),
});
export const memberRef = (rec: Rec): Rec => ({
  id: rec.id,
  identifier: rec.identifier,
  name: `${String(rec.firstName)} ${String(rec.lastName)}`,
});

export const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
export const DAY = 86_400_000;

export function info(nowMs: number, daysAgo: number, by: string, updatedDaysAgo = daysAgo): Rec {
  return {
    lastUpdated: iso(nowMs - updatedDaysAgo * DAY),
    updatedBy: by,
    dateEntered: iso(nowMs - daysAgo * DAY),
    enteredBy: by,
  };
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;
