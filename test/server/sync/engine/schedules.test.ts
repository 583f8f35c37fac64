import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { UpstreamError } from '../../../../server/connectors/upstream-error.ts';
import { createEngine } from '../../../../server/sync/engine/index.ts';
import { addTenant, type FakeClock, fakeClock, memoryDb, pagedTemplate } from './support.ts';

describe('schedules', () => {
  let db: Db;
  let clock: FakeClock;
  beforeEach(async () => {
    db = await memoryDb();
    clock = fakeClock('2026-03-02T12:00:00.000Z');
    await addTenant(db, 'acme', 'America/New_York');
  });
  afterEach(() => db.$client.close());

  it("gives every tenant each template's default schedule in the tenant's time zone", async () => {
    await addTenant(db, 'nl', 'Europe/Amsterdam');
    const engine = createEngine({ db, templates: [pagedTemplate({ defaultSchedule: '0 2 * * *' })], now: clock.now });
    const [ny] = await engine.schedules('acme');
    const [nl] = await engine.schedules('nl');
    expect(ny).toMatchObject({
      cron: '0 2 * * *',
      defaultCron: '0 2 * * *',
      enabled: true,
      timeZone: 'America/New_York',
    });
    expect(ny?.nextRunAt).toBe('2026-03-03T07:00:00.000Z'); // 02:00 EST
    expect(nl?.nextRunAt).toBe('2026-03-03T01:00:00.000Z'); // 02:00 CET
    expect(ny?.upcoming).toEqual(['2026-03-03T07:00:00.000Z', '2026-03-04T07:00:00.000Z', '2026-03-05T07:00:00.000Z']);
  });

  it('creates exactly one run when a schedule comes due, and moves to the next slot', async () => {
    const template = pagedTemplate({ pages: 1 });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    await engine.tick();
    clock.set('2026-03-03T06:59:59.000Z');
    expect((await engine.tick()).created).toBe(0);
    clock.set('2026-03-03T07:00:00.000Z');
    const [first, second] = await Promise.all([engine.tick(), engine.tick()]);
    expect(first.created + second.created).toBe(1);
    expect(template.calls).toHaveLength(1);
    const runs = await engine.runs({ tenantId: 'acme' });
    expect(runs.items).toMatchObject([{ trigger: 'schedule', state: 'succeeded', full: false }]);
    const [schedule] = await engine.schedules('acme');
    expect(schedule).toMatchObject({
      nextRunAt: '2026-03-04T07:00:00.000Z',
      lastScheduledAt: '2026-03-03T07:00:00.000Z',
    });
  });

  it('runs once after downtime, not once per missed slot', async () => {
    const template = pagedTemplate({ pages: 1, defaultSchedule: '0 * * * *' });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    await engine.tick();
    clock.advance(10 * 3_600_000);
    expect((await engine.tick()).created).toBe(1);
    expect((await engine.tick()).created).toBe(0);
  });

  it('does not run while paused, and resumes from the next slot after now', async () => {
    const template = pagedTemplate({ pages: 1 });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    expect(await engine.pause('acme', 'paged-sync')).toMatchObject({ enabled: false, nextRunAt: null, upcoming: [] });
    clock.set('2026-03-05T12:00:00.000Z');
    expect((await engine.tick()).created).toBe(0);
    const resumed = await engine.resume('acme', 'paged-sync');
    expect(resumed).toMatchObject({ enabled: true, nextRunAt: '2026-03-06T07:00:00.000Z' });
    expect((await engine.tick()).created).toBe(0);
    expect(template.calls).toHaveLength(0);
  });

  it('refuses an invalid cron with a clear error that shows an example', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate()], now: clock.now });
    const error = await engine.setSchedule('acme', 'paged-sync', { cron: 'every day at 2' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'invalid_cron', status: 400 });
    expect(error.message).toContain('"every day at 2" is not a valid schedule');
    expect(error.message).toContain('"0 2 * * *" (every day at 02:00)');
    await expect(engine.setSchedule('acme', 'paged-sync', { cron: '0 0 2 * * *' })).rejects.toMatchObject({
      code: 'invalid_cron',
    });
    await expect(engine.setSchedule('acme', 'paged-sync', { cron: '0 2 30 2 *' })).rejects.toMatchObject({
      code: 'invalid_cron',
    });
  });

  it('changes the cron and recomputes the next run', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate()], now: clock.now });
    const changed = await engine.setSchedule('acme', 'paged-sync', { cron: '*/30 * * * *' });
    expect(changed).toMatchObject({ cron: '*/30 * * * *', nextRunAt: '2026-03-02T12:30:00.000Z' });
  });

  it("follows a change of the tenant's time zone", async () => {
    const engine = createEngine({ db, templates: [pagedTemplate()], now: clock.now });
    await engine.schedules('acme');
    await db.run(sql`update tenants set time_zone = 'Asia/Tokyo' where id = 'acme'`);
    const [schedule] = await engine.schedules('acme');
    expect(schedule).toMatchObject({ timeZone: 'Asia/Tokyo', nextRunAt: '2026-03-02T17:00:00.000Z' });
  });

  it('creates schedules paused for templates that must not start on their own', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate({ autoStart: false })], now: clock.now });
    expect((await engine.schedules('acme'))[0]).toMatchObject({ enabled: false, nextRunAt: null });
  });

  it('skips a due slot while the previous run is unfinished, and says so in the log', async () => {
    const template = pagedTemplate({ pages: 3, defaultSchedule: '*/30 * * * *' });
    // A zero budget claims the run and releases it at once: it stays unfinished.
    const engine = createEngine({ db, templates: [template], now: clock.now, budgetMs: 0 });
    await engine.tick();
    clock.set('2026-03-02T12:30:00.000Z');
    expect((await engine.tick()).created).toBe(1);
    clock.set('2026-03-02T13:00:00.000Z');
    expect((await engine.tick()).created).toBe(0);
    const skipped = await engine.activity({ tenantId: 'acme', code: 'run_skipped_still_running' });
    expect(skipped.items[0]?.message).toBe(
      'Paged Sync skipped its scheduled time because the previous run has not finished yet.',
    );
  });

  it('skips a due slot when the settings are incomplete, with an actionable warning', async () => {
    const template = pagedTemplate({ settingsSchema: z.object({ warehouse: z.string() }) });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    await engine.tick();
    clock.set('2026-03-03T07:00:00.000Z');
    expect((await engine.tick()).created).toBe(0);
    const warning = (await engine.activity({ tenantId: 'acme', levels: ['warn'] })).items[0];
    expect(warning).toMatchObject({ code: 'run_skipped_settings_invalid', templateId: 'paged-sync' });
    expect(warning?.details).toMatchObject({ issues: [{ path: 'warehouse' }] });
  });

  it('runs now with a full resync when asked', async () => {
    const template = pagedTemplate({ pages: 1 });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    const { run } = await engine.runNow('acme', 'paged-sync', { full: true, requestedBy: 'cli' });
    expect(run).toMatchObject({ trigger: 'manual', full: true, requestedBy: 'cli' });
    await engine.tick();
    expect(template.calls).toEqual([{ page: 1, full: true, step: 1, runId: run.id }]);
  });

  it('brings a run that is waiting to retry forward when run now is asked', async () => {
    let fail = true;
    const template = pagedTemplate({
      pages: 1,
      onStep: () => {
        if (fail) {
          fail = false;
          throw new UpstreamError('tds_unavailable', 'down', { system: 'tds', upstreamStatus: 503 });
        }
      },
    });
    const engine = createEngine({ db, templates: [template], now: clock.now, random: () => 1 });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    expect((await engine.run(run.id)).notBefore).not.toBeNull();
    const again = await engine.runNow('acme', 'paged-sync');
    expect(again).toMatchObject({ created: false, run: { id: run.id, notBefore: null } });
    await engine.tick();
    expect((await engine.run(run.id)).state).toBe('succeeded');
  });

  it('refuses a full resync while a partial run is in progress', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate({ pages: 3 })], now: clock.now, budgetMs: 0 });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    await expect(engine.runNow('acme', 'paged-sync', { full: true })).rejects.toMatchObject({
      code: 'run_already_active',
      status: 409,
      details: { runId: run.id },
    });
    expect(await engine.runNow('acme', 'paged-sync')).toMatchObject({ created: false, run: { id: run.id } });
  });
});
