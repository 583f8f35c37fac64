import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.ts';
import { createEngine } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, gate, memoryDb, pagedTemplate } from './support.ts';

describe('cancel', () => {
  let db: Db;
  beforeEach(async () => {
    db = await memoryDb();
    await addTenant(db);
  });
  afterEach(() => db.$client.close());

  it('cancels a run that has not started, so it never runs', async () => {
    const template = pagedTemplate();
    const engine = createEngine({ db, templates: [template] });
    const { run } = await engine.runNow('acme', 'paged-sync');
    expect(await engine.cancel(run.id, { requestedBy: 'admin' })).toMatchObject({ state: 'cancelled' });
    await engine.tick();
    expect(template.calls).toEqual([]);
    const entry = (await engine.activity({ runId: run.id, code: 'run_cancelled' })).items[0];
    expect(entry?.message).toBe('Paged Sync was cancelled by admin after 0 steps.');
  });

  it('aborts the running step and closes the run cancelled', async () => {
    const entered = gate();
    let sawAbort = false;
    const template = pagedTemplate({
      pages: 5,
      onStep: async (ctx, page) => {
        if (page !== 2) return;
        entered.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        sawAbort = ctx.signal.aborted;
        throw ctx.signal.reason;
      },
    });
    const engine = createEngine({ db, templates: [template] });
    const { run } = await engine.runNow('acme', 'paged-sync');
    const ticking = engine.tick();
    await entered.promise;
    expect(await engine.cancel(run.id)).toMatchObject({ state: 'running', cancelRequested: true });
    const report = await ticking;
    expect(sawAbort).toBe(true);
    expect(report.advanced[0]).toMatchObject({ outcome: 'finished', state: 'cancelled' });
    expect(template.calls.map((c) => c.page)).toEqual([1, 2]);
    expect(await engine.run(run.id)).toMatchObject({ state: 'cancelled', steps: 1, leaseOwner: null, errorCode: null });
    const closing = (await engine.activity({ runId: run.id, scope: 'run', limit: 1 })).items[0];
    expect(closing).toMatchObject({ code: 'run_cancelled', level: 'info' });
  });

  it('stops at the next step boundary when another process asks to cancel', async () => {
    const entered = gate();
    const proceed = gate();
    const template = pagedTemplate({
      pages: 5,
      onStep: async (_ctx, page) => {
        if (page === 2) {
          entered.resolve();
          await proceed.promise; // ignores the signal: the engine must still stop after this step
        }
      },
    });
    const worker = createEngine({ db, templates: [template], ownerId: 'worker' });
    const console = createEngine({ db, templates: [template], ownerId: 'console' });
    const { run } = await worker.runNow('acme', 'paged-sync');
    const ticking = worker.tick();
    await entered.promise;
    await console.cancel(run.id);
    proceed.resolve();
    await ticking;
    expect(template.calls.map((c) => c.page)).toEqual([1, 2]);
    expect(await worker.run(run.id)).toMatchObject({ state: 'cancelled', steps: 2, counts: { added: 20 } });
  });

  it('cancels a run left running between ticks (no lease holder) at once', async () => {
    const clock = fakeClock();
    const template = pagedTemplate({ pages: 5, onStep: () => clock.advance(10_000) });
    const engine = createEngine({ db, templates: [template], now: clock.now, budgetMs: 15_000 });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    expect(await engine.run(run.id)).toMatchObject({ state: 'running', leaseOwner: null });
    expect(await engine.cancel(run.id)).toMatchObject({ state: 'cancelled' });
    await engine.tick();
    expect(template.calls).toHaveLength(2);
  });

  it('refuses to cancel a finished run', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate({ pages: 1 })] });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    await expect(engine.cancel(run.id)).rejects.toMatchObject({ code: 'run_already_finished', status: 409 });
    await expect(engine.cancel(999)).rejects.toMatchObject({ code: 'run_not_found', status: 404 });
  });
});
