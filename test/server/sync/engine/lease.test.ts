import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, gate, memoryDb, pagedTemplate, twoProcessesOnOneFile } from './support.ts';

describe('leases', () => {
  it('runs a template once when two ticks of one engine overlap', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const template = pagedTemplate({ pages: 4 });
    const engine = createEngine({ db, templates: [template], now: fakeClock().now });
    await engine.runNow('acme', 'paged-sync');
    const [a, b] = await Promise.all([engine.tick(), engine.tick()]);
    expect(a.advanced.length + b.advanced.length).toBe(1);
    expect(template.calls.map((c) => c.page)).toEqual([1, 2, 3, 4]);
    db.$client.close();
  });

  describe('two engines (two processes) on one file database', () => {
    const dbs = twoProcessesOnOneFile();

    it('lets only one of them advance a run when both tick at once', async () => {
      const clock = fakeClock();
      const template = pagedTemplate({ pages: 5 });
      const a = createEngine({ db: dbs.a(), templates: [template], now: clock.now, ownerId: 'A' });
      const b = createEngine({ db: dbs.b(), templates: [template], now: clock.now, ownerId: 'B' });
      const { run } = await a.runNow('acme', 'paged-sync');
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      expect([...ra.advanced, ...rb.advanced]).toHaveLength(1);
      expect(template.calls.map((c) => c.page)).toEqual([1, 2, 3, 4, 5]);
      expect(await a.run(run.id)).toMatchObject({ state: 'succeeded', counts: { added: 50 } });
    });

    it('does not let the other engine take a run whose lease is held and current', async () => {
      const clock = fakeClock();
      const hold = gate();
      const entered = gate();
      const template = pagedTemplate({
        pages: 2,
        onStep: async (_ctx, page) => {
          if (page === 1) {
            entered.resolve();
            await hold.promise;
          }
        },
      });
      const a = createEngine({ db: dbs.a(), templates: [template], now: clock.now, ownerId: 'A', leaseMs: 60_000 });
      const b = createEngine({ db: dbs.b(), templates: [template], now: clock.now, ownerId: 'B', leaseMs: 60_000 });
      const { run } = await a.runNow('acme', 'paged-sync');
      const ticking = a.tick();
      await entered.promise;
      clock.advance(59_000);
      const other = await b.tick();
      expect(other).toMatchObject({ created: 0, recovered: 0, advanced: [] });
      expect((await b.run(run.id)).leaseOwner).toBe('A');
      hold.resolve();
      await ticking;
      expect(template.calls.map((c) => c.page)).toEqual([1, 2]);
    });
  });
});
