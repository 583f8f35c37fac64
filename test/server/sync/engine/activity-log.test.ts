import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.ts';
import { createActivityWriter, queryActivity } from '../../../../server/sync/engine/activity-log.ts';
import { addTenant, fakeClock, memoryDb } from './support.ts';

describe('Sync Activity Log', () => {
  let db: Db;
  beforeEach(async () => {
    db = await memoryDb();
    await addTenant(db, 'acme');
    await addTenant(db, 'other');
    const clock = fakeClock('2026-03-02T10:00:00.000Z');
    const run1 = createActivityWriter(db, { tenantId: 'acme', templateId: 'product-sync', runId: 1 }, clock.now);
    run1.run('info', { code: 'run_started', message: 'Product Sync started.' });
    clock.advance(60_000);
    run1.item.warn({ code: 'sku_no_cost', message: 'SKU A has no cost', entity: { type: 'sku', id: 'A' } });
    run1.item.error({
      code: 'sku_write_failed',
      message: 'SKU B could not be written',
      entity: { type: 'sku', id: 'B' },
      upstream: { route: 'POST procurement/catalog', status: 400, durationMs: 123.4 },
    });
    await run1.flush();
    clock.set('2026-03-02T12:00:00.000Z');
    const run2 = createActivityWriter(db, { tenantId: 'acme', templateId: 'create-orders', runId: 2 }, clock.now);
    run2.item.info({ code: 'order_sent', message: 'PO-1001 sent', entity: { type: 'purchase_order', id: 'PO-1001' } });
    run2.run('info', { code: 'run_succeeded', message: 'Create Orders finished.', counts: { added: 1 } });
    await run2.flush();
    const other = createActivityWriter(db, { tenantId: 'other', templateId: 'product-sync', runId: 3 }, clock.now);
    other.item.error({ code: 'sku_write_failed', message: 'SKU A failed', entity: { type: 'sku', id: 'A' } });
    await other.flush();
  });
  afterEach(() => db.$client.close());

  const codes = async (q: Parameters<typeof queryActivity>[1]) => (await queryActivity(db, q)).items.map((e) => e.code);

  it('filters by tenant, newest first', async () => {
    expect(await codes({ tenantId: 'acme' })).toEqual([
      'run_succeeded',
      'order_sent',
      'sku_write_failed',
      'sku_no_cost',
      'run_started',
    ]);
    expect(await codes({ tenantId: 'other' })).toEqual(['sku_write_failed']);
  });

  it('filters by template', async () => {
    expect(await codes({ tenantId: 'acme', templateId: 'create-orders' })).toEqual(['run_succeeded', 'order_sent']);
  });

  it('filters by level (one or several)', async () => {
    expect(await codes({ tenantId: 'acme', levels: ['error'] })).toEqual(['sku_write_failed']);
    expect(await codes({ tenantId: 'acme', levels: ['warn', 'error'] })).toEqual(['sku_write_failed', 'sku_no_cost']);
  });

  it('filters by time range (inclusive)', async () => {
    expect(await codes({ tenantId: 'acme', from: '2026-03-02T10:01:00.000Z', to: '2026-03-02T11:00:00.000Z' })).toEqual(
      ['sku_write_failed', 'sku_no_cost'],
    );
    expect(await codes({ tenantId: 'acme', from: '2026-03-02T11:00:00.000Z' })).toEqual([
      'run_succeeded',
      'order_sent',
    ]);
  });

  it('filters by entity, by run and by scope', async () => {
    expect(await codes({ tenantId: 'acme', entityId: 'B' })).toEqual(['sku_write_failed']);
    expect(await codes({ entityId: 'A' })).toEqual(['sku_write_failed', 'sku_no_cost']);
    expect(await codes({ tenantId: 'acme', entityType: 'purchase_order' })).toEqual(['order_sent']);
    expect(await codes({ runId: 1, order: 'asc' })).toEqual(['run_started', 'sku_no_cost', 'sku_write_failed']);
    expect(await codes({ tenantId: 'acme', scope: 'run' })).toEqual(['run_succeeded', 'run_started']);
  });

  it('stores the upstream route, status and duration, and counts', async () => {
    const [entry] = (await queryActivity(db, { tenantId: 'acme', entityId: 'B' })).items;
    expect(entry).toMatchObject({
      upstreamRoute: 'POST procurement/catalog',
      upstreamStatus: 400,
      durationMs: 123,
      entityType: 'sku',
      runId: 1,
      at: '2026-03-02T10:01:00.000Z',
    });
    const [closing] = (await queryActivity(db, { runId: 2, scope: 'run' })).items;
    expect(closing?.counts).toEqual({ added: 1 });
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await queryActivity(db, { tenantId: 'acme', limit: 2, cursor });
      seen.push(...result.items.map((e) => e.code));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(['run_succeeded', 'order_sent', 'sku_write_failed', 'sku_no_cost', 'run_started']);
  });

  it('writes many entries in batches and clips very long messages', async () => {
    const writer = createActivityWriter(db, { tenantId: 'other', templateId: 'bulk', runId: 9 }, () => new Date());
    for (let i = 0; i < 250; i++) writer.item.debug({ code: 'item', message: `item ${i}` });
    writer.item.info({ code: 'long', message: 'x'.repeat(5_000) });
    await writer.flush();
    const all = await queryActivity(db, { runId: 9, limit: 500 });
    expect(all.items).toHaveLength(251);
    expect(all.items[0]?.message).toHaveLength(2_000);
  });

  it('reports a failed insert at the next flush instead of losing it silently', async () => {
    const writer = createActivityWriter(db, { tenantId: 'no-such-tenant' }, () => new Date());
    writer.item.info({ code: 'x', message: 'y' });
    await expect(writer.flush()).rejects.toThrow(/insert into "sync_activity"/);
    await expect(writer.flush()).resolves.toBeUndefined();
  });
});
