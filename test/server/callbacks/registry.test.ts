/** The callback registry: handlers by record type and action, each one a kind of durable intake work. */
import { describe, expect, it } from 'vitest';
import { CallbackRegistry } from '../../../server/callbacks/registry.ts';
import { createEngine } from '../../../server/sync/engine/index.ts';
import { fakeClock, memoryDb } from '../sync/engine/support.ts';

describe('callback registry', () => {
  it('matches types case-insensitively, filters by action, names intake kinds, and unregisters', async () => {
    const db = await memoryDb();
    const engine = createEngine({ db, templates: [], now: fakeClock().now, intake: { wakeTimers: false } });
    const registry = new CallbackRegistry(engine.intake);
    const handler = () => {};
    const off = registry.on('PurchaseOrder', handler, { actions: ['added', 'updated'], name: 'orders' });
    registry.on('opportunity', handler, { name: 'prices' });
    expect(registry.handlersFor('purchaseorder', 'Updated')).toEqual([
      { type: 'purchaseorder', actions: ['added', 'updated'], name: 'orders', kind: 'cw-callback:orders' },
    ]);
    expect(registry.handlersFor('purchaseorder', 'deleted')).toEqual([]);
    expect(registry.handlersFor('OPPORTUNITY', 'deleted').map((r) => r.kind)).toEqual(['cw-callback:prices']);
    // Two handlers may not share a name: it is their intake kind.
    expect(() => registry.on('ticket', handler, { name: 'prices' })).toThrow(/cw-callback:prices/);
    off();
    expect(registry.handlersFor('purchaseorder', 'updated')).toEqual([]);
    await expect(
      engine.intake.accept({ tenantId: 'acme', kind: 'cw-callback:orders', key: 'k', payload: {} }),
    ).rejects.toThrow(/No intake handler/);
    await engine.stop();
    db.$client.close();
  });
});
