/**
 * The end of a complete full pass: catalog items Product Sync manages that the pass did not see in scope
 * (discontinued at TD SYNNEX, no longer in the chosen categories, or beyond the cap) get `inactiveFlag: true`.
 * Never a delete, never an item Product Sync does not manage, never after a pass that failed or was partial.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { catalogMap } from '../../../../db/schema/catalog.ts';
import type { CwClient, CwPatchOp } from '../../../connectors/cw/client.ts';
import { isUpstreamError } from '../../../connectors/upstream-error.ts';
import type { StepContext } from '../../engine/index.ts';
import { findByXref } from './apply.ts';
import { type MapRow, type NewMapRow, pendingRows, rowsNotSeen, saveRows } from './map-repo.ts';
import { observedFields } from './mapping.ts';

const BATCH = 100;
const CONCURRENCY = 8;
const DEACTIVATE: CwPatchOp[] = [{ op: 'replace', path: 'inactiveFlag', value: true }];

interface Env {
  db: Db;
  cw: CwClient;
  ctx: StepContext;
}

/** Resolves creates a crash left pending for products this run did not reach again. True when none are left. */
export async function resolveLeftoverPending(env: Env): Promise<boolean> {
  const rows = await pendingRows(env.db, env.ctx.tenantId, BATCH);
  if (rows.length === 0) return true;
  const found = await findByXref(
    env.cw,
    rows.map((r) => r.sku),
  );
  const at = env.ctx.now().toISOString();
  await saveRows(
    env.db,
    rows.map((row): NewMapRow => {
      const item = found.get(row.sku);
      if (!item) return { ...row, status: 'removed', cwId: null, updatedAt: at };
      const observed = observedFields(item);
      return {
        ...row,
        status: 'active',
        cwId: item.id as number,
        written: observed,
        observed,
        cwSeenRun: env.ctx.runId,
        updatedAt: at,
      };
    }),
  );
  return rows.length < BATCH;
}

/** Deactivates the next batch after `afterSku`; categories in `excluded` (not fully read) are left alone. */
export async function deactivateBatch(
  env: Env,
  afterSku: string,
  excluded: readonly string[],
): Promise<{ lastSku: string; done: boolean; patched: number }> {
  const { ctx } = env;
  const rows = await rowsNotSeen(env.db, ctx.tenantId, ctx.runId, afterSku, BATCH);
  const targets = rows.filter((r) => !excluded.some((code) => r.categoryCode.startsWith(code)));
  const at = ctx.now().toISOString();
  const updates: NewMapRow[] = [];
  let stop: unknown;
  let next = 0;
  const worker = async () => {
    while (stop === undefined && next < targets.length && !ctx.signal.aborted) {
      const row = targets[next++]!;
      try {
        const item = await env.cw.patch('procurement/catalog', row.cwId!, DEACTIVATE);
        updates.push({
          ...row,
          status: 'inactive',
          observed: observedFields(item as Record<string, unknown>),
          changedRun: ctx.runId,
          change: 'deactivated',
          updatedAt: at,
        });
      } catch (error) {
        const item = itemFailure(env, row, error, at);
        if (item === 'stop') stop ??= error;
        else if (item) updates.push(item);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, targets.length) }, worker));
  await saveRows(env.db, updates);
  if (stop !== undefined) throw stop;
  if (ctx.signal.aborted) throw ctx.signal.reason;
  return { lastSku: rows.at(-1)?.sku ?? afterSku, done: rows.length < BATCH, patched: updates.length };
}

function itemFailure(env: Env, row: MapRow, error: unknown, at: string): NewMapRow | 'stop' | undefined {
  if (!isUpstreamError(error) || error.retryable || error.upstreamStatus === 401 || error.upstreamStatus === 403) {
    return 'stop';
  }
  if (error.upstreamStatus === 404) return { ...row, status: 'removed', cwId: null, updatedAt: at };
  env.ctx.counts.add('errors');
  env.ctx.log.error({
    code: 'catalog_item_not_deactivated',
    message: `Catalog item ${row.identifier} (TD SYNNEX SKU ${row.sku}) is no longer offered in the chosen categories, but ConnectWise refused to mark it inactive: ${error.message} It is tried again after the next full pass.`,
    entity: { type: 'sku', id: row.sku },
    upstream: { route: 'PATCH procurement/catalog/{id}', status: error.upstreamStatus },
    details: error.details,
  });
  return undefined;
}

/** Items this run marked inactive (counted once at the end, so a redone step cannot count them twice). */
export async function countDeactivated(db: Db, tenantId: string, runId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(catalogMap)
    .where(
      and(eq(catalogMap.tenantId, tenantId), eq(catalogMap.changedRun, runId), eq(catalogMap.change, 'deactivated')),
    );
  return Number(row?.n ?? 0);
}
