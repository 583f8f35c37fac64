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
import { seedTdsOrders } from './cw-seed-tds-orders.ts';
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
  /**
   * Purchase orders to TD SYNNEX, each for a service ticket (0 = no TD SYNNEX vendor either: a fresh tenant
   * before activation). `npm start`'s demo and the order tests ask for DEMO_TDS_PURCHASE_ORDERS.
   */
  tdsPurchaseOrders: number;
}

export const DEFAULT_CW_SEED_SIZES: CwSeedSizes = {
  customers: 12,
  catalogItems: 300,
  opportunities: 8,
  purchaseOrders: 10,
  tickets: 8,
  tdsPurchaseOrders: 0,
};

/** The demo's story: 4 ready POs, one each with an incomplete ship-to, a line TD SYNNEX does not sell, a zero quantity. */
export const DEMO_TDS_PURCHASE_ORDERS = 7;

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
  seedTdsOrders(target, { setup, people, catalog, now, count: sizes.tdsPurchaseOrders });
}
