/**
 * Writes one batch of TD SYNNEX products to ConnectWise: only what changed, a PATCH of only the changed fields
 * or a POST for a new item, several at once. A create is recorded as `pending` before it is sent, so a crash
 * between ConnectWise's answer and our save is resolved by looking the item up by integrationXRef instead of
 * creating it twice. Item failures become activity entries; systemic ones (credentials, permissions, a mapping
 * ConnectWise rejects for every item, throttling left to the engine) stop the batch after saving what was done.
 */
import type { CwClient } from '../../../connectors/cw/client.ts';
import { cwIn } from '../../../connectors/cw/conditions.ts';
import { cwFieldErrors } from '../../../connectors/cw/errors.ts';
import { isUpstreamError, type UpstreamError } from '../../../connectors/upstream-error.ts';
import { AppError } from '../../../errors.ts';
import type { StepContext } from '../../engine/index.ts';
import { type MapRow, markSeen, type NewMapRow, rowsByIdentifier, rowsBySku, saveRows } from './map-repo.ts';
import { CW_READ_FIELDS, observedFields, type SourceProduct, skuOfXref, xrefOf } from './mapping.ts';
import { type ApplyEnv, handleOutcome, type Outcome, rowFor, skipRow } from './outcomes.ts';
import { type Plan, planProduct, type SkipReason } from './write-plan.ts';

const CATALOG = 'procurement/catalog';
/** Writes in flight per batch (the tenant's limiter has the last word). */
const WRITE_CONCURRENCY = 16;
const SETTINGS_FIELDS = new Set(['category', 'subcategory', 'type', 'unitOfMeasure']);

export type { ApplyEnv } from './outcomes.ts';

export interface ApplyResult {
  /** Products in scope and not discontinued (the pass saw them). */
  inScope: number;
  writes: number;
  /** Products this run had already handled (read again by a narrower search). */
  repeated: number;
}

export async function applyProducts(env: ApplyEnv, input: readonly SourceProduct[]): Promise<ApplyResult> {
  const { db, ctx } = env;
  const tenantId = ctx.tenantId;
  const products = [...new Map(input.map((p) => [p.sku, p])).values()];
  const rows = await rowsBySku(
    db,
    tenantId,
    products.map((p) => p.sku),
  );
  // Seen by an earlier step of this run (overlapping searches): already handled. Seen by this very step: the
  // step is being redone after a failure, and its counts must be reported again.
  const handled = handledIn(ctx);
  const fresh = products.filter((p) => {
    const row = rows.get(p.sku);
    return !handled.has(p.sku) && !(row?.seenRun === ctx.runId && (row.seenStep ?? 0) < ctx.step);
  });
  for (const p of fresh) handled.add(p.sku);
  await resolvePending(env, fresh, rows);
  await env.manufacturers.ensure(
    env.cw,
    fresh.filter((p) => !p.discontinued && p.manufacturer).map((p) => p.manufacturer),
    ctx.log,
  );
  const refs = { vendor: env.vendor, manufacturerId: (name: string) => env.manufacturers.get(name) };
  const plans = fresh.map((p) => planProduct(p, rows.get(p.sku), { settings: env.settings, refs, resync: env.resync }));
  await guardIdentifiers(env, plans);

  const at = ctx.now().toISOString();
  const creates = plans.filter((p): p is Extract<Plan, { kind: 'create' }> => p.kind === 'create');
  // The intent goes in first: if we crash after ConnectWise creates the item, the next attempt finds it.
  await saveRows(
    db,
    creates.map((p) => rowFor(env, p, { status: 'pending', cwId: null }, at)),
  );

  const writes = plans.filter((p) => p.kind === 'create' || p.kind === 'patch');
  const { outcomes, stop } = await runWrites(env, writes);
  const updates: NewMapRow[] = [];
  for (const outcome of outcomes) updates.push(...handleOutcome(env, outcome, at));
  for (const plan of plans) {
    if (plan.kind === 'skip') {
      env.ctx.counts.skip(plan.reason);
      const conflictRow = skipRow(env, plan, at);
      if (conflictRow) updates.push(conflictRow);
    } else if (plan.kind === 'unchanged') {
      // Nothing left to write, but this run already wrote it (a redone step, or a create found after a crash).
      const row = plan.row;
      const redoneChange = row.changedRun === ctx.runId ? row.change : null;
      ctx.counts.add(redoneChange === 'added' || redoneChange === 'updated' ? redoneChange : 'unchanged');
    } else if (plan.kind === 'discontinued' && !plan.row?.cwId) {
      ctx.counts.skip('discontinued');
    }
  }
  await saveRows(db, updates);
  const inScope = plans.filter((p) => p.kind !== 'discontinued').map((p) => p.product.sku);
  if (!stop) await markSeen(db, tenantId, inScope, ctx.runId, ctx.step);
  if (stop) throw stop;
  return { inScope: inScope.length, writes: outcomes.length, repeated: products.length - fresh.length };
}

/**
 * SKUs handled by this invocation of a step (a new invocation, even of the same step, starts empty). Lives as long
 * as the step's context object; nothing to share between processes.
 */
const handledBySteps = new WeakMap<StepContext, Set<string>>();
function handledIn(ctx: StepContext): Set<string> {
  let set = handledBySteps.get(ctx);
  if (!set) {
    set = new Set();
    handledBySteps.set(ctx, set);
  }
  return set;
}

/** Rows left `pending` by a crash: adopt the item if ConnectWise has it, otherwise create it now. */
async function resolvePending(env: ApplyEnv, products: SourceProduct[], rows: Map<string, MapRow>): Promise<void> {
  const pending = products.filter((p) => rows.get(p.sku)?.status === 'pending').map((p) => p.sku);
  if (pending.length === 0) return;
  const found = await findByXref(env.cw, pending);
  const at = env.ctx.now().toISOString();
  const adopted: NewMapRow[] = [];
  for (const sku of pending) {
    const row = rows.get(sku)!;
    const item = found.get(sku);
    const next: MapRow = item
      ? {
          ...row,
          cwId: item.id as number,
          status: 'active',
          written: observedFields(item),
          observed: observedFields(item),
          cwSeenRun: env.ctx.runId,
          changedRun: env.ctx.runId,
          change: 'added',
          updatedAt: at,
        }
      : { ...row, status: 'removed', cwId: null, updatedAt: at };
    rows.set(sku, next);
    adopted.push(next);
  }
  await saveRows(env.db, adopted);
}

/** Catalog items by TD SYNNEX SKU, looked up by integrationXRef (the lowest id wins if there are two). */
export async function findByXref(cw: CwClient, skus: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < skus.length; i += 100) {
    const part = skus.slice(i, i + 100);
    const items = await cw.search(
      CATALOG,
      { conditions: cwIn('integrationXRef', part.map(xrefOf)), orderBy: 'id asc' },
      { pageSize: 1000, fields: CW_READ_FIELDS },
    );
    for (const item of items) {
      const sku = skuOfXref(item.integrationXRef);
      if (sku && !found.has(sku)) found.set(sku, item as Record<string, unknown>);
    }
  }
  return found;
}

/** Two TD SYNNEX SKUs with one identifier (a part number shared by two manufacturers): the first keeps it. */
async function guardIdentifiers(env: ApplyEnv, plans: Plan[]): Promise<void> {
  const creates = plans.filter((p): p is Extract<Plan, { kind: 'create' }> => p.kind === 'create');
  if (creates.length === 0) return;
  const holders = await rowsByIdentifier(
    env.db,
    env.ctx.tenantId,
    creates.map((p) => p.identifier),
  );
  const stillTaken = await unmanagedHolders(
    env,
    creates.filter((p) => p.row?.status === 'conflict'),
  );
  const claimed = new Set<string>();
  for (const plan of creates) {
    const key = plan.identifier.toLowerCase();
    const holder = holders.get(key);
    if (stillTaken.has(key)) {
      plans[plans.indexOf(plan)] = { kind: 'skip', product: plan.product, row: plan.row, reason: 'identifier_taken' };
      continue;
    }
    const taken = (holder && holder.sku !== plan.product.sku) || claimed.has(key);
    claimed.add(key);
    if (!taken && env.createAllowance.left > 0) {
      env.createAllowance.left--;
      continue;
    }
    const reason: SkipReason = taken ? 'duplicate_identifier' : 'over_cap';
    plans[plans.indexOf(plan)] = {
      kind: 'skip',
      product: plan.product,
      row: plan.row,
      reason,
      identifier: plan.identifier,
    };
    if (taken) {
      env.ctx.log.warn({
        code: 'duplicate_identifier',
        message: `TD SYNNEX SKU ${plan.product.sku} was not added: its identifier "${plan.identifier}" is already used by TD SYNNEX SKU ${holder?.sku ?? 'in the same batch'} in ConnectWise (two products share a part number). Use the identifier rule "TD SYNNEX SKU with a prefix" to sync both.`,
        entity: { type: 'sku', id: plan.product.sku },
      });
    }
  }
}

/**
 * A full resync gives identifiers that were taken another chance: one look-up per 100 tells which are free now
 * (the buyer renamed or deleted the other item), instead of a refused create for each.
 */
async function unmanagedHolders(
  env: ApplyEnv,
  conflicts: Array<Extract<Plan, { kind: 'create' }>>,
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < conflicts.length; i += 100) {
    const identifiers = conflicts.slice(i, i + 100).map((p) => p.identifier);
    const items = await env.cw.search(
      CATALOG,
      { conditions: cwIn('identifier', identifiers) },
      { pageSize: 1000, fields: 'id,identifier' },
    );
    for (const item of items) taken.add(String(item.identifier ?? '').toLowerCase());
  }
  return taken;
}

async function runWrites(env: ApplyEnv, plans: Plan[]): Promise<{ outcomes: Outcome[]; stop: unknown }> {
  const outcomes: Outcome[] = [];
  let stop: unknown;
  let next = 0;
  const worker = async () => {
    while (stop === undefined && next < plans.length && !env.ctx.signal.aborted) {
      const plan = plans[next++]!;
      try {
        const item = await write(env.cw, plan);
        outcomes.push({ plan, ok: true, item });
      } catch (error) {
        const systemic = systemicError(error);
        if (systemic) stop ??= systemic;
        else outcomes.push({ plan, ok: false, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, plans.length) }, worker));
  if (stop === undefined && env.ctx.signal.aborted)
    stop = env.ctx.signal.reason ?? new AppError('run_aborted', 'The run was stopped.');
  return { outcomes, stop };
}

async function write(cw: CwClient, plan: Plan): Promise<Record<string, unknown>> {
  if (plan.kind === 'create') return (await cw.create(CATALOG, plan.body)) as Record<string, unknown>;
  if (plan.kind === 'patch') return (await cw.patch(CATALOG, plan.row.cwId!, plan.ops)) as Record<string, unknown>;
  throw new Error(`nothing to write for a ${plan.kind} plan`);
}

/** An error no other item would escape: fail (or reschedule) the step instead of logging it 20,000 times. */
function systemicError(error: unknown): unknown {
  if (!isUpstreamError(error))
    return error instanceof AppError ? error : new AppError('unexpected_error', String(error));
  if (error.retryable || error.upstreamStatus === 401 || error.upstreamStatus === 403) return error;
  const settingsField = cwFieldErrors(error).find((e) => e.code === 'NotFound' && SETTINGS_FIELDS.has(e.field ?? ''));
  if (settingsField) {
    return new AppError(
      'product_sync_mapping_invalid',
      `ConnectWise has no ${settingsField.field} matching the Product Sync mapping (${settingsField.message ?? 'not found'}). Correct the ${settingsField.field} in the Product Sync settings (name or id exactly as in ConnectWise), then run again.`,
      { details: { field: settingsField.field, upstream: (error as UpstreamError).details } },
    );
  }
  return undefined;
}
