/**
 * The failed-operations queue: error entries of the Sync Activity Log for one record that tds-bridge can
 * redo on its own (today: an opportunity's "TDS Sync Price", from a callback or the Price & Availability
 * template), until a later success for the same record. Retry re-runs just that operation and logs the outcome.
 */
import { and, desc, eq, gt, gte, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type SyncActivity, syncActivity } from '../../db/schema/activity.ts';
import { catalogMapLookup } from '../catalog/map-lookup.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { PRICE_AVAILABILITY_TEMPLATE } from '../pricing/settings.ts';
import { heldLinesMessage, syncOpportunityPrice } from '../pricing/sync-price.ts';
import { writeActivity } from '../sync/engine/activity-log.ts';

const WINDOW_MS = 7 * 86_400_000;
/** Codes that mean "this record's operation has since succeeded". */
const SUCCESS_CODES = ['sync_price_done', 'operation_retry_succeeded'];

interface Operation {
  /** What the retry does, for the button and the log. */
  label: string;
  run(deps: Deps, tenantId: string, entityId: string, actor: string): Promise<string>;
}

/** Entity types whose failed operation can be redone alone. */
const OPERATIONS: Record<string, Operation> = {
  opportunity: {
    label: 'Sync TD SYNNEX price',
    async run(deps, tenantId, entityId, actor) {
      const result = await syncOpportunityPrice(deps, tenantId, Number(entityId), {
        actor,
        catalogMap: catalogMapLookup(deps),
      });
      return `${result.linesUpdated} line(s) updated with TD SYNNEX cost and availability.${heldLinesMessage(result)}`;
    },
  },
};

export interface FailedOperation {
  activityId: number;
  at: string;
  templateId: string | null;
  code: string;
  message: string;
  entity: { type: string; id: string };
  retryLabel: string;
}

export async function failedOperations(db: Db, tenantId: string, now: Date): Promise<FailedOperation[]> {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const errors = await db
    .select()
    .from(syncActivity)
    .where(
      and(
        eq(syncActivity.tenantId, tenantId),
        eq(syncActivity.level, 'error'),
        gte(syncActivity.at, since),
        inArray(syncActivity.entityType, Object.keys(OPERATIONS)),
      ),
    )
    .orderBy(desc(syncActivity.id))
    .limit(500);
  const latest = new Map<string, SyncActivity>();
  for (const e of errors) {
    const key = `${e.entityType}/${e.entityId}`;
    if (e.entityId && !latest.has(key)) latest.set(key, e);
  }
  const open: FailedOperation[] = [];
  for (const e of latest.values()) {
    const [success] = await db
      .select({ id: syncActivity.id })
      .from(syncActivity)
      .where(
        and(
          eq(syncActivity.tenantId, tenantId),
          eq(syncActivity.entityId, e.entityId as string),
          eq(syncActivity.entityType, e.entityType as string),
          inArray(syncActivity.code, SUCCESS_CODES),
          gt(syncActivity.id, e.id),
        ),
      )
      .limit(1);
    if (success) continue;
    const op = OPERATIONS[e.entityType as string] as Operation;
    open.push({
      activityId: e.id,
      at: e.at,
      templateId: e.templateId,
      code: e.code,
      message: e.message,
      entity: { type: e.entityType as string, id: e.entityId as string },
      retryLabel: op.label,
    });
  }
  return open;
}

/** Re-runs the operation behind one failed entry; logs and returns the outcome (never throws for the upstream's refusal). */
export async function retryFailedOperation(
  deps: Deps,
  opts: { tenantId: string; activityId: number; actor: string },
): Promise<{ ok: boolean; code: string; message: string }> {
  const [entry] = await deps.db
    .select()
    .from(syncActivity)
    .where(and(eq(syncActivity.tenantId, opts.tenantId), eq(syncActivity.id, opts.activityId)));
  if (!entry) throw notFound('activity_not_found', `There is no activity entry #${opts.activityId} for this tenant.`);
  const op = entry.entityType ? OPERATIONS[entry.entityType] : undefined;
  if (!op || !entry.entityId || entry.level !== 'error') {
    throw new AppError(
      'operation_not_retryable',
      `Entry #${entry.id} is not a failed operation tds-bridge can redo alone.`,
      {
        status: 409,
      },
    );
  }
  const scope = { tenantId: opts.tenantId, templateId: entry.templateId ?? PRICE_AVAILABILITY_TEMPLATE };
  const entity = { type: entry.entityType as string, id: entry.entityId };
  try {
    const said = await op.run(deps, opts.tenantId, entry.entityId, opts.actor);
    const message = `Retry of entry #${entry.id} by ${opts.actor}: ${entity.type} ${entity.id}: ${said}.`;
    await writeActivity(
      deps.db,
      scope,
      'info',
      { code: 'operation_retry_succeeded', message, entity, details: { retryOf: entry.id } },
      deps.now(),
    );
    return { ok: true, code: 'operation_retry_succeeded', message };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'operation_retry_failed';
    const message = `Retry of entry #${entry.id} by ${opts.actor} failed: ${error instanceof Error ? error.message : String(error)}`;
    await writeActivity(
      deps.db,
      scope,
      'error',
      {
        code,
        message,
        entity,
        details: { retryOf: entry.id, upstream: error instanceof AppError ? error.details : undefined },
      },
      deps.now(),
    );
    return { ok: false, code, message };
  }
}
