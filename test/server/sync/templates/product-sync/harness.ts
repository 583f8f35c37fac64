/**
 * Product Sync against the real simulators over HTTP: both simulators behind a Node server on a free port,
 * an in-memory database, a tenant connected to them, and a sync engine on the simulators' clock (so
 * advancing the clock moves TD SYNNEX prices and the engine's schedule together). Built here rather than
 * through start() so the TD SYNNEX search window can be small enough to exercise splitting.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Db } from '../../../../../db/client.ts';
import { openNodeDb } from '../../../../../db/migrate.ts';
import type { SyncRun } from '../../../../../db/schema/runs.ts';
import { DEFAULT_LIMITS, LimiterRegistry, type LimitSettings } from '../../../../../server/connectors/limiter.ts';
import { nodeFileTransfer } from '../../../../../server/connectors/tds/file-transfer-node.ts';
import type { UpstreamCall } from '../../../../../server/connectors/upstream.ts';
import type { Deps } from '../../../../../server/deps.ts';
import { parseEnv } from '../../../../../server/env.ts';
import { createSecretBox, newSecretsKey } from '../../../../../server/security/secrets.ts';
import { createEngine, type Engine, type Template } from '../../../../../server/sync/engine/index.ts';
import { productSync } from '../../../../../server/sync/templates/product-sync.ts';
import { saveConnection } from '../../../../../server/tenants/connections.ts';
import { upsertTenant } from '../../../../../server/tenants/tenant-repo.ts';
import { createSimClock, type SimClock } from '../../../../../sim/clock.ts';
import { type CwSimulator, createCwSimulator } from '../../../../../sim/cw/index.ts';
import { configureTdsCatalog } from '../../../../../sim/data/tds-catalog.ts';
import { SimStore } from '../../../../../sim/store.ts';
import { DEMO_FTP } from '../../../../../sim/tds/account.ts';
import { createTdsSimulator, type TdsSimulator } from '../../../../../sim/tds/index.ts';
import { startPriceFileFtp } from '../../../../../sim/tds/price-file-ftp.ts';
import { startPriceFileSftp } from '../../../../../sim/tds/price-file-sftp.ts';

export const TENANT = 'acme';
const UNTHROTTLED: Record<'cw' | 'tds', LimitSettings> = {
  cw: { ...DEFAULT_LIMITS.cw, perMinute: 0 },
  tds: { ...DEFAULT_LIMITS.tds, perMinute: 0 },
};
const CLIENT_ID = '6f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f';

export interface HarnessOptions {
  catalogSize?: number;
  /** Rows a TD SYNNEX catalogue search reaches (10,000 in production). */
  window?: number;
  /** ConnectWise simulator throttle (default off, so tests are not timing-dependent). */
  cwRateLimitPerMinute?: number;
  limits?: Record<'cw' | 'tds', LimitSettings>;
  environment?: 'simulator' | 'sandbox';
  /** Seeded ConnectWise catalog items (the MSP's own, unmanaged). */
  cwCatalogItems?: number;
  /** Budget of one engine step; below Product Sync's 5 s margin every step does exactly one unit of work. */
  stepMs?: number;
  /** Deliver the price file over the simulator's real FTP server, fetched with the Node FTP client. */
  priceFileOverFtp?: boolean;
  /** Deliver it over the simulator's SFTP server instead (host key pinned unless `pinHostKey` is false). */
  priceFileOverSftp?: { pinHostKey: boolean };
  /** Templates the engine runs (default Product Sync alone); `run({ templateId })` picks one. */
  templates?: readonly Template[];
  /** Seeded purchase orders to TD SYNNEX (each tied to a ticket). */
  tdsPurchaseOrders?: number;
}

export interface SentRequest {
  method: string;
  /** Path after the API root, e.g. `procurement/catalog/1712`. */
  path: string;
  body: unknown;
}

export interface Harness {
  origin: string;
  db: Db;
  deps: Deps;
  clock: SimClock;
  cw: CwSimulator;
  tds: TdsSimulator;
  engine: Engine;
  calls: UpstreamCall[];
  /** ConnectWise API requests as sent (method, path, JSON body). */
  requests: SentRequest[];
  setSettings(settings: unknown): Promise<void>;
  /** Starts a run and ticks the engine until it ends (advancing the clock past retry waits). */
  run(opts?: { full?: boolean; maxTicks?: number; templateId?: string }): Promise<SyncRun>;
  /** Calls the ConnectWise simulator saw (method + route pattern → count) since the last reset. */
  cwStats(): Promise<Record<string, number>>;
  tdsStats(): Promise<Record<string, number>>;
  resetStats(): Promise<void>;
  catalog(): Array<Record<string, unknown>>;
  managed(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const catalogSize = opts.catalogSize ?? 5_000;
  // The ConnectWise seed draws its TD SYNNEX items from the module-level catalogue: same size, same part numbers.
  configureTdsCatalog({ size: catalogSize });
  const root = new Hono();
  const server = serve({ fetch: (request) => root.fetch(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = await SimStore.open(':memory:');
  const clock = createSimClock(store);
  const cw = await createCwSimulator({
    store,
    clock,
    baseUrl: `${origin}/sim/cw`,
    rateLimitPerMinute: opts.cwRateLimitPerMinute ?? 0,
    sizes: { catalogItems: opts.cwCatalogItems ?? 300, tdsPurchaseOrders: opts.tdsPurchaseOrders ?? 0 },
  });
  const tds = await createTdsSimulator({
    store,
    clock,
    catalogSize,
    catalogueResultWindow: opts.window ?? 10_000,
    baseUrl: `${origin}/sim/tds`,
  });
  root.route('/sim/cw', cw.app);
  root.route('/sim/tds', tds.app);
  const sftp = opts.priceFileOverSftp ? await startPriceFileSftp({ catalog: tds.catalog, clock }) : undefined;
  const ftp = opts.priceFileOverFtp ? await startPriceFileFtp({ catalog: tds.catalog, clock }) : sftp;

  const db = await openNodeDb(':memory:');
  const calls: UpstreamCall[] = [];
  const requests: SentRequest[] = [];
  const apiRoot = `${origin}/sim/cw/v4_6_release/apis/3.0/`;
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (url.startsWith(apiRoot)) {
      const path = url.slice(apiRoot.length).split('?')[0]!;
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      requests.push({ method, path, body });
    }
    return globalThis.fetch(input, init);
  };
  const deps: Deps = {
    env: parseEnv({ PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on' }),
    db,
    secrets: await createSecretBox(newSecretsKey()),
    sessionSecret: 'test-session-secret',
    adminToken: 'test-admin-token',
    version: 'test',
    now: () => clock.now(),
    fetch: recordingFetch,
    recorder: { record: (call) => calls.push(call) },
    // Our own per-minute limits (900 ConnectWise calls a minute) would make a test wait for real minutes.
    limiters: new LimiterRegistry(opts.limits ?? UNTHROTTLED),
    simulatorScreenOrigins: [],
    fileTransfer: nodeFileTransfer,
  };
  await upsertTenant(
    db,
    { id: TENANT, name: 'Acme MSP', cwSite: origin, cwCompanyId: cw.companyId, podOrigins: [], timeZone: 'UTC' },
    clock.now(),
  );
  await saveConnection(deps, {
    tenantId: TENANT,
    system: 'cw',
    config: {
      site: origin,
      apiUrl: `${origin}/sim/cw/v4_6_release/apis/3.0`,
      companyId: cw.credentials.companyId,
      publicKey: cw.credentials.publicKey,
      clientId: CLIENT_ID,
    },
    secrets: { privateKey: cw.credentials.privateKey },
  });
  await saveConnection(deps, {
    tenantId: TENANT,
    system: 'tds',
    config: {
      customerNo: tds.credentials.customerNo,
      user: tds.credentials.user,
      environment: opts.environment ?? 'sandbox',
      xmlUrl: `${origin}/sim/tds`,
      restUrl: `${origin}/sim/tds`,
      oauthClientId: tds.oauth.clientId,
      ...(ftp
        ? {
            priceFile: {
              url: `${ftp.url}/${ftp.files.full}`,
              deltaUrl: `${ftp.url}/${ftp.files.delta}`,
              categoriesUrl: `${ftp.url}/${ftp.files.categories}`,
              user: DEMO_FTP.user,
              ...(sftp && opts.priceFileOverSftp?.pinHostKey ? { hostKeySha256: sftp.hostKeySha256 } : {}),
            },
          }
        : {}),
    },
    secrets: {
      password: tds.credentials.password,
      oauthClientSecret: tds.oauth.clientSecret,
      ...(ftp ? { priceFilePassword: DEMO_FTP.password } : {}),
    },
  });
  const engine = createEngine({
    db,
    templates: opts.templates ?? [productSync],
    deps,
    now: () => clock.now(),
    startOnRequest: false,
    random: () => 0.5,
    ...(opts.stepMs ? { stepMs: opts.stepMs } : {}),
  });
  const sim = (system: 'cw' | 'tds') => `${origin}/sim/${system}/_sim`;
  const stats = async (system: 'cw' | 'tds') => {
    const body = (await (await fetch(`${sim(system)}/stats`)).json()) as {
      routes?: Record<string, { count?: number } | number>;
    } & Record<string, unknown>;
    return flattenStats(body);
  };

  return {
    origin,
    db,
    deps,
    clock,
    cw,
    tds,
    engine,
    calls,
    requests,
    async setSettings(settings) {
      // These suites were written for the Digital Bridge REST catalogue; price-file suites name their source.
      const withSource =
        settings && typeof settings === 'object' && !('source' in settings)
          ? { source: { type: 'catalogue' }, ...settings }
          : settings;
      await engine.setSettings(TENANT, 'product-sync', withSource);
    },
    async run(runOpts = {}) {
      const { run } = await engine.runNow(TENANT, runOpts.templateId ?? 'product-sync', { full: runOpts.full });
      for (let tick = 0; tick < (runOpts.maxTicks ?? 500); tick++) {
        await engine.tick();
        const current = await engine.run(run.id);
        if (current.state !== 'scheduled' && current.state !== 'running') return current;
        if (current.state === 'scheduled' && current.notBefore) {
          const wait = Date.parse(current.notBefore) - clock.now().getTime();
          if (wait > 0) clock.advance(wait + 1);
        }
      }
      throw new Error(`run ${run.id} did not finish`);
    },
    cwStats: () => stats('cw'),
    tdsStats: () => stats('tds'),
    async resetStats() {
      await fetch(`${sim('cw')}/stats`, { method: 'DELETE' });
      await fetch(`${sim('tds')}/stats`, { method: 'DELETE' });
      calls.length = 0;
      requests.length = 0;
    },
    catalog: () => cw.list('procurement/catalog'),
    managed: () => cw.list('procurement/catalog').filter((i) => String(i.integrationXRef ?? '').startsWith('TDS:')),
    async close() {
      await engine.stop();
      await ftp?.close();
      await new Promise<void>((done) => server.close(() => done()));
      await store.close();
      db.$client.close();
      configureTdsCatalog({ size: undefined });
    },
  };
}

/** `/_sim/stats` → { 'POST procurement/catalog': 12, … } whatever the exact nesting. */
function flattenStats(body: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const routes = (body as { routes?: unknown }).routes ?? body;
  if (Array.isArray(routes)) {
    for (const r of routes as Array<Record<string, unknown>>) {
      const key = String(r.route ?? `${String(r.method ?? '')} ${String(r.path ?? '')}`).trim();
      out[key] = (out[key] ?? 0) + Number(r.count ?? r.calls ?? 0);
    }
  } else if (routes && typeof routes === 'object') {
    for (const [k, v] of Object.entries(routes as Record<string, unknown>)) {
      out[k] = typeof v === 'number' ? v : Number((v as { count?: number }).count ?? 0);
    }
  }
  return out;
}

/** Calls in `stats` whose route matches `method` and contains `fragment`. */
export function callsTo(stats: Record<string, number>, method: string, fragment: string): number {
  return Object.entries(stats)
    .filter(([route]) => route.toUpperCase().startsWith(`${method} `) && route.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
}

/** Writes in `stats`: POST (not …/search), PATCH, PUT, DELETE. */
export function writesIn(stats: Record<string, number>): number {
  return Object.entries(stats)
    .filter(([route]) => /^(PATCH|PUT|DELETE) /i.test(route) || (/^POST /i.test(route) && !route.endsWith('/search')))
    .reduce((n, [, c]) => n + c, 0);
}
