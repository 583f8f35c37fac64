/**
 * The composition root: everything with a lifetime, built once per process (Node) or per Worker isolate from
 * the runtime's Deps, and handed to `createApp`. Nothing else in server/ keeps state keyed by deps or at
 * module level; what must hold across processes (leases, claims, intake, refusals) is in libSQL, and what is
 * here is either wiring or a cache whose loss costs at most one upstream call (each says so where it is built).
 */

import { MemberCache } from './auth/member-cache.ts';
import { MemberRoleCache } from './auth/member-role-cache.ts';
import { CallbackRegistry } from './callbacks/registry.ts';
import { SigningKeyCache } from './callbacks/signing-keys.ts';
import type { Deps } from './deps.ts';
import { createPricingCaches, type PricingCaches } from './pricing/caches.ts';
import { registerSyncPriceCallback } from './pricing/sync-price-callback.ts';
import { createEngine, type Engine, type EngineOptions, type Intake, type Template } from './sync/engine/index.ts';
import { registerCreateOrdersCallback } from './sync/templates/create-orders/callback.ts';
import { templates as allTemplates } from './sync/templates/index.ts';

export interface Services {
  deps: Deps;
  /** Runs, schedules, activity log, and the durable intake. */
  engine: Engine;
  /** `engine.intake`: accept work on someone's behalf before answering them (see sync/engine/intake.ts). */
  intake: Intake;
  /** ConnectWise callback handlers by record type; each is intake work. */
  callbacks: CallbackRegistry;
  /** Callback signing keys by key id (per-process cache: a miss is one more fetch ConnectWise serves freely). */
  signingKeys: SigningKeyCache;
  /** P&A answers and ConnectWise catalog facts (per-process caches: a miss is one more upstream ask). */
  pricing: PricingCaches;
  /** Member authentications ConnectWise confirmed (per-process cache: a miss is one more ConnectWise check). */
  members: MemberCache;
  /** Members' security roles for the console's role check (per-process cache, one minute). */
  memberRoles: MemberRoleCache;
}

export interface ServiceOptions {
  /** Sync templates the engine runs (default: every template in server/sync/templates). */
  templates?: readonly Template[];
  /** Engine settings (Workers: a tick budget; tests: no start on request, short leases). */
  engine?: Omit<EngineOptions, 'db' | 'templates' | 'deps' | 'now'>;
}

export function createServices(deps: Deps, opts: ServiceOptions = {}): Services {
  const engine = createEngine({
    ...opts.engine,
    db: deps.db,
    templates: [...(opts.templates ?? allTemplates)],
    deps,
    now: deps.now,
  });
  const pricing = createPricingCaches(deps);
  const callbacks = new CallbackRegistry(engine.intake);
  registerSyncPriceCallback(callbacks, { pricing });
  registerCreateOrdersCallback(callbacks, { engine, pa: pricing.pa });
  return {
    deps,
    engine,
    intake: engine.intake,
    callbacks,
    signingKeys: new SigningKeyCache({ fetch: deps.fetch, now: () => deps.now().getTime() }),
    pricing,
    members: new MemberCache(),
    memberRoles: new MemberRoleCache(),
  };
}
