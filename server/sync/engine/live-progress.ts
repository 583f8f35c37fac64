/**
 * A running step's progress, written to its run row at most once a second so the console shows a sync
 * moving before the step ends. Conditional on the step and the lease, so a late write never overwrites
 * what the step's end stored; best effort, since the step's end stores the progress for sure.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { type RunProgress, type SyncRun, syncRuns } from '../../../db/schema/runs.ts';

export const LIVE_PROGRESS_MS = 1_000;

/** Returns the time of the last write (unchanged when this call did not write). */
export function writeLiveProgress(
  env: { db: Db; owner: string; now: () => Date },
  opts: { run: SyncRun; progress: RunProgress; lastWriteAt: number },
): number {
  const now = env.now().getTime();
  if (now - opts.lastWriteAt < LIVE_PROGRESS_MS) return opts.lastWriteAt;
  const clean = Object.fromEntries(Object.entries(opts.progress).filter(([, v]) => v !== undefined)) as RunProgress;
  env.db
    .update(syncRuns)
    .set({ progress: clean })
    .where(
      and(
        eq(syncRuns.id, opts.run.id),
        eq(syncRuns.steps, opts.run.steps),
        eq(syncRuns.leaseOwner, env.owner),
        eq(syncRuns.state, 'running'),
      ),
    )
    .then(
      () => undefined,
      () => undefined,
    );
  return now;
}
