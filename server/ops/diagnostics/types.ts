/**
 * A diagnostic recognises one common issue of the product manual ("Common Issues and Solutions") and
 * answers a finding: its light, the cause in plain words, the fix steps, and how to verify the fix.
 */

import type { IssueCategory } from '../../console/explanations.ts';
import type { Deps } from '../../deps.ts';
import type { TestConnectionResult } from '../../setup/test-connection.ts';
import type { Engine } from '../../sync/engine/index.ts';

export type FindingState = 'red' | 'yellow' | 'green' | 'gray';

export interface Finding {
  id: string;
  category: IssueCategory;
  /** The issue, as the manual names it. */
  title: string;
  state: FindingState;
  /** What was found, in plain words (for green: that the issue is absent). */
  cause: string;
  /** What to do, step by step; empty when green. */
  fix: string[];
  /** What "Verify" does for this finding. */
  verify: { kind: 'recheck' | 'run'; label: string; templateId?: string };
}

export interface DiagnosticContext {
  deps: Deps;
  engine: Engine;
  tenantId: string;
  actor: string;
  /** Start of the history a diagnostic looks at: the last 24 hours, or since its last successful verify. */
  since(id: string): string;
  /** The live test-connection checks, run at most once per diagnosis. */
  liveChecks(): Promise<TestConnectionResult>;
}

export interface Diagnostic {
  id: string;
  category: IssueCategory;
  title: string;
  /** Diagnostics that probe the upstreams live (test connection) are "recheck"; those judged by the next run are "run". */
  detect(ctx: DiagnosticContext): Promise<Finding[]>;
}

export function finding(
  base: Pick<Finding, 'id' | 'category' | 'title' | 'verify'>,
  state: FindingState,
  cause: string,
  fix: string[] = [],
): Finding {
  return { ...base, state, cause, fix: state === 'green' ? [] : fix };
}
