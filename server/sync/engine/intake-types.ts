/** The durable intake's public types and defaults (the implementation is intake.ts). */
import type { Db } from '../../../db/client.ts';
import type { IntakeRequest, IntakeState } from '../../../db/schema/intake.ts';
import type { Deps } from '../../deps.ts';
import type { ActivityLogger } from './define.ts';
import type { RunRetryPolicy } from './failure.ts';

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
