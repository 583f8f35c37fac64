import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { UpstreamError } from '../../../../server/connectors/upstream-error.ts';
import { AppError } from '../../../../server/errors.ts';
import { createEngine, defineTemplate } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, memoryDb, pagedTemplate } from './support.ts';

const half = () => 0.5;

describe('failed steps', () => {
  let db: Db;
  beforeEach(async () => {
    db = await memoryDb();
    await addTenant(db);
  });
  afterEach(() => db.$client.close());

  it('reschedules a run after a retryable error with backoff on the row, then resumes from the checkpoint', async () => {
    const clock = fakeClock();
    let failPage2 = true;
    const template = pagedTemplate({
      pages: 3,
      onStep: (_ctx, page) => {
        if (page === 2 && failPage2) {
          failPage2 = false;
          throw new UpstreamError('tds_unavailable', 'TD SYNNEX is temporarily unavailable.', {
            system: 'tds',
            upstreamStatus: 503,
          });
        }
      },
    });
    const engine = createEngine({ db, templates: [template], now: clock.now, random: half });
    const { run } = await engine.runNow('acme', 'paged-sync');

    const first = await engine.tick();
    expect(first.advanced[0]).toMatchObject({ outcome: 'rescheduled', state: 'scheduled' });
    const waiting = await engine.run(run.id);
    // classify(): full jitter over 30 s base for the first attempt; random 0.5 → 15 s.
    expect(waiting).toMatchObject({
      state: 'scheduled',
      attempts: 1,
      steps: 1,
      checkpoint: { page: 2 },
      counts: { added: 10 },
      notBefore: new Date(clock.now().getTime() + 15_000).toISOString(),
      lastError: { code: 'tds_unavailable', message: 'TD SYNNEX is temporarily unavailable.' },
      leaseOwner: null,
    });
    const warn = (await engine.activity({ runId: run.id, levels: ['warn'] })).items[0];
    expect(warn).toMatchObject({ code: 'tds_unavailable', scope: 'run' });
    expect(warn?.message).toContain('attempt 1 of 5');

    clock.advance(14_000);
    expect((await engine.tick()).advanced).toEqual([]);
    clock.advance(1_000);
    expect((await engine.tick()).advanced[0]).toMatchObject({ outcome: 'finished', state: 'succeeded' });
    expect(template.calls.map((c) => c.page)).toEqual([1, 2, 2, 3]);
    expect(await engine.run(run.id)).toMatchObject({ attempts: 0, lastError: null, counts: { added: 30, updated: 2 } });
  });

  it('reschedules on a 429 with a long Retry-After instead of sleeping', async () => {
    const clock = fakeClock();
    let limited = true;
    const template = pagedTemplate({
      pages: 2,
      onStep: () => {
        if (limited) {
          limited = false;
          throw new UpstreamError('tds_rate_limited', 'TD SYNNEX asked us to slow down.', {
            system: 'tds',
            upstreamStatus: 429,
            retryAfterMs: 3_600_000,
          });
        }
      },
    });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    const { run } = await engine.runNow('acme', 'paged-sync');
    // The tick returns at once (within the test's timeout) instead of waiting the hour TD SYNNEX asked for.
    await engine.tick();
    expect(await engine.run(run.id)).toMatchObject({
      state: 'scheduled',
      notBefore: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      lastError: { code: 'tds_rate_limited' },
    });
    clock.advance(3_600_000);
    await engine.tick();
    expect((await engine.run(run.id)).state).toBe('succeeded');
  });

  it('fails at once on a non-retryable error, with the error code and message', async () => {
    const template = pagedTemplate({
      onStep: () => {
        throw new UpstreamError(
          'cw_unauthorized',
          'ConnectWise refused the API keys; create new keys and update the connection.',
          {
            system: 'cw',
            upstreamStatus: 401,
            route: 'GET procurement/catalog',
          },
        );
      },
    });
    const engine = createEngine({ db, templates: [template] });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    const failed = await engine.run(run.id);
    expect(failed).toMatchObject({
      state: 'failed',
      errorCode: 'cw_unauthorized',
      errorMessage: 'ConnectWise refused the API keys; create new keys and update the connection.',
      leaseOwner: null,
      upstreamCalls: 0,
    });
    expect(failed.finishedAt).not.toBeNull();
    const closing = (await engine.activity({ runId: run.id, levels: ['error'] })).items;
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ code: 'cw_unauthorized', scope: 'run' });
    expect(closing[0]?.details).toMatchObject({
      outcome: 'failed',
      upstream: { upstreamStatus: 401, route: 'GET procurement/catalog' },
    });
  });

  it('fails when retryable errors use up the attempts', async () => {
    const clock = fakeClock();
    const template = pagedTemplate({
      maxAttempts: 3,
      onStep: () => {
        throw new AppError('tds_timeout', 'TD SYNNEX did not answer in time.', { retryable: true });
      },
    });
    const engine = createEngine({ db, templates: [template], now: clock.now, random: half });
    const { run } = await engine.runNow('acme', 'paged-sync');
    for (let i = 0; i < 3; i++) {
      await engine.tick();
      clock.advance(3_600_000);
    }
    expect(await engine.run(run.id)).toMatchObject({
      state: 'failed',
      errorCode: 'tds_timeout',
      errorMessage: 'TD SYNNEX did not answer in time. (gave up after 3 attempts in a row)',
    });
    expect(template.calls).toHaveLength(3);
  });

  it('fails on an unexpected error and says it is a bug', async () => {
    const template = pagedTemplate({
      onStep: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'sku')");
      },
    });
    const engine = createEngine({ db, templates: [template] });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    const failed = await engine.run(run.id);
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'unexpected_error' });
    expect(failed.errorMessage).toMatch(/Paged Sync stopped on an unexpected error \(Cannot read.*\)\. This is a bug/);
  });

  it('keeps the upstream calls of a failed step but not its counts', async () => {
    let failOnce = true;
    const template = pagedTemplate({
      pages: 1,
      onStep: (ctx) => {
        ctx.counts.add('added', 99);
        ctx.upstreamCall('POST SynnexXML/PriceAvailability', 503, 40);
        if (failOnce) {
          failOnce = false;
          throw new UpstreamError('tds_unavailable', 'down', { system: 'tds', upstreamStatus: 503 });
        }
      },
    });
    const clock = fakeClock();
    const engine = createEngine({ db, templates: [template], now: clock.now });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    expect(await engine.run(run.id)).toMatchObject({ counts: { added: 0 }, upstreamCalls: 1, upstreamMs: 40 });
    clock.advance(3_600_000);
    await engine.tick();
    expect(await engine.run(run.id)).toMatchObject({ state: 'succeeded', counts: { added: 109 }, upstreamCalls: 3 });
    const failedCalls = await engine.activity({ runId: run.id, code: 'upstream_call_failed' });
    expect(failedCalls.items[0]).toMatchObject({
      upstreamRoute: 'POST SynnexXML/PriceAvailability',
      upstreamStatus: 503,
      durationMs: 40,
    });
  });

  it('retries an internal engine failure like a transient error and ends the run when attempts run out', async () => {
    const clock = fakeClock();
    const template = defineTemplate({
      id: 'bad-checkpoint',
      title: 'Bad Checkpoint',
      description: 'x',
      defaultSchedule: '0 * * * *',
      settingsSchema: z.object({}),
      maxAttempts: 2,
      // A BigInt cannot be stored as JSON: saving the step fails inside the engine.
      run: async () => ({ done: false, checkpoint: { cursor: 10n } }),
    });
    const engine = createEngine({ db, templates: [template], now: clock.now, random: half });
    const { run } = await engine.runNow('acme', 'bad-checkpoint');
    expect((await engine.tick()).advanced[0]).toMatchObject({ outcome: 'rescheduled' });
    expect(await engine.run(run.id)).toMatchObject({
      state: 'scheduled',
      attempts: 1,
      lastError: { code: 'engine_error' },
    });
    clock.advance(3_600_000);
    await engine.tick();
    const failed = await engine.run(run.id);
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'engine_error', leaseOwner: null });
    expect(failed.errorMessage).toMatch(
      /internal error while running Bad Checkpoint .*BigInt.*gave up after 2 attempts/,
    );
  });
});
