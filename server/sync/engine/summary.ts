/** Human sentences for run results, shared by the activity log and the status view. */
import type { ActivityLevel } from '../../../db/schema/activity.ts';
import type { RunCounts, SyncRun } from '../../../db/schema/runs.ts';
import type { ActivityEntryInput } from './define.ts';

const ORDER: Array<keyof RunCounts> = ['added', 'updated', 'unchanged', 'deactivated', 'skipped', 'errors'];

/** "12 added, 40 updated, 3 skipped (2 no_cost, 1 discontinued)" or "nothing to do". */
export function describeCounts(counts: RunCounts, skippedReasons: Record<string, number> = {}): string {
  const parts = ORDER.filter((k) => (counts[k] ?? 0) > 0).map((k) => {
    if (k !== 'skipped') return `${counts[k]} ${k}`;
    const reasons = Object.entries(skippedReasons)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${n} ${reason}`);
    return reasons.length ? `${counts.skipped} skipped (${reasons.join(', ')})` : `${counts.skipped} skipped`;
  });
  return parts.length ? parts.join(', ') : 'nothing to change';
}

export function describeDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** The entry that closes a run's log: how it ended, with its counts. */
export function closingEntry(
  title: string,
  run: SyncRun,
  tookMs: number,
  error?: { code: string; message: string; details?: unknown },
): { level: ActivityLevel; entry: ActivityEntryInput } {
  const counts = { ...run.counts, upstreamCalls: run.upstreamCalls };
  switch (run.state) {
    case 'failed':
      return {
        level: 'error',
        entry: {
          code: error?.code ?? 'run_failed',
          message: `${title} failed: ${error?.message ?? 'unknown error'}`,
          counts,
          details: { outcome: 'failed', upstream: error?.details },
        },
      };
    case 'cancelled':
      return {
        level: 'info',
        entry: { code: 'run_cancelled', message: `${title} was cancelled after ${run.steps} steps.`, counts },
      };
    default: {
      const clean = run.state === 'succeeded';
      return {
        level: clean ? 'info' : 'warn',
        entry: {
          code: clean ? 'run_succeeded' : 'run_succeeded_with_warnings',
          message: `${title} finished${clean ? '' : ' with warnings'} in ${describeDuration(tookMs)}: ${describeCounts(run.counts, run.skippedReasons)}.`,
          counts,
        },
      };
    }
  }
}
