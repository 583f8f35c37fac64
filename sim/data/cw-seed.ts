/**
 * Deterministic seed data for the ConnectWise simulator: the same seed and sizes give the same records
 * (ids come from the store's sequences, which start fresh on a new or reset store). Uses the TD SYNNEX
 * catalogue generator with the same seed, so part numbers on both sides line up.
 */
import { SCREENS } from '../cw/entities/system.ts';
import { seedCatalog } from './cw-seed-catalog.ts';
import { seedDeals } from './cw-seed-deals.ts';
import { seedPeople } from './cw-seed-people.ts';
import { seedSetup } from './cw-seed-setup.ts';
import { type CwSeedTarget, Dice, prng } from './cw-seed-util.ts';

export { DEMO_KEYS } from './cw-seed-people.ts';
export type { CwSeedTarget } from './cw-seed-util.ts';

export interface CwSeedSizes {
  customers: number;
  catalogItems: number;
  /** Opportunities in total: the first three have 1, 50 and 150 lines; the rest 2–8. */
  opportunities: number;
  purchaseOrders: number;
  tickets: number;
}

export const DEFAULT_CW_SEED_SIZES: CwSeedSizes = {
  customers: 12,
  catalogItems: 300,
  opportunities: 8,
  purchaseOrders: 10,
  tickets: 8,
};

export function seedCw(target: CwSeedTarget, opts: { seed?: number; sizes?: Partial<CwSeedSizes>; now: Date }): void {
  const seed = opts.seed ?? 42;
  const sizes = { ...DEFAULT_CW_SEED_SIZES, ...opts.sizes };
  const dice = new Dice(prng(seed * 7919 + 17));
  const now = opts.now.getTime();
  for (const screen of SCREENS) target.insert('system/connectWiseHostedScreens', { ...screen });
  const setup = seedSetup(target, now);
  const people = seedPeople(target, dice, setup, now, sizes.customers);
  const catalog = seedCatalog(target, dice, setup, people, now, { count: sizes.catalogItems, seed });
  seedDeals(target, dice, setup, people, catalog, now, sizes);
}
