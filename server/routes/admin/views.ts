/** JSON shapes of the admin API (the console, docs/api.md and the CLI use these types). */
import type { SyncActivity } from '../../../db/schema/activity.ts';
import type { RunCounts, RunError, RunProgress, RunWarning, SyncRun } from '../../../db/schema/runs.ts';
import { type Explanation, explain } from '../../console/explanations.ts';
import { redactSecrets } from '../../console/redact.ts';
import type { ScheduleView, SettingsView, TenantStatus } from '../../sync/engine/index.ts';

export type { ScheduleView, SettingsView, TenantStatus };

export interface RunView {
  id: number;
  tenantId: string;
  templateId: string;
  state: SyncRun['state'];
  trigger: 'schedule' | 'manual';
  requestedBy: string | null;
  full: boolean;
  steps: number;
  attempts: number;
  maxAttempts: number;
  notBefore: string | null;
  lastError: RunError | null;
  cancelRequested: boolean;
  counts: RunCounts;
  skippedReasons: Record<string, number>;
  warnings: RunWarning[];
  progress: RunProgress | null;
  upstreamCalls: number;
  upstreamMs: number;
  activeMs: number;
  /** finishedAt − startedAt; null until the run has finished. */
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface RunDetailView extends RunView {
  settings: unknown;
  checkpoint: unknown;
  lease: { owner: string; expiresAt: string | null } | null;
  activity: { items: ActivityView[]; nextCursor: string | null };
}

export interface ActivityView {
  id: number;
  at: string;
  tenantId: string;
  templateId: string | null;
  runId: number | null;
  level: SyncActivity['level'];
  scope: SyncActivity['scope'];
  code: string;
  message: string;
  entity: { type: string | null; id: string } | null;
  upstream: { route: string; status: number | null; durationMs: number | null } | null;
  counts: Record<string, number> | null;
  /** Secrets redacted (server/console/redact.ts). */
  details: unknown;
  /** What the code means in plain words and what to do (null for codes that need no explaining). */
  explanation: Explanation | null;
}

export function runView(run: SyncRun): RunView {
  return {
    id: run.id,
    tenantId: run.tenantId,
    templateId: run.templateId,
    state: run.state,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    full: run.full,
    steps: run.steps,
    attempts: run.attempts,
    maxAttempts: run.maxAttempts,
    notBefore: run.notBefore,
    lastError: run.lastError,
    cancelRequested: run.cancelRequested,
    counts: run.counts,
    skippedReasons: run.skippedReasons,
    warnings: run.warnings,
    progress: run.progress,
    upstreamCalls: run.upstreamCalls,
    upstreamMs: run.upstreamMs,
    activeMs: run.activeMs,
    durationMs: run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    errorCode: run.errorCode,
    errorMessage: run.errorMessage,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    updatedAt: run.updatedAt,
  };
}

export function runDetailView(run: SyncRun, activity: RunDetailView['activity']): RunDetailView {
  return {
    ...runView(run),
    settings: run.settings,
    checkpoint: run.checkpoint,
    lease: run.leaseOwner ? { owner: run.leaseOwner, expiresAt: run.leaseExpiresAt } : null,
    activity,
  };
}

export function activityView(entry: SyncActivity): ActivityView {
  return {
    id: entry.id,
    at: entry.at,
    tenantId: entry.tenantId,
    templateId: entry.templateId,
    runId: entry.runId,
    level: entry.level,
    scope: entry.scope,
    code: entry.code,
    message: entry.message,
    entity: entry.entityId ? { type: entry.entityType, id: entry.entityId } : null,
    upstream: entry.upstreamRoute
      ? { route: entry.upstreamRoute, status: entry.upstreamStatus, durationMs: entry.durationMs }
      : null,
    counts: entry.counts,
    details: redactSecrets(entry.details),
    explanation: entry.level === 'error' || entry.level === 'warn' ? explain(entry.code) : null,
  };
}
