import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { UpstreamError } from '../../../../server/connectors/upstream-error.ts';
import {
  createEngine,
  defineTemplate,
  type Engine,
  type TemplateStatus,
} from '../../../../server/sync/engine/index.ts';
import { addTenant, type FakeClock, fakeClock, memoryDb, pagedTemplate } from './support.ts';

describe('status per tenant and template', () => {
  let db: Db;
  let clock: FakeClock;
  let outcome: 'ok' | 'warn' | 'fail' | 'retry' | 'item_error';
  const template = defineTemplate({
    id: 'order-status',
    title: 'Order Status',
    description: 'x',
    defaultSchedule: '0 * * * *',
    settingsSchema: z.object({}),
    async run(ctx) {
      if (outcome === 'fail')
        throw new UpstreamError('tds_unauthorized', 'TD SYNNEX refused the credentials.', {
          system: 'tds',
          upstreamStatus: 401,
        });
      if (outcome === 'retry')
        throw new UpstreamError('tds_unavailable', 'TD SYNNEX is down.', { system: 'tds', upstreamStatus: 503 });
      ctx.counts.add('updated', 4);
      if (outcome === 'item_error') {
        ctx.counts.add('errors');
        ctx.log.error({ code: 'po_not_found', message: 'PO 7 is gone', entity: { type: 'purchase_order', id: '7' } });
      }
      return { done: true, warnings: outcome === 'warn' ? ['2 orders have no tracking yet'] : undefined };
    },
  });
  const configured = pagedTemplate({
    id: 'needs-setup',
    title: 'Needs Setup',
    settingsSchema: z.object({ warehouse: z.string() }),
  });
  let engine: Engine;

  beforeEach(async () => {
    db = await memoryDb();
    clock = fakeClock();
    await addTenant(db, 'acme');
    engine = createEngine({ db, templates: [template, configured], now: clock.now, random: () => 0.5 });
  });
  afterEach(() => db.$client.close());

  async function statusOf(id: string): Promise<TemplateStatus> {
    const [tenant] = await engine.status();
    const found = tenant?.templates.find((t) => t.templateId === id);
    if (!found) throw new Error(`no status for ${id}`);
    return found;
  }
  async function runOnce(kind: typeof outcome) {
    outcome = kind;
    await engine.runNow('acme', 'order-status');
    await engine.tick();
    clock.advance(60_000);
  }

  it('is gray before the first run (never green untested), and gray when settings are missing', async () => {
    expect(await statusOf('order-status')).toMatchObject({
      state: 'gray',
      reasons: [{ code: 'never_run' }],
      lastRun: null,
    });
    expect(await statusOf('needs-setup')).toMatchObject({ state: 'gray', reasons: [{ code: 'not_configured' }] });
  });

  it('is green after a successful run, with the last run counts and the next run', async () => {
    await runOnce('ok');
    const status = await statusOf('order-status');
    expect(status).toMatchObject({
      state: 'green',
      reasons: [],
      lastRun: { state: 'succeeded', counts: { updated: 4 } },
      schedule: { cron: '0 * * * *', enabled: true, nextRunAt: '2026-03-02T13:00:00.000Z' },
      errorsLast24h: { total: 0, byCode: {} },
    });
    expect(status.lastSuccessfulRun?.id).toBe(status.lastRun?.id);
  });

  it('is yellow after warnings, and while retrying', async () => {
    await runOnce('warn');
    expect(await statusOf('order-status')).toMatchObject({ state: 'yellow', reasons: [{ code: 'last_run_warnings' }] });
    await runOnce('retry');
    const retrying = await statusOf('order-status');
    expect(retrying.state).toBe('yellow');
    expect(retrying.reasons.map((r) => r.code)).toContain('retrying');
    expect(retrying.activeRun).toMatchObject({
      state: 'scheduled',
      attempts: 1,
      lastError: { code: 'tds_unavailable' },
    });
  });

  it('is red when the last run failed, with its error, and counts errors by code over 24 hours', async () => {
    await runOnce('item_error');
    await runOnce('fail');
    const status = await statusOf('order-status');
    expect(status).toMatchObject({
      state: 'red',
      reasons: [{ code: 'tds_unauthorized', message: 'TD SYNNEX refused the credentials.' }],
      lastRun: { state: 'failed', errorCode: 'tds_unauthorized' },
      errorsLast24h: { total: 2, byCode: { po_not_found: 1, tds_unauthorized: 1 } },
    });
    expect(status.lastSuccessfulRun).not.toBeNull();
    const [tenant] = await engine.status();
    expect(tenant?.state).toBe('red');
    clock.advance(25 * 3_600_000);
    await runOnce('ok');
    expect(await statusOf('order-status')).toMatchObject({ state: 'green', errorsLast24h: { total: 0 } });
  });

  it('is gray when paused', async () => {
    await runOnce('fail');
    await engine.pause('acme', 'order-status');
    expect(await statusOf('order-status')).toMatchObject({ state: 'gray', reasons: [{ code: 'paused' }] });
  });

  it('is yellow when the last success is overdue', async () => {
    await runOnce('ok');
    await engine.pause('acme', 'order-status');
    await engine.resume('acme', 'order-status');
    clock.advance(4 * 3_600_000);
    expect(await statusOf('order-status')).toMatchObject({ state: 'yellow', reasons: [{ code: 'overdue' }] });
  });
});
