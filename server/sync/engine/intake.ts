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
import type { Db } from '../../../db/client.ts';
import type { IntakeRequest, IntakeState } from '../../../db/schema/intake.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { createActivityWriter } from './activity-log.ts';
import type { ActivityLogger } from './define.ts';
import { decideFailure, type RunRetryPolicy } from './failure.ts';
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

export type { IntakeRequest, IntakeState };

export interface IntakeInput {
  tenantId: string;
  /** A registered kind (see `register`). */
  kind: string;
  /** Idempotency key within (tenant, kind), e.g. a callback's MessageId and body hash, `po:1234`. */
  key: string;
  /** Plain JSON the handler gets back. */
  payload: unknown;
}

export interface Accepted {
  id: number;
  /** True when the key was already accepted inside the replay window: nothing new will happen. */
  duplicate: boolean;
  state: IntakeState;
}

export interface IntakeWork<P = unknown> {
  id: number;
  tenantId: string;
  kind: string;
  key: string;
  payload: P;
  /** 1 for the first try. */
  attempt: number;
}

export interface IntakeContext {
  /** As given to the engine (upstream clients are built from it). */
  deps: Deps | undefined;
  /** Aborted when the lease is lost or the server shuts down. */
  signal: AbortSignal;
  /** Item entries in the Sync Activity Log under the handler's `activityTemplateId`. */
  log: ActivityLogger;
  now: () => Date;
}

export interface IntakeHandler<P = unknown> {
  kind: string;
  /** Buyer-readable name used in activity entries ("TDS Sync Price"). */
  title: string;
  /** Activity log template column for this work (e.g. `price-availability`, `create-orders`). */
  activityTemplateId: string;
  /** Failed attempts in a row before the request fails (default 5). */
  maxAttempts?: number;
  /** The record the work is about, for activity entries. */
  entity?(work: IntakeWork<P>): { type: string; id: string } | undefined;
  /** Throw to fail: AppError/UpstreamError are classified (retryable → backoff, else failed). */
  handle(work: IntakeWork<P>, ctx: IntakeContext): Promise<void>;
}

export interface IntakeDrainReport {
  done: number;
  retried: number;
  failed: number;
}

export interface Intake {
  /** Registers the handler of a kind; returns an unregister function. */
  register<P>(handler: IntakeHandler<P>): () => void;
  /** Writes the request down (idempotent on its key) and starts draining; resolves once it is stored. */
  accept(input: IntakeInput, opts?: { waitUntil?: (work: Promise<unknown>) => void }): Promise<Accepted>;
  /** Works through due requests now; concurrent calls share one pass. */
  drain(): Promise<IntakeDrainReport>;
  get(id: number): Promise<IntakeRequest | undefined>;
  /** Stops draining; running handlers are aborted and their leases released for another process. */
  stop(): Promise<void>;
}

export interface IntakeOptions {
  db: Db;
  owner: string;
  now: () => Date;
  deps?: Deps;
  /** Lease of one request, renewed every third of it while its handler runs (default 15 s). */
  leaseMs?: number;
  retry?: RunRetryPolicy;
  /** How long a key is remembered after the request is accepted (default 3 days; ConnectWise retries for seconds). */
  replayWindowMs?: number;
  /** Handlers run at once by this process. */
  concurrency?: number;
  /** Wall time one drain may spend (Workers: what is left of the invocation). */
  budgetMs?: number;
  /**
   * Node: after a pass, wake again when the next pending request becomes due (backoff over, lease of a dead
   * process expired). Off on Workers, where the cron tick is the safety net, and in tests that drive by hand.
   */
  wakeTimers?: boolean;
  random?: () => number;
}

export const INTAKE_DEFAULTS = {
  leaseMs: 15_000,
  retry: { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000 },
  replayWindowMs: 3 * 24 * 3_600_000,
  concurrency: 4,
  maxAttempts: 5,
} as const;

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
