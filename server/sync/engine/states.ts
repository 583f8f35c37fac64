/**
 * The run state machine: the states, the only transitions allowed between them, and the check every
 * state change goes through (run-repo.ts). Terminal states never change again.
 */
import { AppError } from '../../errors.ts';

export const RUN_STATES = [
  'scheduled',
  'running',
  'succeeded',
  'succeeded_with_warnings',
  'failed',
  'cancelled',
] as const;
export type RunState = (typeof RUN_STATES)[number];

export const TERMINAL_STATES = ['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'] as const;
export type TerminalState = (typeof TERMINAL_STATES)[number];
export const ACTIVE_STATES = ['scheduled', 'running'] as const satisfies readonly RunState[];

export const RUN_TRANSITIONS = [
  { from: 'scheduled', to: 'running' },
  // Cancelled before it started; or failed before it started (template settings became invalid).
  { from: 'scheduled', to: 'cancelled' },
  { from: 'scheduled', to: 'failed' },
  // A wait too long to spend in one invocation (backoff, Retry-After) or a resume after a crash.
  { from: 'running', to: 'scheduled' },
  { from: 'running', to: 'succeeded' },
  { from: 'running', to: 'succeeded_with_warnings' },
  { from: 'running', to: 'failed' },
  { from: 'running', to: 'cancelled' },
] as const satisfies ReadonlyArray<{ from: RunState; to: RunState }>;

export function isTerminal(state: RunState): state is TerminalState {
  return (TERMINAL_STATES as readonly RunState[]).includes(state);
}

export function canTransition(from: RunState, to: RunState): boolean {
  return RUN_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

/** Throws `illegal_run_transition`: a bug in the engine, never something a buyer caused. */
export function assertTransition(from: RunState, to: RunState, runId?: number): void {
  if (canTransition(from, to)) return;
  throw new AppError(
    'illegal_run_transition',
    `Run ${runId ?? '?'} cannot go from ${from} to ${to}; this is a bug in tds-bridge's sync engine.`,
    { details: { from, to, runId } },
  );
}
