/**
 * Create Orders against the real simulators, in process: both simulators' Hono apps answer our clients'
 * requests without sockets (a `fetch` that calls them), one in-memory or file database, the tenant connected and
 * activated, and engines on the simulators' clock. A transport layer lets the fault suite lose answers the way a
 * network does (TD SYNNEX accepted the PO but the answer never arrived) without touching product code.
 */
import { Hono } from 'hono';
import type { Db } from '../../../../../db/client.ts';
import { openNodeDb } from '../../../../../db/migrate.ts';
import type { SyncRun } from '../../../../../db/schema/runs.ts';
import { applyActivation } from '../../../../../server/activation/activate.ts';
import { DEFAULT_LIMITS, LimiterRegistry } from '../../../../../server/connectors/limiter.ts';
import type { Deps } from '../../../../../server/deps.ts';
import { parseEnv } from '../../../../../server/env.ts';
import { createSecretBox, newSecretsKey } from '../../../../../server/security/secrets.ts';
import { createEngine, type Engine } from '../../../../../server/sync/engine/index.ts';
import { createOrdersTemplate, type OrderHooks } from '../../../../../server/sync/templates/create-orders/index.ts';
import { saveConnection } from '../../../../../server/tenants/connections.ts';
import { upsertTenant } from '../../../../../server/tenants/tenant-repo.ts';
import { createSimClock, type SimClock } from '../../../../../sim/clock.ts';
import { type CwSimulator, createCwSimulator } from '../../../../../sim/cw/index.ts';
import { DEMO_TDS_PURCHASE_ORDERS } from '../../../../../sim/data/cw-seed.ts';
import { configureTdsCatalog } from '../../../../../sim/data/tds-catalog.ts';
import { SimStore } from '../../../../../sim/store.ts';
import { createTdsSimulator, type TdsSimulator } from '../../../../../sim/tds/index.ts';

export const TENANT = 'acme';
// biome-ignore lint/suspicious/noExplicitAny: simulator records are read loosely in assertions
export type Json = Record<string, any>;
export const ORIGIN = 'http://sims.test';
const CLIENT_ID = '6f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f';
const CATALOG_SIZE = 5_000;

/**
 * What the network does to one request: deliver it, drop it before it arrives, lose the answer after the
 * server handled it, or answer 502 from a proxy before (`bad_gateway_before`) or after (`bad_gateway_after`).
 */
export type Verdict = 'deliver' | 'drop_request' | 'lose_answer' | 'bad_gateway_before' | 'bad_gateway_after';
export type Transport = (request: Request) => Verdict;

export interface Sims {
  clock: SimClock;
  cw: CwSimulator;
  tds: TdsSimulator;
  fetch: typeof fetch;
  /** Replaced by tests; default delivers everything. */
  transport: { decide: Transport };
  close(): Promise<void>;
}

export async function startSims(): Promise<Sims> {
  configureTdsCatalog({ size: CATALOG_SIZE });
  const store = await SimStore.open(':memory:');
  const clock = createSimClock(store);
  const root = new Hono();
  const transport = { decide: ((_request: Request) => 'deliver') as Transport };
  const inProcess: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const verdict = transport.decide(request.clone());
    if (verdict === 'drop_request') throw new TypeError('fetch failed (connection reset)');
    if (verdict === 'bad_gateway_before') return new Response('<html>502 Bad Gateway</html>', { status: 502 });
    const response = await root.fetch(request);
    if (verdict === 'lose_answer') throw new TypeError('fetch failed (answer lost)');
    if (verdict === 'bad_gateway_after') return new Response('<html>502 Bad Gateway</html>', { status: 502 });
    return response;
  };
  const cw = await createCwSimulator({
    store,
    clock,
    baseUrl: `${ORIGIN}/sim/cw`,
    rateLimitPerMinute: 0,
    sizes: {
      tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS,
      catalogItems: 120,
      purchaseOrders: 3,
      opportunities: 3,
      tickets: 2,
    },
    fetch: async () => new Response(null, { status: 200 }),
  });
  const tds = await createTdsSimulator({ store, clock, catalogSize: CATALOG_SIZE, baseUrl: `${ORIGIN}/sim/tds` });
  root.route('/sim/cw', cw.app);
  root.route('/sim/tds', tds.app);
  return {
    clock,
    cw,
    tds,
    fetch: inProcess,
    transport,
    async close() {
      await store.close();
      configureTdsCatalog({ size: undefined });
    },
  };
}

export interface Node {
  db: Db;
  deps: Deps;
  engine: Engine;
}

/** A tds-bridge process: its own deps and engine on `db` (two nodes may share one database file). */
export async function startNode(
  sims: Sims,
  db: Db,
  opts: { hooks?: OrderHooks; ownerId?: string } = {},
): Promise<Node> {
  const deps: Deps = {
    env: parseEnv({ PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on' }),
    db,
    secrets: await createSecretBox(SECRETS_KEY),
    sessionSecret: 'test-session-secret',
    adminToken: 'test-admin-token',
    version: 'test',
    now: () => sims.clock.now(),
    fetch: sims.fetch,
    recorder: { record: () => {} },
    limiters: new LimiterRegistry({
      cw: { ...DEFAULT_LIMITS.cw, perMinute: 0 },
      tds: { ...DEFAULT_LIMITS.tds, perMinute: 0 },
    }),
    simulatorScreenOrigins: [],
  };
  const engine = createEngine({
    db,
    templates: [createOrdersTemplate({ hooks: opts.hooks })],
    deps,
    now: () => sims.clock.now(),
    startOnRequest: false,
    random: () => 0.5,
    ownerId: opts.ownerId,
  });
  return { db, deps, engine };
}

const SECRETS_KEY = newSecretsKey();

/** Tenant, connections to the simulators, and activation (vendor, statuses, custom fields). */
export async function prepareTenant(sims: Sims, node: Node): Promise<void> {
  const { deps } = node;
  await upsertTenant(
    deps.db,
    { id: TENANT, name: 'Acme MSP', cwSite: ORIGIN, cwCompanyId: sims.cw.companyId, podOrigins: [], timeZone: 'UTC' },
    sims.clock.now(),
  );
  await saveConnection(deps, {
    tenantId: TENANT,
    system: 'cw',
    config: {
      site: ORIGIN,
      apiUrl: `${ORIGIN}/sim/cw/v4_6_release/apis/3.0`,
      companyId: sims.cw.credentials.companyId,
      publicKey: sims.cw.credentials.publicKey,
      clientId: CLIENT_ID,
    },
    secrets: { privateKey: sims.cw.credentials.privateKey },
  });
  await saveConnection(deps, {
    tenantId: TENANT,
    system: 'tds',
    config: {
      customerNo: sims.tds.credentials.customerNo,
      user: sims.tds.credentials.user,
      environment: 'simulator',
      xmlUrl: `${ORIGIN}/sim/tds`,
    },
    secrets: { password: sims.tds.credentials.password },
  });
  const result = await applyActivation(deps, TENANT, ORIGIN, 'test');
  if (!result.ok)
    throw new Error(`activation failed: ${JSON.stringify(result.steps.filter((s) => s.status === 'failed'))}`);
}

/** Ticks the engine until no create-orders run is unfinished, moving the clock past every wait. */
export async function drain(sims: Sims, engines: Engine[], maxTicks = 200): Promise<SyncRun[]> {
  const seen: SyncRun[] = [];
  for (let tick = 0; tick < maxTicks; tick++) {
    for (const engine of engines) await engine.tick().catch(() => undefined);
    const runs = await engines[0]!.runs({
      tenantId: TENANT,
      templateId: 'create-orders',
      states: ['scheduled', 'running'],
    });
    if (runs.items.length === 0) return seen;
    const waits = runs.items
      .map((r) => (r.notBefore ? Date.parse(r.notBefore) - sims.clock.now().getTime() : 0))
      .filter((w) => w > 0);
    sims.clock.advance(waits.length ? Math.min(...waits) + 1 : 1_000);
    seen.push(...runs.items);
  }
  throw new Error('create-orders runs did not finish');
}

export async function memoryDb(): Promise<Db> {
  return openNodeDb(':memory:');
}

/** The demo's POs to TD SYNNEX, by what the seed made of them. */
export function demoPos(sims: Sims) {
  const vendor = sims.cw.list('company/companies').find((c) => c.identifier === 'TDSYNNEX');
  const pos = sims.cw
    .list('procurement/purchaseorders')
    .filter((p) => (p.vendorCompany as { id?: number })?.id === vendor?.id);
  return pos.map((p) => ({ id: Number(p.id), poNumber: String(p.poNumber) }));
}
