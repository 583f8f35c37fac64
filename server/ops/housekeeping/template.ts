/**
 * The `ops-housekeeping` template: every night (03:30 in the tenant's zone) it deletes history older than the
 * tenant's retention — activity log, finished runs, upstream call records, resolved alerts, audit entries — and
 * expired console sign-in links and sessions. Without it the database grows for as long as the MSP runs
 * tds-bridge (about a thousand runs a day per tenant), and the console's queries slow with it.
 * Each step deletes in small batches (prune.ts) and stops when its budget is spent; the checkpoint says which
 * table it was on, so the next step goes on from there.
 */
import * as z from 'zod';
import { defineTemplate } from '../../sync/engine/index.ts';
import { PRUNE_BATCH, PRUNE_TARGETS, pruneExpiredSessions } from './prune.ts';

export const HOUSEKEEPING_TEMPLATE_ID = 'ops-housekeeping';

const DAY_MS = 86_400_000;

/**
 * Days kept per kind of history. Runs and upstream calls are kept at least 100 days: the quarterly report is
 * written from them the morning after a quarter ends. Audit entries at least a year.
 */
export const HousekeepingSettings = z.object({
  activityDays: z.number().int().min(7).max(3650).default(120),
  runDays: z.number().int().min(100).max(3650).default(120),
  upstreamCallDays: z.number().int().min(100).max(3650).default(120),
  alertDays: z.number().int().min(7).max(3650).default(120),
  auditDays: z.number().int().min(365).max(3650).default(730),
});
export type HousekeepingSettings = z.infer<typeof HousekeepingSettings>;

type Target = keyof typeof PRUNE_TARGETS;
const ORDER: { target: Target; days: keyof HousekeepingSettings }[] = [
  { target: 'activity', days: 'activityDays' },
  { target: 'runs', days: 'runDays' },
  { target: 'upstreamCalls', days: 'upstreamCallDays' },
  { target: 'alerts', days: 'alertDays' },
  { target: 'audit', days: 'auditDays' },
];

const Checkpoint = z.object({ next: z.number().int().min(0), deleted: z.record(z.string(), z.number()) });
type Checkpoint = z.infer<typeof Checkpoint>;

/** Leave room in the step for the engine to save the checkpoint. */
const STEP_RESERVE_MS = 1_000;

export const opsHousekeepingTemplate = defineTemplate({
  id: HOUSEKEEPING_TEMPLATE_ID,
  title: 'Housekeeping',
  description:
    'Deletes history older than the retention (activity log, runs, upstream calls, resolved alerts, audit) and expired console sessions.',
  defaultSchedule: '30 3 * * *',
  settingsSchema: HousekeepingSettings,
  checkpointSchema: Checkpoint,
  async run(ctx) {
    const { db } = ctx.deps;
    const now = ctx.now();
    const state: Checkpoint = ctx.checkpoint ?? { next: 0, deleted: {} };
    if (state.next === 0 && ctx.step === 1) ctx.counts.add('deactivated', await pruneExpiredSessions(db, now));
    for (let i = state.next; i < ORDER.length; i++) {
      const { target, days } = ORDER[i]!;
      const before = new Date(now.getTime() - ctx.settings[days] * DAY_MS).toISOString();
      for (;;) {
        if (ctx.signal.aborted || ctx.timeLeft() < STEP_RESERVE_MS)
          return { done: false, checkpoint: { ...state, next: i } };
        const n = await PRUNE_TARGETS[target].batch(db, { tenantId: ctx.tenantId, before });
        state.deleted[target] = (state.deleted[target] ?? 0) + n;
        ctx.counts.add('deactivated', n);
        if (n < PRUNE_BATCH) break;
      }
      ctx.progress(i + 1, ORDER.length, 'kinds of history');
    }
    const summary = ORDER.map(
      ({ target, days }) =>
        `${state.deleted[target] ?? 0} ${PRUNE_TARGETS[target].name} older than ${ctx.settings[days]} days`,
    );
    ctx.log.info({
      code: 'housekeeping_done',
      message: `Deleted ${summary.join(', ')}.`,
      counts: state.deleted,
    });
    return { done: true };
  },
});
