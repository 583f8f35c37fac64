/**
 * What pricing keeps between asks: the P&A service (per-tenant TD SYNNEX answers, coalescing) and the
 * ConnectWise catalog facts. Built once per process or Worker isolate by server/services.ts; each cache is
 * per-process on purpose (losing it costs one more upstream ask, never a wrong answer).
 */
import type { Deps } from '../deps.ts';
import type { CatalogFactsCache } from './cw-reads.ts';
import { PriceAvailabilityService } from './pa-service.ts';

export interface PricingCaches {
  pa: PriceAvailabilityService;
  catalogFacts: CatalogFactsCache;
}

export function createPricingCaches(deps: Deps): PricingCaches {
  return { pa: new PriceAvailabilityService(deps), catalogFacts: new Map() };
}
