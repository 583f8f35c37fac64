import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.ts';
import { createEngine } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, memoryDb, pagedTemplate } from './support.ts';

describe('the Workers budget', () => {
  let db: Db;
  beforeEach(async () => {
    db = await memoryDb();
    await addTenant(db);
  });
  afterEach(() => db.$client.close());

  it('stops taking steps when the tick budget is used and continues on the next tick', async () => {
    const clock = fakeClock();
    const budgets: number[] = [];
    // Each step "works" 6 s of wall time.
    const template = pagedTemplate({
      pages: 7,
      onStep: (ctx) => {
        budgets.push(ctx.budgetMs);
        expect(ctx.deadline).toBe(clock.now().getTime() + ctx.budgetMs);
        clock.advance(6_000);
      },
    });
    const engine = createEngine({ db, templates: [template], now: clock.now, budgetMs: 20_000, stepMs: 10_000 });
    const { run } = await engine.runNow('acme', 'paged-sync');

    const first = await engine.tick();
    expect(first.advanced).toEqual([{ runId: run.id, outcome: 'released', state: 'running', steps: 4 }]);
    // 20 s budget: steps start at 0, 6, 12 and 18 s; the last one only gets the 2 s that are left.
    expect(budgets).toEqual([10_000, 10_000, 8_000, 2_000]);
    expect(await engine.run(run.id)).toMatchObject({
      state: 'running',
      leaseOwner: null,
      leaseExpiresAt: null,
      steps: 4,
      checkpoint: { page: 5 },
      counts: { added: 40 },
    });

    const second = await engine.tick();
    expect(second.advanced).toEqual([{ runId: run.id, outcome: 'finished', state: 'succeeded', steps: 3 }]);
    expect(template.calls.map((c) => c.page)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await engine.run(run.id)).toMatchObject({ state: 'succeeded', counts: { added: 70 }, activeMs: 42_000 });
    const started = await engine.activity({ runId: run.id, code: 'run_started' });
    expect(started.items).toHaveLength(1);
  });

  it('lets another engine (another isolate) continue a run released by the budget', async () => {
    const clock = fakeClock();
    const template = pagedTemplate({ pages: 3, onStep: () => clock.advance(30_000) });
    const a = createEngine({ db, templates: [template], now: clock.now, budgetMs: 20_000, ownerId: 'isolate-a' });
    const b = createEngine({ db, templates: [template], now: clock.now, budgetMs: 20_000, ownerId: 'isolate-b' });
    const { run } = await a.runNow('acme', 'paged-sync');
    await a.tick();
    await b.tick();
    await a.tick();
    expect(await a.run(run.id)).toMatchObject({ state: 'succeeded', steps: 3, attempts: 0 });
  });

  it('advances at most maxConcurrentRuns runs per engine at once', async () => {
    for (const id of ['t2', 't3']) await addTenant(db, id);
    const template = pagedTemplate({ pages: 1 });
    const engine = createEngine({ db, templates: [template], maxConcurrentRuns: 2 });
    for (const t of ['acme', 't2', 't3']) await engine.runNow(t, 'paged-sync');
    expect((await engine.tick()).advanced).toHaveLength(2);
    expect((await engine.tick()).advanced).toHaveLength(1);
  });
});
