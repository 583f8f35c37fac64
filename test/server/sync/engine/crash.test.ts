import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../server/sync/engine/index.ts';
import { fakeClock, gate, pagedTemplate, twoProcessesOnOneFile } from './support.ts';

describe('a worker that dies mid-run', () => {
  const dbs = twoProcessesOnOneFile();

  it('is resumed from its checkpoint after the lease expires, without redoing finished steps', async () => {
    const clock = fakeClock();
    const stuck = gate();
    const entered = gate();
    let crashOnce = true;
    const template = pagedTemplate({
      pages: 5,
      onStep: async (_ctx, page) => {
        if (page === 3 && crashOnce) {
          crashOnce = false;
          entered.resolve();
          await stuck.promise; // process A "dies" here: this step never returns in time
        }
      },
    });
    const a = createEngine({ db: dbs.a(), templates: [template], now: clock.now, ownerId: 'A', leaseMs: 60_000 });
    const b = createEngine({ db: dbs.b(), templates: [template], now: clock.now, ownerId: 'B', leaseMs: 60_000 });
    const { run } = await a.runNow('acme', 'paged-sync');
    const abandoned = a.tick();
    await entered.promise;
    expect(await b.run(run.id)).toMatchObject({ state: 'running', leaseOwner: 'A', steps: 2, checkpoint: { page: 3 } });

    clock.advance(60_001);
    const report = await b.tick();
    expect(report.recovered).toBe(1);
    expect(report.advanced).toEqual([{ runId: run.id, outcome: 'finished', state: 'succeeded', steps: 3 }]);
    expect(template.calls.map((c) => c.page)).toEqual([1, 2, 3, 3, 4, 5]);
    const done = await b.run(run.id);
    expect(done).toMatchObject({ state: 'succeeded', steps: 5, counts: { added: 50, updated: 2 }, attempts: 0 });

    // The "dead" worker wakes up: it has lost its lease and must not write anything.
    stuck.resolve();
    expect((await abandoned).advanced).toEqual([{ runId: run.id, outcome: 'lease_lost', state: 'running', steps: 2 }]);
    expect(await b.run(run.id)).toEqual(done);

    const log = await b.activity({ runId: run.id, scope: 'run', order: 'asc' });
    expect(log.items.map((e) => e.code)).toEqual(['run_requested', 'run_started', 'run_interrupted', 'run_succeeded']);
    expect(log.items[2]?.message).toContain('resumes from its last checkpoint (attempt 1 of 5)');
  });

  it('fails with run_interrupted once interruptions use up the attempts, instead of staying "running"', async () => {
    const clock = fakeClock();
    const never = gate();
    let entered = gate();
    const template = pagedTemplate({
      pages: 2,
      maxAttempts: 2,
      onStep: () => {
        entered.resolve();
        return never.promise;
      },
    });
    const { run } = await createEngine({ db: dbs.a(), templates: [template], now: clock.now }).runNow(
      'acme',
      'paged-sync',
    );
    for (const owner of ['A', 'B']) {
      const engine = createEngine({
        db: owner === 'A' ? dbs.a() : dbs.b(),
        templates: [template],
        now: clock.now,
        ownerId: owner,
        leaseMs: 30_000,
      });
      void engine.tick();
      await entered.promise; // this worker is now stuck in its step: it "died"
      entered = gate();
      clock.advance(30_001);
    }
    const recoverer = createEngine({ db: dbs.b(), templates: [template], now: clock.now, ownerId: 'C' });
    const report = await recoverer.tick();
    expect(report.recovered).toBe(1);
    expect(await recoverer.run(run.id)).toMatchObject({
      state: 'failed',
      errorCode: 'run_interrupted',
      attempts: 2,
      leaseOwner: null,
    });
    const closing = (await recoverer.activity({ runId: run.id, levels: ['error'] })).items[0];
    expect(closing?.message).toMatch(/interrupted 2 times in a row/);
    never.resolve();
  });
});
