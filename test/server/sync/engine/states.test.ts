import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.ts';
import { insertRun, transitionRun } from '../../../../server/sync/engine/run-repo.ts';
import {
  assertTransition,
  canTransition,
  isTerminal,
  RUN_STATES,
  RUN_TRANSITIONS,
  type RunState,
  TERMINAL_STATES,
} from '../../../../server/sync/engine/states.ts';
import { addTenant, fakeClock, memoryDb } from './support.ts';

const allowed = new Set(RUN_TRANSITIONS.map((t) => `${t.from}->${t.to}`));
const pairs = RUN_STATES.flatMap((from) => RUN_STATES.map((to) => [from, to] as [RunState, RunState]));

describe('run state machine', () => {
  it('allows exactly the transitions in the table', () => {
    for (const [from, to] of pairs)
      expect(canTransition(from, to), `${from} -> ${to}`).toBe(allowed.has(`${from}->${to}`));
  });

  it.each(pairs.filter(([from, to]) => !allowed.has(`${from}->${to}`)))(
    'refuses %s -> %s with illegal_run_transition',
    (from, to) => {
      expect(() => assertTransition(from, to, 7)).toThrow(expect.objectContaining({ code: 'illegal_run_transition' }));
    },
  );

  it('never leaves a terminal state', () => {
    for (const state of TERMINAL_STATES) {
      expect(isTerminal(state)).toBe(true);
      expect(RUN_TRANSITIONS.some((t) => (t.from as RunState) === state)).toBe(false);
    }
    expect(isTerminal('scheduled')).toBe(false);
    expect(isTerminal('running')).toBe(false);
  });

  it('every non-terminal state can reach a terminal state', () => {
    for (const state of ['scheduled', 'running'] as const) {
      expect(RUN_TRANSITIONS.some((t) => t.from === state && isTerminal(t.to))).toBe(true);
    }
  });
});

describe('state changes in the database', () => {
  let db: Db;
  beforeEach(async () => {
    db = await memoryDb();
    await addTenant(db);
  });
  afterEach(() => db.$client.close());

  const newRun = () =>
    insertRun(
      db,
      { tenantId: 'acme', templateId: 't', trigger: 'manual', full: false, settings: {}, maxAttempts: 5 },
      fakeClock().now(),
    );

  it('refuses an illegal transition before touching the row', async () => {
    const run = await newRun();
    if (!run) throw new Error('no run');
    const done = await transitionRun(db, run, 'cancelled', {}, { any: true });
    expect(done?.state).toBe('cancelled');
    await expect(transitionRun(db, done!, 'running', {}, { any: true })).rejects.toMatchObject({
      code: 'illegal_run_transition',
    });
    await expect(transitionRun(db, done!, 'succeeded', {}, { any: true })).rejects.toMatchObject({
      code: 'illegal_run_transition',
    });
    const rows = await db.$client.execute('select state from sync_runs');
    expect(rows.rows.map((r) => r.state)).toEqual(['cancelled']);
  });

  it('does not apply a transition when the row is no longer in the state it was read in', async () => {
    const run = await newRun();
    if (!run) throw new Error('no run');
    await transitionRun(db, run, 'cancelled', {}, { any: true });
    // A stale copy still says "scheduled": the conditional update matches nothing.
    expect(await transitionRun(db, run, 'failed', {}, { any: true })).toBeUndefined();
  });

  it('keeps at most one unfinished run per tenant and template', async () => {
    const first = await newRun();
    expect(first).toBeDefined();
    expect(await newRun()).toBeUndefined();
    await transitionRun(db, first!, 'cancelled', {}, { any: true });
    expect(await newRun()).toBeDefined();
  });
});
