/**
 * A Product Sync pass as a resumable state: what kind of pass it is (full or incremental), where each phase
 * stands, and what it found. Saved as the run's checkpoint after every step, so it stays small (cursors and
 * counters; products live in the catalog map).
 */
import * as z from 'zod';
import { requireConnection } from '../../../tenants/connections.ts';
import type { StepContext, StepResult } from '../../engine/index.ts';
import { CatalogueCursor, startCatalogue } from './catalogue-source.ts';
import { countActive, getState } from './map-repo.ts';
import { PriceFileCursor, startPriceFile } from './price-file-source.ts';
import { vendorRef } from './refs.ts';
import { normaliseCategories, type ProductSyncSettings, scopeKey } from './settings.ts';
import { latestUploadId } from './uploads.ts';

/** Changes are asked for from a little before the last pass began, so clock skew cannot lose one. */
const MODIFIED_OVERLAP_MS = 60 * 60_000;

export const Pass = z.object({
  phase: z.enum(['read', 'source', 'finish']),
  /** A full pass reads everything in scope and may deactivate; an incremental one reads what changed. */
  full: z.boolean(),
  startedAt: z.string(),
  modifiedFrom: z.string().optional(),
  cwAfterId: z.number().int().min(0),
  cwRead: z.number().int().min(0),
  catalogue: CatalogueCursor.optional(),
  priceFile: PriceFileCursor.optional(),
  uploadId: z.string().optional(),
  /** Pending creates left by a crash have been resolved (finish phase). */
  pendingResolved: z.boolean(),
  afterSku: z.string(),
  /** Products in scope and not discontinued that the pass handled. */
  inScope: z.number().int().min(0),
  /** Creates still allowed by the cap in an incremental pass (null in a full pass). */
  createLeft: z.number().int().nullable(),
  manufacturersListRead: z.boolean(),
  vanished: z.number().int().min(0),
});
export type Pass = z.infer<typeof Pass>;

/** Decides the pass at the first step, or ends the run at once when there is nothing to sync. */
export async function beginPass(ctx: StepContext<ProductSyncSettings, Pass>): Promise<Pass | StepResult<Pass>> {
  // The demo tenant gets its selection saved as settings by server/bootstrap/, like any tenant's.
  if (ctx.settings.categories.length === 0) {
    return {
      done: true,
      warnings: [
        {
          code: 'product_sync_not_configured',
          message:
            'Product Sync has no TD SYNNEX categories to sync. Choose categories (and a ConnectWise subcategory) in its settings.',
        },
      ],
    };
  }
  const settings = ctx.settings;
  const state = await getState(ctx.deps.db, ctx.tenantId);
  const now = ctx.now();
  const key = scopeKey(settings);
  const uploaded = settings.source.type === 'price-file' && settings.source.from === 'upload';
  const lastFull = state?.lastFullPassAt ? Date.parse(state.lastFullPassAt) : undefined;
  const reason = ctx.full
    ? 'a full resync was asked for'
    : !settings.incremental
      ? 'incremental passes are off'
      : uploaded
        ? 'an uploaded price file is always read whole'
        : lastFull === undefined
          ? 'no full pass has completed yet'
          : state?.scopeKey !== key
            ? 'the settings changed since the last full pass'
            : now.getTime() - lastFull >= settings.fullPassEveryHours * 3_600_000
              ? `the last full pass is older than ${settings.fullPassEveryHours} h`
              : undefined;
  const full = reason !== undefined;
  const since = state?.lastPassAt ? new Date(Date.parse(state.lastPassAt) - MODIFIED_OVERLAP_MS) : undefined;
  const categories = normaliseCategories(settings.categories);
  const pass: Pass = {
    phase: 'read',
    full,
    startedAt: now.toISOString(),
    modifiedFrom: full ? undefined : since?.toISOString(),
    cwAfterId: 0,
    cwRead: 0,
    pendingResolved: false,
    afterSku: '',
    inScope: 0,
    createLeft: full ? null : Math.max(0, settings.cap - (await countActive(ctx.deps.db, ctx.tenantId))),
    manufacturersListRead: false,
    vanished: 0,
  };
  if (settings.source.type === 'catalogue') pass.catalogue = startCatalogue(categories, settings.manufacturers);
  else {
    pass.priceFile = startPriceFile(full);
    if (uploaded) pass.uploadId = await latestUploadId(ctx.deps.db, ctx.tenantId);
  }
  if (settings.mapping.vendor === 'activation' && !(await vendorRef(ctx.deps.db, ctx.tenantId, settings))) {
    ctx.log.info({
      code: 'vendor_not_activated',
      message:
        'The TD SYNNEX vendor company is not set up in ConnectWise yet (activation creates it), so catalog items are synced without a vendor until then.',
    });
  }
  ctx.log.info({ code: 'product_sync_source', message: await describeSource(ctx, settings, pass) });
  ctx.log.info({
    code: full ? 'product_sync_full_pass' : 'product_sync_incremental_pass',
    message: full
      ? `Full pass (${reason}): every product in scope is compared, and items no longer offered are deactivated at the end.`
      : `Incremental pass: only products TD SYNNEX changed since ${pass.modifiedFrom} are read; nothing is deactivated.`,
    details: { categories, source: settings.source },
  });
  return pass;
}

/** Where this pass reads TD SYNNEX from, in words (the CLI prints it; the activity log keeps it). */
async function describeSource(
  ctx: StepContext<ProductSyncSettings, Pass>,
  settings: ProductSyncSettings,
  pass: Pass,
): Promise<string> {
  if (settings.source.type === 'catalogue') return 'Source: the regional Digital Bridge REST catalogue API.';
  if (settings.source.from === 'upload') {
    return pass.uploadId
      ? `Source: the price file uploaded through the admin API (upload ${pass.uploadId}).`
      : 'Source: an uploaded price file (none uploaded yet).';
  }
  const tds = await requireConnection(ctx.deps, ctx.tenantId, 'tds');
  const delivery = tds.config.priceFile;
  const url = delivery ? (!pass.full && delivery.deltaUrl ? delivery.deltaUrl : delivery.url) : undefined;
  if (!url) return `Source: the TD SYNNEX price file over HTTPS from ${tds.config.xmlUrl}.`;
  const parsed = new URL(url);
  const how = parsed.protocol.replace(':', '').toUpperCase();
  return `Source: the TD SYNNEX ${pass.full ? 'full' : 'delta'} price file delivered over ${how} (${parsed.host}${parsed.pathname}).`;
}
