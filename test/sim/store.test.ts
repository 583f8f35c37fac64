import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimClock, parseDuration } from '../../sim/clock.ts';
import { SimStore } from '../../sim/store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('simulator store', () => {
  it('keeps documents, ids and clock offset across a reopen of the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-store-'));
    dirs.push(dir);
    const url = `file:${join(dir, 'sim.db')}`;
    const first = await SimStore.open(url);
    const orders = first.collection<{ po: string }>('tds:orders');
    orders.set(orders.nextId(), { po: 'PO-1' });
    orders.set(orders.nextId(), { po: 'PO-2' });
    orders.delete(1);
    createSimClock(first, () => 1_000).advance(parseDuration('2h'));
    await first.close();

    const second = await SimStore.open(url);
    const reopened = second.collection<{ po: string }>('tds:orders');
    expect([...reopened.values()]).toEqual([{ po: 'PO-2' }]);
    expect(reopened.nextId()).toBe(3);
    expect(
      createSimClock(second, () => 1_000)
        .now()
        .getTime(),
    ).toBe(1_000 + 7_200_000);
    expect(second.isEmpty()).toBe(false);
    await second.close();
  });

  it('forgets everything on reset', async () => {
    const store = await SimStore.open(':memory:');
    store.collection('cw:x').set(1, { a: 1 });
    await store.flush();
    await store.reset();
    expect(store.isEmpty()).toBe(true);
    await store.close();
  });

  it('rejects durations it cannot read with an example of what works', () => {
    expect(() => parseDuration('soon')).toThrow(/90s, 15m, 2h or 3d/);
    expect(parseDuration('15m')).toBe(900_000);
  });
});
