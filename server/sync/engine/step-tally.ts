/**
 * What one step added to its run (counts, skip reasons, progress, upstream calls). Counts are merged into
 * the run only when the step succeeds, together with its checkpoint, so a retried step is never counted
 * twice; upstream calls are kept even when the step fails, because they were made.
 */
import type { RunCounts, RunProgress, SyncRun } from '../../../db/schema/runs.ts';
import type { CountKind, StepCounts } from './define.ts';

export class StepTally {
  private readonly added: RunCounts = { added: 0, updated: 0, unchanged: 0, deactivated: 0, skipped: 0, errors: 0 };
  private readonly reasons: Record<string, number> = {};
  private calls = 0;
  private callMs = 0;
  private progress: RunProgress | undefined;

  readonly counts: StepCounts = {
    add: (kind: CountKind, n = 1) => {
      if (!(kind in this.added))
        throw new Error(`Unknown count "${kind}"; use one of ${Object.keys(this.added).join(', ')}.`);
      this.added[kind] += n;
    },
    skip: (reason: string, n = 1) => {
      this.added.skipped += n;
      this.reasons[reason] = (this.reasons[reason] ?? 0) + n;
    },
  };

  upstream(ms: number): void {
    this.calls++;
    this.callMs += ms;
  }

  setProgress(progress: RunProgress): void {
    this.progress = Object.fromEntries(Object.entries(progress).filter(([, v]) => v !== undefined)) as RunProgress;
  }

  /** The run's new totals after this successful step. */
  mergeInto(run: SyncRun, elapsedMs: number) {
    const counts = { ...run.counts };
    for (const kind of Object.keys(this.added) as CountKind[]) counts[kind] = (counts[kind] ?? 0) + this.added[kind];
    const skippedReasons = { ...run.skippedReasons };
    for (const [reason, n] of Object.entries(this.reasons)) skippedReasons[reason] = (skippedReasons[reason] ?? 0) + n;
    return {
      ...this.mergeUpstreamOnly(run, elapsedMs),
      counts,
      skippedReasons,
      progress: this.progress ?? run.progress,
    };
  }

  /** For a failed or interrupted step: only what really happened (calls made, time spent). */
  mergeUpstreamOnly(run: SyncRun, elapsedMs: number) {
    return {
      upstreamCalls: run.upstreamCalls + this.calls,
      upstreamMs: run.upstreamMs + Math.round(this.callMs),
      activeMs: run.activeMs + Math.max(0, Math.round(elapsedMs)),
    };
  }
}
