/**
 * Product Sync: TD SYNNEX products of the chosen categories → the tenant's ConnectWise catalog. Each run reads
 * the items it manages from ConnectWise once, reads TD SYNNEX (REST catalogue or `~` price file), writes only
 * what changed, and after a complete full pass marks what TD SYNNEX no longer offers inactive. Every step does
 * bounded work and returns a checkpoint (product-sync/pass.ts), so a run survives Workers ticks and crashes.
 * Behaviour and figures: docs/product-sync.md.
 */

import type { StepWarning } from '../engine/define.ts';
import { defineTemplate, type StepContext, type StepResult } from '../engine/index.ts';
import { type ApplyEnv, applyProducts } from './product-sync/apply.ts';
import {
  incompleteCategories,
  nextCataloguePage,
  overflowByCategory,
  prefetchNextPage,
} from './product-sync/catalogue-source.ts';
import { clientsFor, type RunClients } from './product-sync/clients.ts';
import { readManagedPage } from './product-sync/cw-read.ts';
import { countDeactivated, deactivateBatch, resolveLeftoverPending } from './product-sync/deactivate.ts';
import { countActive, getState, markVanished, saveState } from './product-sync/map-repo.ts';
import { beginPass, Pass } from './product-sync/pass.ts';
import { priceFileUnits } from './product-sync/price-file-step.ts';
import { ManufacturerIds, vendorRef } from './product-sync/refs.ts';
import { ProductSyncSettings, scopeKey } from './product-sync/settings.ts';

type Ctx = StepContext<ProductSyncSettings, Pass>;

/** Units of work per step (pages, batches); the step also stops when less than MARGIN_MS of its budget is left. */
const UNITS_PER_STEP = { read: 5, source: 10, finish: 10 } as const;
const MARGIN_MS = 5_000;

export const productSync = defineTemplate({
  id: 'product-sync',
  title: 'Product Sync',
  description:
    'TD SYNNEX products of the chosen categories → ConnectWise catalog items: adds new ones, updates changed prices and details, deactivates what TD SYNNEX no longer offers (up to 20,000 products).',
  defaultSchedule: '0 2 * * *',
  settingsSchema: ProductSyncSettings,
  checkpointSchema: Pass,
  maxAttempts: 8,
  async run(ctx: Ctx): Promise<StepResult<Pass>> {
    let pass: Pass;
    if (ctx.checkpoint) pass = ctx.checkpoint;
    else {
      const begun = await beginPass(ctx);
      if (!('phase' in begun)) return begun;
      pass = begun;
    }
    const clients = await clientsFor(ctx);
    for (let unit = 0; ; unit++) {
      const limit = UNITS_PER_STEP[pass.phase];
      // At least one unit per step, so a short budget still makes progress.
      const budgetLow = unit > 0 && ctx.timeLeft() < MARGIN_MS;
      if (unit >= limit || budgetLow || ctx.signal.aborted) return { done: false, checkpoint: pass };
      if (pass.phase === 'read') await readUnit(ctx, clients, pass);
      else if (pass.phase === 'source') await sourceUnit(ctx, clients, pass);
      else {
        const finished = await finishUnit(ctx, clients, pass);
        if (finished) return finished;
      }
    }
  },
});

async function readUnit(ctx: Ctx, clients: RunClients, pass: Pass): Promise<void> {
  const page = await readManagedPage({ db: ctx.deps.db, cw: clients.cw, ctx }, pass.cwAfterId);
  pass.cwAfterId = page.lastId;
  pass.cwRead += page.read;
  ctx.progress(pass.cwRead, undefined, 'ConnectWise items read');
  if (!page.done) return;
  pass.vanished = await markVanished(ctx.deps.db, ctx.tenantId, ctx.runId, ctx.now().toISOString());
  if (pass.vanished > 0) {
    ctx.log.info({
      code: 'catalog_items_vanished',
      message: `${pass.vanished} catalog items Product Sync managed are no longer in ConnectWise (deleted, or their Integration XRef was cleared). They are added again if they are still in scope and their identifier is free.`,
    });
  }
  pass.phase = 'source';
}

async function applyEnv(ctx: Ctx, clients: RunClients, pass: Pass): Promise<ApplyEnv & { persist(): Promise<void> }> {
  const settings = ctx.settings;
  const state = await getState(ctx.deps.db, ctx.tenantId);
  const manufacturers = new ManufacturerIds({ ...(state?.manufacturers ?? {}) }, pass.manufacturersListRead);
  const createAllowance = { left: pass.createLeft ?? Number.POSITIVE_INFINITY };
  return {
    db: ctx.deps.db,
    cw: clients.cw,
    ctx: ctx as unknown as StepContext,
    settings,
    resync: ctx.full,
    vendor: await vendorRef(ctx.deps.db, ctx.tenantId, settings),
    manufacturers,
    createAllowance,
    async persist() {
      await manufacturers.persist(ctx.deps.db, ctx.tenantId, ctx.now().toISOString());
      pass.manufacturersListRead = manufacturers.listRead;
      if (pass.createLeft !== null) pass.createLeft = Math.max(0, createAllowance.left);
    },
  };
}

async function sourceUnit(ctx: Ctx, clients: RunClients, pass: Pass): Promise<void> {
  const env = await applyEnv(ctx, clients, pass);
  try {
    if (pass.catalogue) {
      const source = {
        tds: clients.tds,
        window: env.settings.catalogueWindow,
        cap: env.settings.cap,
        modifiedFrom: pass.modifiedFrom ? new Date(pass.modifiedFrom) : undefined,
      };
      const step = await nextCataloguePage(pass.catalogue, source);
      prefetchNextPage(pass.catalogue, source);
      if (step.overCap > 0) ctx.counts.skip('over_cap', step.overCap);
      if (step.products.length > 0) {
        const applied = await applyProducts(env, step.products);
        pass.inScope += applied.inScope;
        // Rows read again after a search was split do not count twice against the cap.
        pass.catalogue.taken = Math.max(0, pass.catalogue.taken - applied.repeated);
      }
      ctx.progress(pass.catalogue.taken, undefined, 'TD SYNNEX products');
      if (step.done) pass.phase = 'finish';
    } else {
      const done = await priceFileUnits(ctx, clients, pass, env);
      if (done) pass.phase = 'finish';
    }
  } finally {
    await env.persist();
  }
}

async function finishUnit(ctx: Ctx, clients: RunClients, pass: Pass): Promise<StepResult<Pass> | undefined> {
  const env = { db: ctx.deps.db, cw: clients.cw, ctx: ctx as unknown as StepContext };
  if (!pass.pendingResolved) {
    pass.pendingResolved = await resolveLeftoverPending(env);
    return undefined;
  }
  const active = await countActive(ctx.deps.db, ctx.tenantId);
  const guarded = pass.full && pass.inScope === 0 && active > 0;
  if (pass.full && !guarded && pass.afterSku !== '\uffff') {
    const excluded = pass.catalogue ? incompleteCategories(pass.catalogue) : [];
    const batch = await deactivateBatch(env, pass.afterSku, excluded);
    pass.afterSku = batch.done ? '\uffff' : batch.lastSku;
    ctx.progress(await countDeactivated(ctx.deps.db, ctx.tenantId, ctx.runId), undefined, 'deactivated');
    if (!batch.done) return undefined;
  }
  return complete(ctx, pass, guarded);
}

async function complete(ctx: Ctx, pass: Pass, guarded: boolean): Promise<StepResult<Pass>> {
  const settings = ctx.settings;
  const warnings: StepWarning[] = [];
  const deactivated = await countDeactivated(ctx.deps.db, ctx.tenantId, ctx.runId);
  if (deactivated > 0) ctx.counts.add('deactivated', deactivated);
  const overflow = pass.catalogue ? overflowByCategory(pass.catalogue) : priceFileOverflow(pass);
  const left = Object.values(overflow).reduce((a, b) => a + b, 0);
  if (pass.full && left > 0) {
    const list = Object.entries(overflow)
      .map(([code, n]) => `${code} (${n.toLocaleString('en-US')})`)
      .join(', ');
    warnings.push({
      code: 'product_sync_cap_reached',
      message: `Only ${settings.cap.toLocaleString('en-US')} products were synced: the chosen categories hold about ${(settings.cap + left).toLocaleString('en-US')} at TD SYNNEX. Left out, by category: ${list}. Narrow the categories or add a manufacturer filter${settings.source.type === 'catalogue' ? ', or ask TD SYNNEX support for a custom price file and set the source to "price-file" (with a higher cap)' : ', or raise the cap'}.`,
    });
  }
  if (pass.catalogue) {
    const unreachable = Object.entries(pass.catalogue.unreachable).filter(([, n]) => n > 0);
    if (unreachable.length > 0) {
      warnings.push({
        code: 'catalogue_window_exceeded',
        message: `TD SYNNEX's catalogue search could not reach every product of ${unreachable.map(([c, n]) => `${c} (${n} products)`).join(', ')}: a search returns at most ${settings.catalogueWindow.toLocaleString('en-US')} rows. Those products were not synced and nothing in those categories was deactivated. Choose narrower categories or a manufacturer filter, or use the price file.`,
      });
    }
  }
  if (guarded) {
    warnings.push({
      code: 'product_sync_nothing_in_scope',
      message:
        'TD SYNNEX returned no products for the chosen categories, so nothing was deactivated. If the categories are right, check the TD SYNNEX connection and run a full resync.',
    });
  }
  await saveState(
    ctx.deps.db,
    ctx.tenantId,
    {
      lastPassAt: pass.startedAt,
      ...(pass.full
        ? {
            lastFullPassAt: pass.startedAt,
            scopeKey: scopeKey(settings),
            lastInScope: pass.inScope,
            lastCapped: left > 0,
          }
        : {}),
    },
    ctx.now().toISOString(),
  );
  // The run's clients and download are closed by the engine when the run ends (ctx.scope).
  return { done: true, warnings };
}

function priceFileOverflow(pass: Pass): Record<string, number> {
  const out: Record<string, number> = {};
  const cursor = pass.priceFile;
  if (!cursor) return out;
  for (const [code, n] of Object.entries(cursor.counts)) {
    const left = n - (cursor.allowed[code] ?? n);
    if (left > 0) out[code] = left;
  }
  return out;
}
