/**
 * Runs whose worker stopped renewing its lease (process crash, restart, an isolate evicted mid-step) are
 * never left "running": each is put back in `scheduled` to resume from its last checkpoint, counting one
 * failed attempt, or closed as `failed` with `run_interrupted` when no attempts remain.
 */
import type { Db } from '../../../db/client.ts';
import { writeActivity } from './activity-log.ts';
import type { Template } from './define.ts';
import { expiredLeases, transitionRun } from './run-repo.ts';

/** Returns how many expired leases were handled by this call. */
export async function recoverExpiredLeases(
  db: Db,
  templates: ReadonlyMap<string, Template>,
  now: Date,
): Promise<number> {
  const expired = await expiredLeases(db, [...templates.keys()], now);
  let handled = 0;
  for (const run of expired) {
    const title = templates.get(run.templateId)?.title ?? run.templateId;
    const at = now.toISOString();
    // Only the caller that sees the lease exactly as read wins; a second recoverer finds nothing to do.
    const guard = { leaseOwner: run.leaseOwner, leaseExpiresAt: run.leaseExpiresAt };
    const scope = { tenantId: run.tenantId, templateId: run.templateId, runId: run.id };
    const attempt = run.attempts + 1;
    const lastError = {
      code: 'run_interrupted',
      message: `The worker running step ${run.steps + 1} stopped responding (a restart or crash).`,
      at,
    };

    if (run.cancelRequested) {
      const moved = await transitionRun(db, run, 'cancelled', { finishedAt: at, updatedAt: at }, guard);
      if (!moved) continue;
      handled++;
      await writeActivity(
        db,
        scope,
        'info',
        { code: 'run_cancelled', message: `${title} was cancelled after ${run.steps} steps.` },
        now,
      );
    } else if (attempt >= run.maxAttempts) {
      const message = `${title} was interrupted ${attempt} times in a row (the server restarted or crashed while it ran) and was stopped. Check the server's logs and memory, then run it again.`;
      const moved = await transitionRun(
        db,
        run,
        'failed',
        {
          attempts: attempt,
          lastError,
          errorCode: 'run_interrupted',
          errorMessage: message,
          finishedAt: at,
          updatedAt: at,
        },
        guard,
      );
      if (!moved) continue;
      handled++;
      await writeActivity(
        db,
        scope,
        'error',
        { code: 'run_interrupted', message: `${title} failed: ${message}`, counts: { ...moved.counts } },
        now,
      );
    } else {
      const moved = await transitionRun(
        db,
        run,
        'scheduled',
        { attempts: attempt, lastError, notBefore: at, updatedAt: at },
        guard,
      );
      if (!moved) continue;
      handled++;
      await writeActivity(
        db,
        scope,
        'warn',
        {
          code: 'run_interrupted',
          message: `${title} was interrupted during step ${run.steps + 1} (a restart or crash); it resumes from its last checkpoint (attempt ${attempt} of ${run.maxAttempts}).`,
        },
        now,
      );
    }
  }
  return handled;
}
