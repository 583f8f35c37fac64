/** Run scopes: a value kept between a run's steps is built once and closed when the run ends, in any state. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../server/errors.ts';
import { createEngine } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, gate, memoryDb, pagedTemplate } from './support.ts';

function scoped(onStep?: (page: number, signal: AbortSignal) => Promise<void> | void) {
  const events: string[] = [];
  const template = pagedTemplate({
    pages: 3,
    maxAttempts: 1,
    onStep: async (ctx, page) => {
      await ctx.scope.get(
        'client',
        () => {
          events.push(`open ${ctx.runId}`);
          return { id: ctx.runId };
        },
        (client) => void events.push(`close ${client.id}`),
      );
      await onStep?.(page, ctx.signal);
    },
  });
  return { template, events };
}

describe('run scope', () => {
  it('builds the value on the first step, keeps it for the others, and closes it when the run succeeds', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const { template, events } = scoped();
    const engine = createEngine({ db, templates: [template], now: fakeClock().now, startOnRequest: false });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    expect((await engine.run(run.id)).state).toBe('succeeded');
    expect(events).toEqual([`open ${run.id}`, `close ${run.id}`]);
    await engine.stop();
    db.$client.close();
  });

  it('closes it when the run fails', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const { template, events } = scoped((page) => {
      if (page === 2) throw new AppError('po_invalid', 'Broken page.', { status: 400 });
    });
    const engine = createEngine({ db, templates: [template], now: fakeClock().now, startOnRequest: false });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    expect((await engine.run(run.id)).state).toBe('failed');
    expect(events).toEqual([`open ${run.id}`, `close ${run.id}`]);
    await engine.stop();
    db.$client.close();
  });

  it('closes it when the run is cancelled mid-step, and when the engine shuts down', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const entered = gate();
    const hold = gate();
    const { template, events } = scoped(async (page) => {
      if (page === 2) {
        entered.resolve();
        await hold.promise;
      }
    });
    const engine = createEngine({ db, templates: [template], now: fakeClock().now, startOnRequest: false });
    const { run } = await engine.runNow('acme', 'paged-sync');
    const ticking = engine.tick();
    await entered.promise;
    await engine.cancel(run.id);
    hold.resolve();
    await ticking;
    expect((await engine.run(run.id)).state).toBe('cancelled');
    expect(events).toEqual([`open ${run.id}`, `close ${run.id}`]);

    const second = scoped(async (_page, signal) => {
      entered2.resolve();
      // A step that returns only when the engine aborts it (shutdown).
      await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const entered2 = gate();
    const other = createEngine({ db, templates: [second.template], now: fakeClock().now, startOnRequest: false });
    const next = await other.runNow('acme', 'paged-sync');
    void other.tick();
    await entered2.promise;
    await other.stop();
    expect(second.events).toEqual([`open ${next.run.id}`, `close ${next.run.id}`]);
    await engine.stop();
    db.$client.close();
  });
});
