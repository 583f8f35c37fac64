/**
 * What a batch's writes did, turned into mapping rows, counts and activity entries: added, updated, identifier
 * taken (with what the buyer can do), deleted meanwhile, or refused (with the SKU and ConnectWise's detail).
 */
import type { Db } from '../../../../db/client.ts';
import type { StoredRef } from '../../../../db/schema/catalog.ts';
import type { CwClient } from '../../../connectors/cw/client.ts';
import { cwFieldErrors } from '../../../connectors/cw/errors.ts';
import { isUpstreamError } from '../../../connectors/upstream-error.ts';
import type { ActivityLogger, StepContext } from '../../engine/index.ts';
import type { NewMapRow } from './map-repo.ts';
import { observedFields, pickFields, xrefOf } from './mapping.ts';
import type { ManufacturerIds } from './refs.ts';
import type { ProductSyncSettings } from './settings.ts';
import type { Plan } from './write-plan.ts';

export interface ApplyEnv {
  db: Db;
  cw: CwClient;
  ctx: StepContext;
  settings: ProductSyncSettings;
  /** Full resync: compare with ConnectWise's values and retry identifiers that were taken. */
  resync: boolean;
  vendor: StoredRef | null;
  manufacturers: ManufacturerIds;
  /** Creates still allowed by the cap (incremental passes; full passes get the cap from their source). */
  createAllowance: { left: number };
}

export type Outcome =
  | { plan: Plan; ok: true; item: Record<string, unknown> }
  | { plan: Plan; ok: false; error: unknown };

export function rowFor(env: ApplyEnv, plan: Plan, patch: Partial<NewMapRow>, at: string): NewMapRow {
  const p = plan.product;
  const identifier = 'identifier' in plan && plan.identifier ? plan.identifier : (plan.row?.identifier ?? p.mfgPN);
  return {
    tenantId: env.ctx.tenantId,
    sku: p.sku,
    cwId: plan.row?.cwId ?? null,
    identifier,
    mfgPN: p.mfgPN,
    manufacturer: p.manufacturer,
    categoryCode: p.categoryCode,
    status: plan.row?.status ?? 'pending',
    written: plan.row?.written ?? {},
    observed: plan.row?.observed ?? {},
    seenRun: plan.row?.seenRun ?? null,
    seenStep: plan.row?.seenStep ?? null,
    cwSeenRun: plan.row?.cwSeenRun ?? null,
    changedRun: plan.row?.changedRun ?? null,
    change: plan.row?.change ?? null,
    note: plan.row?.note ?? null,
    updatedAt: at,
    ...patch,
  };
}

export function handleOutcome(env: ApplyEnv, outcome: Outcome, at: string): NewMapRow[] {
  const { ctx } = env;
  const plan = outcome.plan;
  const sku = plan.product.sku;
  if (outcome.ok) {
    const observed = observedFields(outcome.item);
    if (plan.kind === 'create') {
      ctx.counts.add('added');
      return [
        rowFor(
          env,
          plan,
          {
            status: 'active',
            cwId: outcome.item.id as number,
            written: plan.wanted,
            observed,
            cwSeenRun: ctx.runId,
            changedRun: ctx.runId,
            change: 'added',
            note: null,
          },
          at,
        ),
      ];
    }
    if (plan.kind !== 'patch') return [];
    const addedThisRun = plan.row.changedRun === ctx.runId && plan.row.change === 'added';
    ctx.counts.add(addedThisRun ? 'added' : 'updated');
    ctx.log.debug({
      code: 'catalog_item_updated',
      message: `Catalog item ${plan.row.identifier} (TD SYNNEX SKU ${sku}) updated: ${[...plan.fields, ...(plan.reactivate ? ['inactiveFlag'] : [])].join(', ')}.`,
      entity: { type: 'sku', id: sku },
    });
    return [
      rowFor(
        env,
        plan,
        {
          status: 'active',
          written: { ...plan.row.written, ...pickFields(plan.wanted, plan.fields) },
          observed,
          changedRun: ctx.runId,
          change: addedThisRun ? 'added' : 'updated',
        },
        at,
      ),
    ];
  }
  return failedRow(env, plan, outcome.error, at);
}

function failedRow(env: ApplyEnv, plan: Plan, error: unknown, at: string): NewMapRow[] {
  const { ctx } = env;
  const sku = plan.product.sku;
  const upstream = isUpstreamError(error) ? error : undefined;
  const fieldErrors = cwFieldErrors(error);
  const taken = fieldErrors.some((e) => e.code === 'ObjectExists' && e.field === 'identifier');
  if (plan.kind === 'create' && taken) {
    ctx.counts.skip('identifier_taken');
    ctx.log.warn({
      code: 'identifier_taken',
      message: `TD SYNNEX SKU ${sku} was not added: ConnectWise already has a catalog item "${plan.identifier}" that Product Sync does not manage, and Product Sync never changes items it does not manage. To have Product Sync keep that item up to date, set its Integration XRef to "${xrefOf(sku)}" in ConnectWise (the next full pass updates it). Or rename it, or use the identifier rule "TD SYNNEX SKU with a prefix", and run a full resync.`,
      entity: { type: 'sku', id: sku },
      upstream: { route: 'POST procurement/catalog', status: upstream?.upstreamStatus },
    });
    return [
      rowFor(
        env,
        plan,
        {
          status: 'conflict',
          cwId: null,
          note: `Identifier "${plan.identifier}" belongs to an item Product Sync does not manage.`,
        },
        at,
      ),
    ];
  }
  if (plan.kind === 'patch' && upstream?.upstreamStatus === 404) {
    ctx.counts.skip('deleted_in_connectwise');
    ctx.log.info({
      code: 'catalog_item_deleted',
      message: `Catalog item ${plan.row.identifier} (TD SYNNEX SKU ${sku}) was deleted in ConnectWise during the run; it is created again on the next run if it is still in scope.`,
      entity: { type: 'sku', id: sku },
    });
    return [rowFor(env, plan, { status: 'removed', cwId: null }, at)];
  }
  const manufacturerGone = fieldErrors.find((e) => e.code === 'NotFound' && e.field === 'manufacturer');
  if (manufacturerGone && plan.kind !== 'skip' && 'wanted' in plan && plan.wanted.manufacturer?.id) {
    env.manufacturers.forget(plan.wanted.manufacturer.id);
  }
  ctx.counts.add('errors');
  const verb = plan.kind === 'create' ? 'create' : 'update';
  logRejected(ctx.log, sku, plan, verb, error);
  // A create ConnectWise refused created nothing: drop the pending mark so the next run tries again.
  return plan.kind === 'create'
    ? [rowFor(env, plan, { status: 'removed', cwId: null, note: upstream?.message ?? String(error) }, at)]
    : [];
}

function logRejected(log: ActivityLogger, sku: string, plan: Plan, verb: string, error: unknown): void {
  const upstream = isUpstreamError(error) ? error : undefined;
  const identifier = 'identifier' in plan && plan.identifier ? plan.identifier : (plan.row?.identifier ?? sku);
  log.error({
    code: 'catalog_item_rejected',
    message: `ConnectWise refused to ${verb} catalog item ${identifier} (TD SYNNEX SKU ${sku}): ${upstream?.message ?? String(error)} It is tried again on the next run.`,
    entity: { type: 'sku', id: sku },
    upstream: upstream
      ? {
          route: upstream.route ?? `${verb === 'create' ? 'POST' : 'PATCH'} procurement/catalog`,
          status: upstream.upstreamStatus,
        }
      : undefined,
    details: upstream?.details,
  });
}

/** A skipped product keeps (or gets) a `conflict` row only when ConnectWise refused its identifier. */
export function skipRow(env: ApplyEnv, plan: Extract<Plan, { kind: 'skip' }>, at: string): NewMapRow | undefined {
  if (plan.reason !== 'duplicate_identifier' || plan.row?.cwId) return undefined;
  return rowFor(
    env,
    plan,
    { status: 'conflict', cwId: null, note: `Identifier "${plan.identifier}" is used by another TD SYNNEX SKU.` },
    at,
  );
}
