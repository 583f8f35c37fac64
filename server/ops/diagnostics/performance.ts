/** "Slow processing or timeouts": slow upstream answers, timeouts, and syncs that take longer than their schedule period. */
import { explain } from '../../console/explanations.ts';
import { DEGRADED_P95_MS } from '../../console/health-rules.ts';
import { nextRuns } from '../../sync/engine/cron.ts';
import { callStats, lastFinishedRun } from './history.ts';
import { type Diagnostic, type Finding, finding } from './types.ts';

const NAME = { cw: 'ConnectWise', tds: 'TD SYNNEX' } as const;
const RECHECK = { kind: 'recheck' as const, label: 'Test the connection again' };

export const performanceDiagnostic: Diagnostic = {
  id: 'performance',
  category: 'performance',
  title: 'Slow processing or timeouts',
  async detect(ctx) {
    const { db } = ctx.deps;
    const out: Finding[] = [];
    const slowId = 'upstream_slow';
    const timeoutId = 'upstream_timeouts';
    const slow = await Promise.all(
      (['cw', 'tds'] as const).map((s) => callStats(db, ctx.tenantId, s, ctx.since(slowId))),
    );
    const late = slow.filter((s) => s.p95Ms !== null && s.p95Ms > DEGRADED_P95_MS);
    const slowBase = {
      id: slowId,
      category: 'performance' as const,
      title: 'Slow upstream responses',
      verify: RECHECK,
    };
    out.push(
      late.length
        ? finding(
            slowBase,
            'yellow',
            `${late
              .map((s) => `${NAME[s.system]} answered 95% of calls within ${Math.round(s.p95Ms ?? 0)} ms`)
              .join('; ')} (more than ${DEGRADED_P95_MS / 1000} s).`,
            [
              "Check ConnectWise's and TD SYNNEX's status pages and this server's network.",
              'Reduce the synced categories or schedule Product Sync off-peak (Setup → Schedules).',
              'Press Verify to measure again.',
            ],
          )
        : finding(slowBase, 'green', 'Upstream answers are within normal times.'),
    );
    const timeouts = await Promise.all(
      (['cw', 'tds'] as const).map((s) => callStats(db, ctx.tenantId, s, ctx.since(timeoutId))),
    );
    const timedOut = timeouts.filter((s) => s.timeouts > 0);
    const toBase = { id: timeoutId, category: 'performance' as const, title: 'Timeout errors', verify: RECHECK };
    out.push(
      timedOut.length
        ? finding(
            toBase,
            'yellow',
            timedOut.map((s) => `${s.timeouts} ${NAME[s.system]} calls timed out`).join('; ') +
              ' since the last check.',
            explain(timedOut[0]?.system === 'cw' ? 'cw_timeout' : 'tds_timeout')?.fix ?? [],
          )
        : finding(toBase, 'green', 'No call timed out since the last check.'),
    );

    // A run longer than its schedule period delays the next one ("delayed status updates").
    const schedules = await ctx.engine.schedules(ctx.tenantId);
    const longRuns: string[] = [];
    for (const s of schedules) {
      const run = await lastFinishedRun(db, ctx.tenantId, s.templateId);
      if (!run?.startedAt || !run.finishedAt) continue;
      const [a, b] = nextRuns(s.cron, s.timeZone, ctx.deps.now(), 2);
      if (!a || !b) continue;
      const took = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
      if (took > b.getTime() - a.getTime())
        longRuns.push(`${s.templateId} run #${run.id} took ${Math.round(took / 60_000)} min`);
    }
    const longBase = {
      id: 'sync_too_long',
      category: 'performance' as const,
      title: 'Long sync times',
      verify: { kind: 'recheck' as const, label: 'Check again' },
    };
    out.push(
      longRuns.length
        ? finding(longBase, 'yellow', `${longRuns.join('; ')}: longer than the time between two scheduled runs.`, [
            'Reduce the number of synced categories.',
            'Schedule the template less often, or off-peak (Setup → Schedules).',
          ])
        : finding(longBase, 'green', 'Every sync finishes within its schedule period.'),
    );
    return out;
  },
};
