/**
 * Findings 1 and 7 (simulator side): the simulators' controls and signing keys answer only this machine,
 * changes only their own origin, each company has its own keys, and `SIMULATORS=auto` turns them off as
 * soon as a tenant connects beyond loopback. Each test failed before the hardening.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/lib/main.ts';
import { openNodeDb } from '../../db/migrate.ts';
import { createApp } from '../../server/app.ts';
import { start } from '../../server/entry/node.ts';
import { parseEnv } from '../../server/env.ts';
import { decideSimulators } from '../../server/security/simulator-mode.ts';
import { upsertTenant } from '../../server/tenants/tenant-repo.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 200 });
  app = createApp(server.services);
});
afterAll(async () => {
  await server?.close();
});

/** As if the request came over the network from `peer` (node-server hands the socket in c.env). */
const fromPeer = (peer: string) => ({ incoming: { socket: { remoteAddress: peer } } });

describe('simulator controls', () => {
  it('refuse a rebound host name (DNS rebinding) on key rotation, faults and the key URL', async () => {
    for (const [method, path] of [
      ['POST', '/sim/cw/_sim/callbacks/rotate-key'],
      ['POST', '/sim/cw/_sim/faults'],
      ['GET', '/sim/cw/v4_6_release//system/callbackkey/index.rails?companyName=demo&id=x'],
    ] as const) {
      const res = await app.request(`http://attacker.example:${server.port}${path}`, {
        method,
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, path).toBe(403);
      expect((await res.json()).error.code).toBe('sim_local_only');
    }
  });

  it('refuse a peer that is not on this machine, even with a loopback Host', async () => {
    const res = await app.request(
      'http://127.0.0.1/sim/cw/_sim/callbacks/rotate-key',
      { method: 'POST' },
      fromPeer('203.0.113.9'),
    );
    expect(res.status).toBe(403);
    const local = await app.request('http://127.0.0.1/sim/cw/_sim/stats', {}, fromPeer('127.0.0.1'));
    expect(local.status).toBe(200);
  });

  it('accept state changes only from their own origin (faults, clock, reset, rotation)', async () => {
    const url = `${server.url}/sim/cw/_sim/faults`;
    const cross = await fetch(url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 1 }),
    });
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.code).toBe('sim_cross_origin');
    const crossSite = await fetch(`${server.url}/sim/tds/_sim/reset`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const same = await fetch(`${server.url}/sim/cw/_sim/faults`, { method: 'DELETE', headers: { origin: server.url } });
    expect(same.status).toBe(204);
  });

  it('serve a signing key only to the company it belongs to', async () => {
    const rotated = await fetch(`${server.url}/sim/cw/_sim/callbacks/rotate-key`, { method: 'POST' });
    const { keyUrl } = (await rotated.json()) as { keyUrl: string };
    expect((await fetch(keyUrl)).status).toBe(200);
    const other = new URL(keyUrl);
    other.searchParams.set('companyName', 'acme');
    expect((await fetch(other)).status).toBe(404);
  });
});

describe('simulator mode', () => {
  it('auto mounts the simulators only while no tenant connects beyond this machine', async () => {
    const env = parseEnv({ SIMULATORS: 'auto' });
    const db = await openNodeDb(':memory:');
    try {
      expect((await decideSimulators(env, db)).mounted).toBe(true);
      await upsertTenant(
        db,
        {
          id: 'acme',
          name: 'Acme',
          cwSite: 'https://na.myconnectwise.net',
          cwCompanyId: 'acme',
          podOrigins: ['https://na.myconnectwise.net'],
        },
        new Date(),
      );
      const decision = await decideSimulators(env, db);
      expect(decision.mounted).toBe(false);
      expect(decision.reason).toContain('acme');
      expect((await decideSimulators(parseEnv({ SIMULATORS: 'on' }), db)).mounted).toBe(true);
    } finally {
      db.$client.close();
    }
  });

  it('a restart with a real tenant in the database runs without simulators and says so in /api/health', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tds-sim-mode-'));
    const env = {
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'tds-bridge.db')}`,
      SIMULATORS: 'auto',
      ADMIN_TOKEN: 'sim-mode-admin-token-0123456789',
    };
    try {
      const first = await start({ env, quiet: true, buildPod: false, tickIntervalMs: 0, catalogSize: 100 });
      try {
        expect(first.simulators).toBeDefined();
        const created = await fetch(`${first.url}/api/admin/tenants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            id: 'acme',
            name: 'Acme',
            cwSite: 'https://na.myconnectwise.net',
            cwCompanyId: 'acme',
          }),
        });
        expect(created.status).toBe(201);
      } finally {
        await first.close();
      }
      const second = await start({ env, quiet: true, buildPod: false, tickIntervalMs: 0, catalogSize: 100 });
      try {
        expect(second.simulators).toBeUndefined();
        const health = await (await fetch(`${second.url}/api/health`)).json();
        expect(health.simulatorMode).toEqual({ setting: 'auto', mounted: false });
        expect((await fetch(`${second.url}/sim/cw/_sim/callbacks/rotate-key`, { method: 'POST' })).status).toBe(404);
        // Without simulators, a loopback http pod origin is no longer accepted.
        const httpOrigin = await fetch(`${second.url}/api/admin/tenants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            id: 'local',
            name: 'L',
            cwSite: 'https://l.example.com',
            cwCompanyId: 'l',
            podOrigins: ['http://localhost:3000'],
          }),
        });
        expect(httpOrigin.status).toBe(400);
        // Going live: the CLI removes the simulators' demo tenant, and refuses a real one.
        const lines: string[] = [];
        const out = {
          tty: false,
          color: false,
          write: (l: string) => void lines.push(l),
          error: (l: string) => void lines.push(l),
          status: () => {},
          clearStatus: () => {},
        };
        const io = { env: { TDS_BRIDGE_URL: second.url, ADMIN_TOKEN: env.ADMIN_TOKEN }, cwd: dir, out };
        expect(await main(['remove-demo'], io)).toBe(0);
        expect(await main(['remove-demo', '--tenant', 'acme'], io)).not.toBe(0);
        const tenants = await (
          await fetch(`${second.url}/api/admin/tenants`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } })
        ).json();
        expect(tenants.tenants.map((t: { id: string }) => t.id)).toEqual(['acme']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
