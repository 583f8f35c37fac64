/**
 * Proof (issue 9): work acknowledged to ConnectWise survives the server. A member sets "TDS Sync Price", the
 * server answers the callback (202, work stored in the intake), and is SIGKILLed while TD SYNNEX is still slow;
 * a new process on the same database file finishes the work within seconds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../db/migrate.ts';
import { intakeRequests } from '../../../db/schema/intake.ts';
import { newSecretsKey } from '../../../server/security/secrets.ts';
import { removeDir } from '../../support/processes.ts';
import { type ServerProcess, startServerProcess, until } from './server-process.ts';

const OPPORTUNITY = 805;
const CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const dir = mkdtempSync(join(tmpdir(), 'tds-crash-'));
const env = { DATABASE_URL: `file:${join(dir, 'bridge.db')}`, SIMULATORS: 'on', SECRETS_KEY: newSecretsKey() };
const running: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  removeDir(dir);
});

type Field = { id: number; caption: string; value?: unknown };
const cwApi = (url: string) => `${url}/sim/cw/v4_6_release/apis/3.0`;
const basic = `Basic ${btoa('demo+demo-public-key:demo-private-key')}`;

async function syncPriceField(url: string): Promise<{ fields: Field[]; value: unknown }> {
  const res = await fetch(`${cwApi(url)}/sales/opportunities/${OPPORTUNITY}`, {
    headers: { authorization: basic, clientId: CLIENT_ID },
  });
  const fields = ((await res.json()) as { customFields?: Field[] }).customFields ?? [];
  return { fields, value: fields.find((f) => f.caption === 'TDS Sync Price')?.value };
}

async function setSyncPriceAsMember(url: string) {
  const { memberHash } = (await fetch(`${url}/sim/cw/_sim/member-hash`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ memberId: 'jsmith' }),
  }).then((r) => r.json())) as { memberHash: string };
  const { fields } = await syncPriceField(url);
  const value = fields.map((f) => (f.caption === 'TDS Sync Price' ? { ...f, value: 'Get TDS Price' } : f));
  const res = await fetch(`${cwApi(url)}/sales/opportunities/${OPPORTUNITY}`, {
    method: 'PATCH',
    headers: {
      'content-type': 'application/json',
      clientId: CLIENT_ID,
      cookie: `companyName=demo; memberHash=${memberHash}; memberId=jsmith; memberContext=web`,
    },
    body: JSON.stringify([{ op: 'replace', path: 'customFields', value }]),
  });
  expect(res.status).toBe(200);
}

describe('a server killed right after answering a callback', () => {
  it('leaves the work to the next process on the same database, which does it within seconds', async () => {
    const first = await startServerProcess(env, 'server 1');
    running.push(first);
    expect((await first.admin('POST', '/api/admin/tenants/demo/activation/apply')).body).toMatchObject({ ok: true });
    // TD SYNNEX answers after a minute: the handler is still waiting when the process dies.
    const faults = await fetch(`${first.url}/sim/tds/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latency: { ms: 60_000 } }),
    });
    expect(faults.status).toBeLessThan(300);
    await setSyncPriceAsMember(first.url);
    const answered = await until(async () => {
      const log = (await fetch(`${first.url}/sim/cw/_sim/callbacks/deliveries`).then((r) => r.json())) as Array<{
        url: string;
        recordId: number;
        attempts: Array<{ status: number }>;
      }>;
      return log.find((d) => d.url.startsWith(`${first.url}/api/callbacks/cw/demo`) && d.recordId === OPPORTUNITY)
        ?.attempts[0];
    }, 'the callback to be answered');
    expect(answered.status).toBe(202);
    await first.kill();

    const db = await openNodeDb(env.DATABASE_URL);
    try {
      const [stored] = await db
        .select()
        .from(intakeRequests)
        .where(eq(intakeRequests.kind, 'cw-callback:tds-sync-price'));
      expect(stored).toMatchObject({ state: 'pending', tenantId: 'demo' });

      const restartedAt = Date.now();
      const second = await startServerProcess(env, 'server 2');
      running.push(second);
      expect((await syncPriceField(second.url)).value).toBe('Get TDS Price');
      // Watched in the database, not through ConnectWise: polling the simulated ConnectWise would spend the
      // requests-per-minute budget the restarted server needs for the work itself.
      const done = await until(async () => {
        const [row] = await db.select().from(intakeRequests).where(eq(intakeRequests.id, stored!.id));
        return row?.state === 'pending' ? undefined : row;
      }, 'the restarted server to finish the work');
      const seconds = (Date.now() - restartedAt) / 1000;
      console.log(`callback work finished ${seconds.toFixed(1)} s after the restart (intake lease 3 s)`);
      expect(done.state).toBe('done');
      expect(seconds).toBeLessThan(20);
      expect((await syncPriceField(second.url)).value).toBe('TDS Price Updated');
    } finally {
      db.$client.close();
    }
  }, 120_000);
});
