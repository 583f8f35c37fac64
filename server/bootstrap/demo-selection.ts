/**
 * What the demo tenant's Product Sync syncs: two small networking categories whose subcategories exist in the
 * simulated ConnectWise (884 products at the default catalogue size). Saved as the demo tenant's settings when
 * it has none (or none chosen), so Product Sync itself never asks whether it runs against the simulators.
 */
import type { Db } from '../../db/client.ts';
import { saveSettings, storedSettings } from '../sync/engine/index.ts';
import { productSync } from '../sync/templates/product-sync.ts';

export const DEMO_PRODUCT_SYNC_SETTINGS = {
  categories: ['006069208', '006071684'],
  mapping: {
    subcategory: 'Network Device',
    byCategory: [{ tdsCategory: '006069', subcategory: 'Network Adapter' }],
  },
};

/** Saves the demo selection for `tenantId` unless categories are already chosen; true when it saved. */
export async function ensureDemoSelection(db: Db, tenantId: string, now: Date): Promise<boolean> {
  const stored = (await storedSettings(db, tenantId, productSync.id))?.settings as
    | { categories?: unknown[] }
    | undefined;
  if (stored?.categories?.length) return false;
  await saveSettings(db, productSync, tenantId, { ...stored, ...DEMO_PRODUCT_SYNC_SETTINGS }, 'bootstrap', now);
  return true;
}
