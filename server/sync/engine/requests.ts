/**
 * Where runs come from and how they are called off: due schedule slots, "run now" and cancel. Each one
 * is a single conditional write, so two ticks or two API calls never create or close a run twice.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { SyncRun } from '../../../db/schema/runs.ts';
import { tenants } from '../../../db/schema/tenants.ts';
import { AppError, notFound } from '../../errors.ts';
import { writeActivity } from './activity-log.ts';
import { parseSettings, type Template } from './define.ts';
import { findActiveRun, getRun, insertRun, makeDueNow, requestCancel, transitionRun } from './run-repo.ts';
import { claimDueSlot, ensureSchedules } from './schedules.ts';
import { storedSettings } from './settings.ts';

export interface RequestEnv {
  db: Db;
  now: () => Date;
  templates: readonly Template[];
  /** The registered template, or 404 `template_not_found`. */
  template(id: string): Template;
  /** Failed attempts in a row before a run fails, unless its template says otherwise. */
  maxAttempts: number;
}

export interface RunNowResult {
  run: SyncRun;
  /** False when an unfinished run already existed and was returned (brought forward if it was waiting). */
  created: boolean;
}

export async function requireTenant(db: Db, tenantId: string): Promise<void> {
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  if (!tenant)
    throw notFound('tenant_not_found', `There is no tenant "${tenantId}". GET /api/admin/tenants lists them.`);
}

/** Creates a scheduled run with a settings snapshot, or explains why it cannot run. */
async function createRun(
  env: RequestEnv,
  input: {
    tenantId: string;
    template: Template;
    trigger: 'schedule' | 'manual';
    full: boolean;
    requestedBy?: string;
  },
) {
  const stored = await storedSettings(env.db, input.tenantId, input.template.id);
  const parsed = parseSettings(input.template, stored?.settings);
  if (!parsed.ok) return { settingsIssues: parsed.issues } as const;
  const run = await insertRun(
    env.db,
    {
      tenantId: input.tenantId,
      templateId: input.template.id,
      trigger: input.trigger,
      requestedBy: input.requestedBy ?? null,
      full: input.full,
      settings: parsed.settings,
      maxAttempts: input.template.maxAttempts ?? env.maxAttempts,
    },
    env.now(),
  );
  return { run } as const;
}

/** Turns due schedule slots into runs; returns how many were created. */
export async function scheduleDueRuns(env: RequestEnv): Promise<number> {
  const { db } = env;
  const at = env.now();
  const rows = await ensureSchedules(db, env.templates, at);
  let created = 0;
  for (const row of rows) {
    if (!(await claimDueSlot(db, row, at))) continue;
    const tmpl = env.template(row.templateId);
    const scope = { tenantId: row.tenantId, templateId: row.templateId };
    const outcome = await createRun(env, { tenantId: row.tenantId, template: tmpl, trigger: 'schedule', full: false });
    if ('settingsIssues' in outcome) {
      await writeActivity(
        db,
        scope,
        'warn',
        {
          code: 'run_skipped_settings_invalid',
          message: `${tmpl.title} did not run at its scheduled time: its settings are incomplete or invalid. Set them in the console.`,
          details: {
            issues: outcome.settingsIssues?.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
          },
        },
        at,
      );
    } else if (!outcome.run) {
      await writeActivity(
        db,
        scope,
        'info',
        {
          code: 'run_skipped_still_running',
          message: `${tmpl.title} skipped its scheduled time because the previous run has not finished yet.`,
        },
        at,
      );
    } else created++;
  }
  return created;
}

/** "Run now": a new run, or the unfinished one (brought forward when it is waiting to retry). */
export async function runNow(
  env: RequestEnv,
  tenantId: string,
  templateId: string,
  opts: { full?: boolean; requestedBy?: string } = {},
): Promise<RunNowResult> {
  const { db } = env;
  const tmpl = env.template(templateId);
  await requireTenant(db, tenantId);
  const full = opts.full ?? false;
  // Twice at most: the unfinished run we collided with may finish between the insert and the lookup.
  for (let attempt = 0; attempt < 2; attempt++) {
    const outcome = await createRun(env, {
      tenantId,
      template: tmpl,
      trigger: 'manual',
      full,
      requestedBy: opts.requestedBy,
    });
    if ('settingsIssues' in outcome) {
      throw new AppError(
        'template_settings_invalid',
        `${tmpl.title} cannot run until its settings are complete; see details and PUT /api/admin/tenants/${tenantId}/templates/${templateId}/settings.`,
        { status: 409, details: { issues: outcome.settingsIssues } },
      );
    }
    if (outcome.run) {
      await writeActivity(
        db,
        { tenantId, templateId, runId: outcome.run.id },
        'info',
        {
          code: 'run_requested',
          message: `${tmpl.title} was started by ${opts.requestedBy ?? 'an administrator'}${full ? ' (full resync)' : ''}.`,
        },
        env.now(),
      );
      return { run: outcome.run, created: true };
    }
    const active = await findActiveRun(db, tenantId, templateId);
    if (!active) continue;
    if (full && !active.full && (active.state === 'running' || active.steps > 0)) {
      throw new AppError(
        'run_already_active',
        `${tmpl.title} run #${active.id} is already in progress. Wait for it to finish or cancel it, then start the full resync.`,
        { status: 409, details: { runId: active.id } },
      );
    }
    if (active.state === 'scheduled')
      return { run: (await makeDueNow(db, active, env.now(), full)) ?? active, created: false };
    return { run: active, created: false };
  }
  throw new AppError('run_start_conflict', `${tmpl.title} could not be started; try again.`, { status: 409 });
}

/**
 * Cancels a run nobody is working on at once; otherwise flags it (`flagged: true`) and its worker stops at
 * the next step boundary.
 */
export async function cancelRun(
  env: RequestEnv,
  runId: number,
  opts: { requestedBy?: string } = {},
): Promise<{ run: SyncRun; flagged: boolean }> {
  const { db } = env;
  const run = await getRun(db, runId);
  if (!run) throw notFound('run_not_found', `There is no run ${runId}.`);
  if (run.state !== 'scheduled' && run.state !== 'running') {
    throw new AppError('run_already_finished', `Run ${runId} already ended (${run.state}); nothing to cancel.`, {
      status: 409,
    });
  }
  const at = env.now();
  const closing = { finishedAt: at.toISOString(), updatedAt: at.toISOString(), cancelRequested: true };
  // Nobody is working on it: close it here. Otherwise flag it; its worker stops at the next step boundary.
  const cancelled = await transitionRun(
    db,
    run,
    'cancelled',
    closing,
    run.state === 'scheduled' ? { any: true } : { unleasedAt: at },
  );
  if (cancelled) {
    const title = env.templates.find((t) => t.id === run.templateId)?.title ?? run.templateId;
    await writeActivity(
      db,
      { tenantId: run.tenantId, templateId: run.templateId, runId },
      'info',
      {
        code: 'run_cancelled',
        message: `${title} was cancelled by ${opts.requestedBy ?? 'an administrator'} after ${run.steps} steps.`,
      },
      at,
    );
    return { run: cancelled, flagged: false };
  }
  const flagged = (await requestCancel(db, runId, at)) ?? (await getRun(db, runId));
  if (!flagged) throw notFound('run_not_found', `There is no run ${runId}.`);
  return { run: flagged, flagged: true };
}
