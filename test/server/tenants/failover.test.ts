/** Standby failover: which calls switch, and the takeover shared by every process through libSQL. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { openNodeDb } from '../../../db/migrate.ts';
import { UpstreamError } from '../../../server/connectors/upstream-error.ts';
import { clearTakeover, STANDBY_HOLD_MS, takeoverState, withFailover } from '../../../server/tenants/failover.ts';
import { fileDb } from '../sync/engine/support.ts';

const refused = () => new UpstreamError('cw_unauthorized', 'refused', { system: 'cw', upstreamStatus: 401 });
const down = () => new UpstreamError('cw_server_error', 'down', { system: 'cw', upstreamStatus: 500 });

/** A stand-in client: answers with its name, or fails as told, and counts calls. */
function fake(name: string, behaviour: { fail?: () => Error; failAfter?: number } = {}) {
  const calls: string[] = [];
  return {
    calls,
    client: {
      name,
      async whoami() {
        calls.push('whoami');
        if (behaviour.fail) throw behaviour.fail();
        return name;
      },
      async *pages() {
        calls.push('pages');
        for (let i = 1; i <= 3; i++) {
          if (behaviour.fail && (behaviour.failAfter ?? 0) < i) throw behaviour.fail();
          yield `${name}-${i}`;
        }
      },
    },
  };
}

let db: Db;
beforeEach(async () => {
  db = await openNodeDb(':memory:');
});
afterEach(() => db.$client.close());

async function setup(
  tenant: string,
  primary: ReturnType<typeof fake>,
  standby: ReturnType<typeof fake>,
  now = () => 0,
  on: Db = db,
) {
  const events: string[] = [];
  const client = withFailover(
    'cw',
    [
      { role: 'primary', build: () => primary.client },
      { role: 'standby', build: () => standby.client },
    ],
    { onTakeover: () => void events.push('takeover'), onRestored: () => void events.push('restored') },
    await takeoverState({ db: on, now: () => new Date(now()) }, tenant, 'cw'),
  );
  return { client, events };
}

describe('standby failover', () => {
  it('repeats a refused call with the standby and stays on it', async () => {
    const primary = fake('primary', { fail: refused });
    const standby = fake('standby');
    const { client, events } = await setup('t1', primary, standby);
    expect(await client.whoami()).toBe('standby');
    expect(await client.whoami()).toBe('standby');
    expect(primary.calls).toEqual(['whoami']);
    expect(events).toEqual(['takeover']);
    expect(client.name).toBe('standby');
    await clearTakeover({ db }, 't1', 'cw');
  });

  it('does not switch on a server error', async () => {
    const { client, events } = await setup('t2', fake('primary', { fail: down }), fake('standby'));
    await expect(client.whoami()).rejects.toMatchObject({ code: 'cw_server_error' });
    expect(events).toEqual([]);
  });

  it('switches an iterable refused before its first item, never half-way', async () => {
    const early = await setup('t3', fake('primary', { fail: refused }), fake('standby'));
    const items: string[] = [];
    for await (const item of early.client.pages()) items.push(item);
    expect(items).toEqual(['standby-1', 'standby-2', 'standby-3']);
    await clearTakeover({ db }, 't3', 'cw');

    const late = await setup('t4', fake('primary', { fail: refused, failAfter: 1 }), fake('standby'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of late.client.pages()) seen.push(item);
      })(),
    ).rejects.toMatchObject({ code: 'cw_unauthorized' });
    expect(seen).toEqual(['primary-1']);
    expect(late.events).toEqual([]);
  });

  it('starts new clients on the standby for a while, then tries the primary again and says so', async () => {
    let now = 1_000;
    const first = await setup('t5', fake('primary', { fail: refused }), fake('standby'), () => now);
    await first.client.whoami();
    const primary = fake('primary');
    const second = await setup('t5', primary, fake('standby'), () => now);
    expect(await second.client.whoami()).toBe('standby');
    expect(primary.calls).toEqual([]);
    now += STANDBY_HOLD_MS + 1;
    const third = await setup('t5', primary, fake('standby'), () => now);
    expect(await third.client.whoami()).toBe('primary');
    expect(third.events).toEqual(['restored']);
    expect(second.events).toEqual([]);
  });

  it('fails over every call made at once on a refused primary, with one takeover', async () => {
    const { client, events } = await setup('t8', fake('primary', { fail: refused }), fake('standby'));
    expect(await Promise.all([client.whoami(), client.whoami(), client.whoami()])).toEqual([
      'standby',
      'standby',
      'standby',
    ]);
    expect(events).toEqual(['takeover']);
  });

  it('throws the standby refusal when both are refused', async () => {
    const { client } = await setup('t6', fake('primary', { fail: refused }), fake('standby', { fail: refused }));
    await expect(client.whoami()).rejects.toMatchObject({ code: 'cw_unauthorized' });
  });

  it('shows a takeover in one process to the other (two connections on one database file)', async () => {
    const file = await fileDb();
    const a = await file.open();
    const b = await file.open();
    try {
      const inA = await setup('t7', fake('primary', { fail: refused }), fake('standby'), () => 0, a);
      expect(await inA.client.whoami()).toBe('standby');
      const primary = fake('primary');
      const inB = await setup('t7', primary, fake('standby'), () => 0, b);
      expect(await inB.client.whoami()).toBe('standby');
      expect(primary.calls).toEqual([]);
      expect([...inA.events, ...inB.events]).toEqual(['takeover']);
    } finally {
      a.$client.close();
      b.$client.close();
      file.cleanup();
    }
  });
});
