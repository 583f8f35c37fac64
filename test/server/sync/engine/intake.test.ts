/** The durable intake: stored before the answer, drained once, duplicates without effect, retries, leases across processes. */
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../server/connectors/upstream-error.ts';
import { AppError } from '../../../../server/errors.ts';
import { createEngine, type IntakeWork } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, gate, memoryDb, twoProcessesOnOneFile } from './support.ts';

const manual = { wakeTimers: false } as const;

describe('intake', () => {
  it('stores the request before accept resolves and does the work once, however often the key is accepted', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const clock = fakeClock();
    const engine = createEngine({ db, templates: [], now: clock.now, intake: manual });
    const seen: IntakeWork[] = [];
    const release = gate();
    engine.intake.register({
      kind: 'echo',
      title: 'Echo',
      activityTemplateId: 'echo',
      async handle(work) {
        await release.promise;
        seen.push(work);
      },
    });
    const first = await engine.intake.accept({ tenantId: 'acme', kind: 'echo', key: 'k1', payload: { n: 1 } });
    expect(first.duplicate).toBe(false);
    // Written down while the handler is still waiting.
    expect(await engine.intake.get(first.id)).toMatchObject({ state: 'pending', payload: { n: 1 } });
    const again = await engine.intake.accept({ tenantId: 'acme', kind: 'echo', key: 'k1', payload: { n: 2 } });
    expect(again).toMatchObject({ id: first.id, duplicate: true });
    release.resolve();
    await engine.intake.drain();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ key: 'k1', payload: { n: 1 }, attempt: 1 });
    expect(await engine.intake.get(first.id)).toMatchObject({ state: 'done' });
    const late = await engine.intake.accept({ tenantId: 'acme', kind: 'echo', key: 'k1', payload: {} });
    expect(late).toMatchObject({ duplicate: true, state: 'done' });
    await engine.intake.drain();
    expect(seen).toHaveLength(1);
    await engine.stop();
    db.$client.close();
  });

  it('retries a retryable failure after its backoff and fails a permanent one with its code in the activity log', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const clock = fakeClock();
    const engine = createEngine({ db, templates: [], now: clock.now, random: () => 0, intake: manual });
    let calls = 0;
    engine.intake.register({
      kind: 'flaky',
      title: 'Flaky work',
      activityTemplateId: 'flaky',
      entity: () => ({ type: 'opportunity', id: '7' }),
      async handle() {
        calls++;
        if (calls === 1)
          throw new UpstreamError('tds_unavailable', 'TD SYNNEX is down.', { system: 'tds', retryable: true });
      },
    });
    engine.intake.register({
      kind: 'broken',
      title: 'Broken work',
      activityTemplateId: 'broken',
      async handle() {
        throw new AppError('po_invalid', 'The PO has no lines.', { status: 400 });
      },
    });
    const flaky = await engine.intake.accept({ tenantId: 'acme', kind: 'flaky', key: 'a', payload: {} });
    const broken = await engine.intake.accept({ tenantId: 'acme', kind: 'broken', key: 'b', payload: {} });
    expect(await engine.intake.drain()).toMatchObject({ retried: 1, failed: 1 });
    expect(await engine.intake.get(flaky.id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await engine.intake.get(broken.id)).toMatchObject({ state: 'failed', lastError: { code: 'po_invalid' } });
    // Not due yet: nothing happens until the clock passes the backoff.
    await engine.intake.drain();
    expect(calls).toBe(1);
    clock.advance(60_000);
    expect(await engine.intake.drain()).toMatchObject({ done: 1 });
    expect(calls).toBe(2);
    const log = await engine.activity({ tenantId: 'acme' });
    expect(log.items.map((e) => e.code).sort()).toEqual(['intake_retry_scheduled', 'po_invalid']);
    await engine.stop();
    db.$client.close();
  });

  describe('two processes on one file database', () => {
    const dbs = twoProcessesOnOneFile();

    it('lets only one process work a request, and the other resumes it once the first one’s lease expires', async () => {
      const clock = fakeClock();
      const entered = gate();
      const never = gate();
      const a = createEngine({
        db: dbs.a(),
        templates: [],
        now: clock.now,
        ownerId: 'A',
        intake: { ...manual, leaseMs: 15_000 },
      });
      const b = createEngine({
        db: dbs.b(),
        templates: [],
        now: clock.now,
        ownerId: 'B',
        intake: { ...manual, leaseMs: 15_000 },
      });
      const done: string[] = [];
      a.intake.register({
        kind: 'work',
        title: 'Work',
        activityTemplateId: 'work',
        async handle() {
          entered.resolve();
          await never.promise; // A "dies" here: it never finishes nor renews.
        },
      });
      b.intake.register({
        kind: 'work',
        title: 'Work',
        activityTemplateId: 'work',
        async handle() {
          done.push('B');
        },
      });
      const accepted = await a.intake.accept({ tenantId: 'acme', kind: 'work', key: 'x', payload: {} });
      await entered.promise;
      expect(await b.intake.drain()).toMatchObject({ done: 0 });
      clock.advance(15_001);
      expect(await b.intake.drain()).toMatchObject({ done: 1 });
      expect(done).toEqual(['B']);
      expect(await b.intake.get(accepted.id)).toMatchObject({ state: 'done' });
      never.resolve();
      await a.stop();
      await b.stop();
    });
  });
});
