/** Human sentences for run results, shared by the activity log and the status view. */
import type { RunCounts } from '../../../db/schema/runs.ts';

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
