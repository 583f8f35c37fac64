/**
 * Durable intake: the one way to accept work on someone's behalf and answer them before it is done.
 * `accept()` writes the request to libSQL with its idempotency key and only then returns, so the caller
 * answers (202 to a ConnectWise callback, "queued" to a "Send to TDS" click) after the work is written down.
 * The engine drains requests at once (Node: an in-process wake-up; Workers: `waitUntil`, with the cron tick
 * as a safety net) under a lease renewed while the handler runs, with the engine's retry classification
 * (server/sync/engine/failure.ts) and its activity log. A crash between answer and work never loses the work
 * (the lease expires and another process resumes it); a duplicate key inside the replay window is
 * acknowledged without effect.
 *
 * @example
 *   services.intake.register({
 *     kind: 'send-to-tds', title: 'Send to TDS', activityTemplateId: 'create-orders',
 *     entity: (work) => ({ type: 'purchase_order', id: String(work.payload.poId) }),
 *     async handle(work, ctx) { … ctx.signal, ctx.log … },
 *   });
 *   const { duplicate } = await services.intake.accept(
 *     { tenantId, kind: 'send-to-tds', key: `po:${poId}`, payload: { poId } },
 *     { waitUntil: (p) => c.executionCtx.waitUntil(p) }, // Workers; omit on Node
 *   );
 */
import type { IntakeRequest } from '../../../db/schema/intake.ts';
import { AppError } from '../../errors.ts';
import { createActivityWriter } from './activity-log.ts';
import { decideFailure } from './failure.ts';
import {
  claimIntake,
  dueIntake,
  finishIntake,
  getIntake,
  insertIntake,
  nextIntakeDue,
  pruneIntake,
  releaseIntakeLease,
  renewIntakeLease,
  rescheduleIntake,
} from './intake-repo.ts';
import {
  INTAKE_DEFAULTS,
  type Intake,
  type IntakeDrainReport,
  type IntakeHandler,
  type IntakeOptions,
  type IntakeWork,
} from './intake-types.ts';

export * from './intake-types.ts';

export function createIntake(options: IntakeOptions): Intake {
  const { db, owner, now } = options;
  const leaseMs = options.leaseMs ?? INTAKE_DEFAULTS.leaseMs;
  const handlers = new Map<string, IntakeHandler>();
  const running = new Map<number, { abort: AbortController; done: Promise<void> }>();
  let pass: Promise<IntakeDrainReport> | undefined;
  let again = false;
  let wakeUp: (() => void) | undefined;
  let stopping = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function runOne(row: IntakeRequest, report: IntakeDrainReport, abort: AbortController): Promise<void> {
    const handler = handlers.get(row.kind);
    if (!handler) return;
    const attempt = row.attempts + 1;
    const work: IntakeWork = {
      id: row.id,
      tenantId: row.tenantId,
      kind: row.kind,
      key: row.key,
      payload: row.payload,
      attempt,
    };
    const activity = createActivityWriter(db, { tenantId: row.tenantId, templateId: handler.activityTemplateId }, now);
    const entity = handler.entity?.(work);
    // The heartbeat is real time (like the engine's): the lease must outlive a slow upstream, whatever the clock.
    const heartbeat = setInterval(
      () => {
        renewIntakeLease(db, { id: row.id, owner, now: now(), leaseMs }).then(
          (ok) => ok || abort.abort(new Error('lease lost')),
          () => undefined,
        );
      },
      Math.max(1_000, Math.floor(leaseMs / 3)),
    );
    try {
      await handler.handle(work, { deps: options.deps, signal: abort.signal, log: activity.item, now });
      if (await finishIntake(db, { id: row.id, owner, now: now(), state: 'done' })) report.done++;
    } catch (error) {
      if (abort.signal.aborted) {
        // Shutdown or lost lease: not a failed attempt. Give the lease back so another process resumes at once.
        await releaseIntakeLease(db, { id: row.id, owner, now: now() }).catch(() => undefined);
        return;
      }
      const outcome = decideFailure({
        error,
        attempt,
        maxAttempts: row.maxAttempts,
        policy: options.retry ?? INTAKE_DEFAULTS.retry,
        templateTitle: handler.title,
        random: options.random,
      });
      const at = now();
      const lastError = { code: outcome.code, message: outcome.message, at: at.toISOString() };
      const details = error instanceof AppError ? error.details : undefined;
      if (outcome.kind === 'reschedule') {
        const notBefore = new Date(at.getTime() + outcome.waitMs);
        if (
          await rescheduleIntake(db, { id: row.id, owner, now: at, notBefore, attempts: attempt, error: lastError })
        ) {
          report.retried++;
          activity.item.warn({
            code: 'intake_retry_scheduled',
            message: `${handler.title}: attempt ${attempt} failed (${outcome.message}); it is tried again at ${notBefore.toISOString()}.`,
            entity,
            details: { errorCode: outcome.code, requestId: row.id, details },
          });
        }
      } else if (
        await finishIntake(db, { id: row.id, owner, now: at, state: 'failed', error: lastError, attempts: attempt })
      ) {
        report.failed++;
        activity.item.error({
          code: outcome.code,
          message: `${handler.title} failed: ${outcome.message}`,
          entity,
          details: { requestId: row.id, details },
        });
      }
    } finally {
      clearInterval(heartbeat);
      await activity.flush().catch(() => undefined);
    }
  }

  /**
   * Keeps up to `concurrency` handlers busy: a slot that frees, or a new accept (`wakeUp`), starts the next
   * due request at once. Returns when nothing is running and nothing more is due.
   */
  async function onePass(report: IntakeDrainReport): Promise<void> {
    const deadline = Date.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
    const concurrency = options.concurrency ?? INTAKE_DEFAULTS.concurrency;
    const mine = new Set<Promise<void>>();
    for (;;) {
      again = false;
      const free = concurrency - running.size;
      if (!stopping && Date.now() < deadline && free > 0) {
        for (const candidate of await dueIntake(db, [...handlers.keys()], now(), free * 2)) {
          if (running.size >= concurrency || running.has(candidate.id)) continue;
          const claimed = await claimIntake(db, { id: candidate.id, owner, now: now(), leaseMs });
          if (!claimed) continue;
          const abort = new AbortController();
          const done: Promise<void> = runOne(claimed, report, abort).finally(() => {
            running.delete(claimed.id);
            mine.delete(done);
          });
          running.set(claimed.id, { abort, done });
          mine.add(done);
        }
      }
      if (mine.size === 0) {
        if (again && !stopping) continue;
        return;
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        void Promise.race(mine).then(resolve);
      });
      wakeUp = undefined;
    }
  }

  async function scheduleWake(): Promise<void> {
    if (!options.wakeTimers || stopping) return;
    const next = await nextIntakeDue(db, [...handlers.keys()]);
    clearTimeout(timer);
    if (!next) return;
    const wait = Math.min(Math.max(next.getTime() - now().getTime(), 0) + 50, 60_000);
    timer = setTimeout(() => void intake.drain().catch(() => undefined), wait);
    // A pending wake must not keep a Node process alive on its own.
    (timer as { unref?: () => void }).unref?.();
  }

  const intake: Intake = {
    register(handler) {
      if (handlers.has(handler.kind)) throw new Error(`Two intake handlers for kind "${handler.kind}".`);
      handlers.set(handler.kind, handler as IntakeHandler);
      return () => handlers.delete(handler.kind);
    },

    async accept(input, opts = {}) {
      const handler = handlers.get(input.kind);
      if (!handler) throw new Error(`No intake handler is registered for kind "${input.kind}".`);
      const at = now();
      const { row, duplicate } = await insertIntake(
        db,
        {
          ...input,
          maxAttempts: handler.maxAttempts ?? INTAKE_DEFAULTS.maxAttempts,
          keepUntil: new Date(at.getTime() + (options.replayWindowMs ?? INTAKE_DEFAULTS.replayWindowMs)),
        },
        at,
      );
      if (!duplicate) {
        const work = intake.drain().catch(() => undefined);
        opts.waitUntil?.(work);
      }
      return { id: row.id, duplicate, state: row.state };
    },

    drain() {
      if (pass) {
        again = true;
        wakeUp?.();
        return pass;
      }
      const report: IntakeDrainReport = { done: 0, retried: 0, failed: 0 };
      pass = (async () => {
        try {
          await onePass(report);
          await pruneIntake(db, now());
        } finally {
          pass = undefined;
        }
        await scheduleWake();
        return report;
      })();
      return pass;
    },

    get: (id) => getIntake(db, id),

    async stop() {
      stopping = true;
      clearTimeout(timer);
      for (const r of running.values()) r.abort.abort(new Error('shutting down'));
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
  return intake;
}
