/**
 * The diagnostics runner: every diagnostic of the product manual's common issues, filed under its
 * troubleshooting categories, with an overall light; and Verify, which re-runs one finding's check (or
 * the operation behind it) and records a success so history from before the fix stops counting.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog } from '../../../db/schema/audit.ts';
import { CATEGORY_TITLES, type IssueCategory } from '../../console/explanations.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { type TestConnectionResult, testConnection } from '../../setup/test-connection.ts';
import type { Engine } from '../../sync/engine/index.ts';
import { connectionDiagnostic } from './connection.ts';
import { dataSyncDiagnostic } from './data-sync.ts';
import { ordersDiagnostic } from './orders.ts';
import { performanceDiagnostic } from './performance.ts';
import { setupNeedsDiagnostic } from './setup-needs.ts';
import type { Diagnostic, DiagnosticContext, Finding, FindingState } from './types.ts';

export type { Finding, FindingState } from './types.ts';

export const DIAGNOSTICS: readonly Diagnostic[] = [
  connectionDiagnostic,
  dataSyncDiagnostic,
  ordersDiagnostic,
  performanceDiagnostic,
  setupNeedsDiagnostic,
];

const DAY_MS = 86_400_000;
export const AUDIT_VERIFIED = 'diagnostic.verified';

export interface Diagnosis {
  tenantId: string;
  ranAt: string;
  state: FindingState;
  summary: { red: number; yellow: number; green: number; gray: number };
  categories: Array<{ category: IssueCategory; title: string; findings: Finding[] }>;
}

export interface VerifyResult {
  id: string;
  /** `verified`: the check passes now; `still_failing`: it does not; `run_started`: the run that verifies it is queued. */
  outcome: 'verified' | 'still_failing' | 'run_started';
  finding: Finding;
  runId?: number;
}

async function lastVerified(deps: Deps, tenantId: string): Promise<Map<string, string>> {
  const rows = await deps.db
    .select({ target: auditLog.target, at: sql<string>`max(${auditLog.at})` })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, AUDIT_VERIFIED)))
    .groupBy(auditLog.target);
  return new Map(rows.map((r) => [r.target ?? '', r.at]));
}

function context(
  deps: Deps,
  engine: Engine,
  opts: { tenantId: string; actor: string; verified: Map<string, string> },
): DiagnosticContext {
  let live: Promise<TestConnectionResult> | undefined;
  const dayAgo = new Date(deps.now().getTime() - DAY_MS).toISOString();
  return {
    deps,
    engine,
    tenantId: opts.tenantId,
    actor: opts.actor,
    since: (id) => {
      const at = opts.verified.get(id);
      return at && at > dayAgo ? at : dayAgo;
    },
    liveChecks() {
      live ??= testConnection(deps, opts.tenantId, { role: 'primary', timeoutMs: 10_000 }, opts.actor).then(
        async (result) => {
          await deps.recorder.flush?.();
          return result;
        },
      );
      return live;
    },
  };
}

function worst(states: FindingState[]): FindingState {
  for (const s of ['red', 'yellow', 'green'] as const) if (states.includes(s)) return s;
  return 'gray';
}

async function detectAll(ctx: DiagnosticContext): Promise<Finding[]> {
  const lists = await Promise.all(DIAGNOSTICS.map((d) => d.detect(ctx)));
  return lists.flat();
}

export async function runDiagnostics(
  deps: Deps,
  engine: Engine,
  opts: { tenantId: string; actor: string },
): Promise<Diagnosis> {
  const ctx = context(deps, engine, { ...opts, verified: await lastVerified(deps, opts.tenantId) });
  const findings = await detectAll(ctx);
  const summary = { red: 0, yellow: 0, green: 0, gray: 0 };
  for (const f of findings) summary[f.state]++;
  const categories = (Object.keys(CATEGORY_TITLES) as IssueCategory[]).map((category) => ({
    category,
    title: CATEGORY_TITLES[category],
    findings: findings.filter((f) => f.category === category),
  }));
  return {
    tenantId: opts.tenantId,
    ranAt: deps.now().toISOString(),
    state: worst(findings.map((f) => f.state)),
    summary,
    categories,
  };
}

/** Re-runs one finding's check now (history counted from now on), or starts the run that verifies it. */
export async function verifyFinding(
  deps: Deps,
  engine: Engine,
  opts: { tenantId: string; id: string; actor: string },
): Promise<VerifyResult> {
  const startedAt = deps.now().toISOString();
  const verified = await lastVerified(deps, opts.tenantId);
  // From this verify on: the live probe's own calls count, older history does not.
  verified.set(opts.id, startedAt);
  const ctx = context(deps, engine, { ...opts, verified });
  const found = (await detectAll(ctx)).find((f) => f.id === opts.id);
  if (!found) throw notFound('diagnostic_not_found', `There is no diagnostic "${opts.id}".`);
  if (found.verify.kind === 'run' && found.state !== 'green' && found.verify.templateId) {
    const { run } = await engine.runNow(opts.tenantId, found.verify.templateId, { requestedBy: opts.actor });
    return { id: opts.id, outcome: 'run_started', finding: found, runId: run.id };
  }
  const ok = found.state === 'green' || found.state === 'gray';
  if (ok) {
    await deps.db.insert(auditLog).values({
      tenantId: opts.tenantId,
      at: startedAt,
      actor: opts.actor,
      action: AUDIT_VERIFIED,
      target: opts.id,
      details: { state: found.state },
    });
  }
  return { id: opts.id, outcome: ok ? 'verified' : 'still_failing', finding: found };
}

/** The newest verify per finding, for the console ("verified 2 minutes ago"). */
export async function verifications(deps: Deps, tenantId: string) {
  return deps.db
    .select({ id: auditLog.target, at: auditLog.at, actor: auditLog.actor })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, AUDIT_VERIFIED)))
    .orderBy(desc(auditLog.id))
    .limit(50);
}
