/**
 * How a sync template is declared. A template is a step function: the engine calls `run(ctx)` again and
 * again, each call doing bounded work (a few pages) and returning either "done" or a checkpoint to
 * resume from. Templates never sleep, never retry across runs and never touch run rows.
 */
import type * as z from 'zod';
import type { ActivityLevel } from '../../../db/schema/activity.ts';
import type { RunCounts, RunProgress } from '../../../db/schema/runs.ts';
import type { Deps } from '../../deps.ts';
import { assertCron } from './cron.ts';
import type { RunScope } from './run-scope.ts';
import type { TenantStatus } from './status.ts';

export type CountKind = keyof RunCounts;

/** One entry for the Sync Activity Log; `message` must tell a buyer what happened and what to do. */
export interface ActivityEntryInput {
  code: string;
  message: string;
  /** What the entry is about, e.g. `{ type: 'sku', id: 'TDS-1234' }` or `{ type: 'purchase_order', id: 'PO-1001' }`. */
  entity?: { type: string; id: string };
  upstream?: { route: string; status?: number; durationMs?: number };
  counts?: Record<string, number>;
  details?: unknown;
}

export type ActivityLogger = { [L in ActivityLevel]: (entry: ActivityEntryInput) => void };

export interface StepCounts {
  /** Adds to this run's results. Saved with the checkpoint, so a retried step is not counted twice. */
  add(kind: CountKind, n?: number): void;
  /** Counts an item skipped and why (`no_cost`, `category_excluded`…); the reasons are shown per run. */
  skip(reason: string, n?: number): void;
}

export interface StepContext<Settings = unknown, Checkpoint = unknown> {
  tenantId: string;
  runId: number;
  templateId: string;
  settings: Settings;
  /** Where the previous step stopped; undefined on the first step of a run. */
  checkpoint: Checkpoint | undefined;
  /** A full resync was asked for: ignore incremental markers (modified-since, last seen). */
  full: boolean;
  /** 1 for the first step of the run. */
  step: number;
  log: ActivityLogger;
  counts: StepCounts;
  /** Shown as a progress bar in the CLI and console. */
  progress(done: number, total?: number, label?: string): void;
  /** Epoch ms (engine clock) by which this step should return. */
  deadline: number;
  /** This step's budget in ms. */
  budgetMs: number;
  /** Milliseconds left before `deadline`. */
  timeLeft(): number;
  /** Aborted when the run is cancelled or the engine lost its lease: stop and return (or throw). */
  signal: AbortSignal;
  now(): Date;
  /** Upstream clients call this after every request so the run counts its upstream calls. */
  upstreamCall(route: string, status: number, ms: number): void;
  /** The app's dependencies (db, fetch, secrets, recorder, limiters) for building upstream clients. */
  deps: Deps;
  /** Resources kept between this run's steps in this process, closed when the run ends (run-scope.ts). */
  scope: RunScope;
  /** Every tenant's template lights as the engine reports them, for templates that watch the others (ops). */
  status(): Promise<TenantStatus[]>;
}

export type StepWarning = string | { code: string; message: string };

export type StepResult<Checkpoint = unknown> =
  | { done: true; warnings?: StepWarning[] }
  | { done: false; checkpoint: Checkpoint };

export interface TemplateSpec<S extends z.ZodType, C> {
  /** kebab-case, matches the file name: `product-sync`. */
  id: string;
  title: string;
  description: string;
  /** Five-field cron in the tenant's time zone, off-peak: `0 2 * * *`. */
  defaultSchedule: string;
  /** Validates (and defaults) the per-tenant settings; `{}` must parse if the template can run unconfigured. */
  settingsSchema: S;
  /** Validates a checkpoint before a resumed step gets it. */
  checkpointSchema?: z.ZodType<C>;
  /** Failed attempts in a row (without a successful step between) before the run fails. Default 5. */
  maxAttempts?: number;
  /** Schedule enabled for new tenants (default true). */
  autoStart?: boolean;
  run(ctx: StepContext<z.output<S>, C>): Promise<StepResult<C>>;
}

/** A registered template, as the engine sees it. */
export interface Template {
  id: string;
  title: string;
  description: string;
  defaultSchedule: string;
  settingsSchema: z.ZodType;
  checkpointSchema?: z.ZodType;
  maxAttempts?: number;
  autoStart: boolean;
  run(ctx: StepContext): Promise<StepResult>;
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares a sync template.
 * @example
 * export const productSync = defineTemplate({
 *   id: 'product-sync', title: 'Product Sync', description: 'TD SYNNEX catalogue → ConnectWise products',
 *   defaultSchedule: '0 2 * * *',
 *   settingsSchema: z.object({ categories: z.array(z.string()).default([]) }),
 *   async run(ctx) {
 *     const page = (ctx.checkpoint as { page: number } | undefined)?.page ?? 1;
 *     // … fetch one page, write changes, ctx.counts.add('updated', n) …
 *     return page < 10 ? { done: false, checkpoint: { page: page + 1 } } : { done: true };
 *   },
 * });
 */
export function defineTemplate<S extends z.ZodType, C = unknown>(spec: TemplateSpec<S, C>): Template {
  if (!ID.test(spec.id)) throw new Error(`Template id "${spec.id}" must be kebab-case, like "product-sync".`);
  assertCron(spec.defaultSchedule);
  return { ...spec, autoStart: spec.autoStart ?? true, run: spec.run as Template['run'] };
}

/** Settings as a template will get them, or the zod issues that stop it from running. */
export function parseSettings(
  template: Template,
  stored: unknown,
): { ok: true; settings: unknown } | { ok: false; issues: z.core.$ZodIssue[] } {
  const parsed = template.settingsSchema.safeParse(stored ?? {});
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, issues: parsed.error.issues };
}

export type { RunCounts, RunProgress };
