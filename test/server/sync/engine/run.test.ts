import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { createEngine, defineTemplate } from '../../../../server/sync/engine/index.ts';
import { addTenant, fakeClock, memoryDb, pagedTemplate } from './support.ts';

describe('running a template', () => {
  let db: Db;
  beforeEach(async () => {
    db = await memoryDb();
    await addTenant(db);
  });
  afterEach(() => db.$client.close());

  it('calls the step function until done, saving the checkpoint, counts and progress after every step', async () => {
    const clock = fakeClock();
    const template = pagedTemplate({ pages: 3 });
    const engine = createEngine({ db, templates: [template], now: clock.now });
    const { run, created } = await engine.runNow('acme', 'paged-sync');
    expect(created).toBe(true);
    expect(run.state).toBe('scheduled');

    const report = await engine.tick();
    expect(report.advanced).toEqual([{ runId: run.id, outcome: 'finished', state: 'succeeded', steps: 3 }]);
    expect(template.calls.map((c) => c.page)).toEqual([1, 2, 3]);
    const done = await engine.run(run.id);
    expect(done).toMatchObject({
      state: 'succeeded',
      steps: 3,
      checkpoint: null,
      counts: { added: 30, updated: 2, unchanged: 0, deactivated: 0, skipped: 0, errors: 0 },
      progress: { done: 3, total: 3, label: 'pages' },
      upstreamCalls: 3,
      upstreamMs: 15,
      leaseOwner: null,
      errorCode: null,
    });
    expect(done.startedAt).toBe(clock.now().toISOString());
    expect(done.finishedAt).toBe(clock.now().toISOString());
  });

  it('opens and closes the run in the activity log, with item entries in between', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate({ pages: 2 })], now: fakeClock().now });
    const { run } = await engine.runNow('acme', 'paged-sync', { requestedBy: 'admin' });
    await engine.tick();
    const log = await engine.activity({ runId: run.id, order: 'asc' });
    expect(log.items.map((e) => [e.scope, e.level, e.code])).toEqual([
      ['run', 'info', 'run_requested'],
      ['run', 'info', 'run_started'],
      ['item', 'debug', 'page_done'],
      ['item', 'debug', 'page_done'],
      ['run', 'info', 'run_succeeded'],
    ]);
    const closing = log.items.at(-1);
    expect(closing?.message).toBe('Paged Sync finished in 0 ms: 20 added, 2 updated.');
    expect(closing?.counts).toMatchObject({ added: 20, updated: 2, upstreamCalls: 2 });
    expect(log.items[2]).toMatchObject({
      entityType: 'page',
      entityId: '1',
      templateId: 'paged-sync',
      tenantId: 'acme',
    });
  });

  it('ends succeeded_with_warnings when the template returns warnings', async () => {
    const engine = createEngine({
      db,
      templates: [pagedTemplate({ pages: 1, warnings: ['3 categories no longer exist'] })],
    });
    const { run } = await engine.runNow('acme', 'paged-sync');
    await engine.tick();
    const done = await engine.run(run.id);
    expect(done.state).toBe('succeeded_with_warnings');
    expect(done.warnings).toEqual([{ code: 'template_warning', message: '3 categories no longer exist' }]);
    const warns = await engine.activity({ runId: run.id, levels: ['warn'] });
    expect(warns.items.map((e) => e.code).sort()).toEqual(['run_succeeded_with_warnings', 'template_warning']);
  });

  it('ends succeeded_with_warnings when items failed, and keeps skip reasons', async () => {
    const template = defineTemplate({
      id: 'items',
      title: 'Items',
      description: 'x',
      defaultSchedule: '0 * * * *',
      settingsSchema: z.object({}),
      async run(ctx) {
        ctx.counts.add('unchanged', 5);
        ctx.counts.skip('no_cost', 2);
        ctx.counts.skip('discontinued');
        ctx.counts.add('errors');
        ctx.log.error({
          code: 'sku_write_failed',
          message: 'SKU A could not be written',
          entity: { type: 'sku', id: 'A' },
        });
        return { done: true };
      },
    });
    const engine = createEngine({ db, templates: [template] });
    const { run } = await engine.runNow('acme', 'items');
    await engine.tick();
    const done = await engine.run(run.id);
    expect(done.state).toBe('succeeded_with_warnings');
    expect(done.counts).toMatchObject({ unchanged: 5, skipped: 3, errors: 1 });
    expect(done.skippedReasons).toEqual({ no_cost: 2, discontinued: 1 });
    const closing = (await engine.activity({ runId: run.id, scope: 'run', order: 'desc', limit: 1 })).items[0];
    expect(closing?.message).toContain('5 unchanged, 3 skipped (2 no_cost, 1 discontinued), 1 errors');
  });

  it('gives the step the settings snapshot taken when the run was created', async () => {
    const seen: unknown[] = [];
    const template = defineTemplate({
      id: 'configured',
      title: 'Configured',
      description: 'x',
      defaultSchedule: '0 * * * *',
      settingsSchema: z.object({ warehouse: z.string(), cap: z.number().default(20_000) }),
      async run(ctx) {
        seen.push(ctx.settings);
        return { done: true };
      },
    });
    const engine = createEngine({ db, templates: [template] });
    await expect(engine.runNow('acme', 'configured')).rejects.toMatchObject({
      code: 'template_settings_invalid',
      status: 409,
    });
    await engine.setSettings('acme', 'configured', { warehouse: 'LA' });
    await engine.runNow('acme', 'configured');
    await engine.setSettings('acme', 'configured', { warehouse: 'NY' });
    await engine.tick();
    expect(seen).toEqual([{ warehouse: 'LA', cap: 20_000 }]);
  });

  it('fails a run whose template returns something that is not a step result', async () => {
    const template = defineTemplate({
      id: 'broken',
      title: 'Broken',
      description: 'x',
      defaultSchedule: '0 * * * *',
      settingsSchema: z.object({}),
      // @ts-expect-error the contract violation under test
      async run() {
        return { done: false };
      },
    });
    const engine = createEngine({ db, templates: [template] });
    const { run } = await engine.runNow('acme', 'broken');
    await engine.tick();
    expect(await engine.run(run.id)).toMatchObject({ state: 'failed', errorCode: 'template_contract_violation' });
  });

  it('refuses unknown templates and tenants with 404 codes', async () => {
    const engine = createEngine({ db, templates: [pagedTemplate()] });
    await expect(engine.runNow('acme', 'nope')).rejects.toMatchObject({ code: 'template_not_found', status: 404 });
    await expect(engine.runNow('ghost', 'paged-sync')).rejects.toMatchObject({ code: 'tenant_not_found', status: 404 });
  });

  it('refuses template ids that are not kebab-case and default schedules that are not cron', () => {
    const base = {
      title: 't',
      description: 'd',
      settingsSchema: z.object({}),
      run: async () => ({ done: true as const }),
    };
    expect(() => defineTemplate({ ...base, id: 'Product_Sync', defaultSchedule: '0 2 * * *' })).toThrow(/kebab-case/);
    expect(() => defineTemplate({ ...base, id: 'product-sync', defaultSchedule: 'daily' })).toThrow(
      /not a valid schedule/,
    );
  });
});
