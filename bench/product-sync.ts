/**
 * Product Sync figures (`npm run bench`), printed, not asserted. The simulators run in a child process with
 * 50 ms latency per call, so what is measured here is tds-bridge's side:
 *
 * 1. Catalogue source, ~20,000 products: upstream calls of the initial sync, of a rerun with ~1% changed and of
 *    an unchanged rerun (full passes), and of an incremental rerun, each next to the minimum possible, with
 *    wall time.
 * 2. Price-file source, 100,000 products: peak RSS of the sync, measured in its own process.
 *
 * Modes: no argument = run the bench; `--sims` = the simulator child; `--price-file-sync` = the sync child.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openNodeDb } from '../db/migrate.ts';
import { LimiterRegistry, type LimitSettings } from '../server/connectors/limiter.ts';
import type { UpstreamCall } from '../server/connectors/upstream.ts';
import type { Deps } from '../server/deps.ts';
import { parseEnv } from '../server/env.ts';
import { createSecretBox, newSecretsKey } from '../server/security/secrets.ts';
import { createEngine } from '../server/sync/engine/index.ts';
import { createBody, desiredFields, identifierFor } from '../server/sync/templates/product-sync/mapping.ts';
import { ProductSyncSettings } from '../server/sync/templates/product-sync/settings.ts';
import { productSync } from '../server/sync/templates/product-sync.ts';
import { saveConnection } from '../server/tenants/connections.ts';
import { upsertTenant } from '../server/tenants/tenant-repo.ts';
import { configureTdsCatalog, tdsCatalog } from '../sim/data/tds-catalog.ts';
import { createSimulators, type Simulators } from '../sim/index.ts';
import { type StartedProcess, startProcess } from '../test/support/processes.ts';

const SELF = fileURLToPath(import.meta.url);
const LATENCY_MS = 50;
const CATALOG_SIZE = 120_000;
/** ~20,000 products in six categories, each within TD SYNNEX's 10,000-row search window. */
const CATALOGUE_CATEGORIES = ['002026', '002057', '006022', '006052', '006068', '006070'];
/** ~100,000 products for the price-file run. */
const PRICE_FILE_CATEGORIES = ['001', '002', '003', '005', '006', '008', '009'];
/** ConnectWise calls in flight for the bench (production default: 8 at once, 900 a minute). */
const BENCH_LIMITS: Record<'cw' | 'tds', LimitSettings> = {
  cw: { concurrency: 32, perMinute: 0 },
  tds: { concurrency: 4, perMinute: 0 },
};
const TENANT = 'bench';

const catalogueSettings = {
  categories: CATALOGUE_CATEGORIES,
  incremental: false,
  mapping: { subcategory: 'Network Device' },
};
const priceFileSettings = {
  categories: PRICE_FILE_CATEGORIES,
  source: { type: 'price-file', from: 'tds' },
  cap: 120_000,
  incremental: false,
  mapping: { subcategory: 'Network Device' },
};

// ── Simulator child ───────────────────────────────────────────────────────────────────────────────

async function simsChild(): Promise<void> {
  configureTdsCatalog({ size: CATALOG_SIZE });
  const root = new Hono();
  const server = serve({ fetch: (r) => root.fetch(r), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // ConnectWise's throttling (1,000 a minute by default) is lifted: the bench measures tds-bridge's side.
  const sims = await createSimulators({
    dbUrl: ':memory:',
    origin,
    catalogSize: CATALOG_SIZE,
    cwRateLimitPerMinute: 0,
  });
  root.route('/sim', sims.app);
  const seeded = process.env.SEED_PRICE_FILE_PRODUCTS === '1' ? seedManaged(sims) : 0;
  process.stdout.write(`READY ${origin} ${seeded}\n`);
}

/**
 * Puts the price-file products into the simulated ConnectWise as Product Sync would have written them (the
 * simulator checks identifier uniqueness against every item on each API write, so 100,000 API creates would
 * take hours there). The sync then reads them all, compares them all, and writes what changed.
 */
function seedManaged(sims: Simulators): number {
  const settings = ProductSyncSettings.parse(priceFileSettings);
  const store = sims.store;
  const catalogColl = store.collection<Record<string, unknown>>('cw:procurement/catalog');
  const makers = store.collection<Record<string, unknown>>('cw:procurement/manufacturers');
  const byName = (path: string, name: string) =>
    sims.cw.list(path).find((r) => String(r.name).toLowerCase() === name.toLowerCase()) as { id: number; name: string };
  const makerIds = new Map(
    sims.cw.list('procurement/manufacturers').map((m) => [String(m.name).toLowerCase(), Number(m.id)]),
  );
  const refs = {
    category: byName('procurement/categories', 'Hardware'),
    subcategory: byName('procurement/subcategories', 'Network Device'),
    type: byName('procurement/types', 'Hardware'),
    unitOfMeasure: byName('procurement/unitOfMeasures', 'Each'),
  };
  // The MSP's own seeded items would collide with part numbers; this run is about volume, not conflicts.
  for (const item of sims.cw.list('procurement/catalog')) catalogColl.delete(Number(item.id));
  const taken = new Set<string>();
  const now = sims.clock.now();
  const stamp = {
    dateEntered: `${now.toISOString().slice(0, 19)}Z`,
    lastUpdated: `${now.toISOString().slice(0, 19)}Z`,
    enteredBy: 'tds-api',
    updatedBy: 'tds-api',
  };
  const catalog = sims.tds.catalog;
  let count = 0;
  for (const code of PRICE_FILE_CATEGORIES) {
    for (const index of catalog.indexesInCategory(code)) {
      const p = catalog.product(index);
      if (p.status === 'Discontinued') continue;
      const price = catalog.priceAt(index, now);
      const product = {
        sku: p.sku,
        mfgPN: p.mfgPN,
        manufacturer: p.manufacturer.toUpperCase(),
        description: p.description,
        categoryCode: p.categoryCode,
        discontinued: false,
        cost: price.unitCost,
        msrp: price.msrp,
      };
      const id = identifierFor(product, settings);
      if (!id.ok || taken.has(id.identifier.toLowerCase())) continue;
      taken.add(id.identifier.toLowerCase());
      let makerId = makerIds.get(p.manufacturer.toLowerCase());
      if (makerId === undefined) {
        makerId = 20 + makers.nextId();
        makers.set(makerId, { id: makerId, name: p.manufacturer, inactiveFlag: false, _info: stamp });
        makerIds.set(p.manufacturer.toLowerCase(), makerId);
      }
      const { managed, onCreate } = desiredFields(product, id.identifier, settings, {
        vendor: null,
        manufacturerId: () => makerId,
      });
      const body = createBody(p.sku, managed, onCreate);
      const recId = 1500 + catalogColl.nextId();
      catalogColl.set(recId, {
        ...body,
        id: recId,
        ...refs,
        manufacturer: { id: makerId, name: p.manufacturer },
        serializedFlag: false,
        taxableFlag: true,
        dropShipFlag: false,
        specialOrderFlag: false,
        billableOption: 'Billable',
        _info: stamp,
      });
      count++;
    }
  }
  return count;
}

async function startSims(seed: boolean): Promise<{ child: StartedProcess; origin: string; seeded: number }> {
  const child = await startProcess({
    name: 'Product Sync bench simulators',
    command: process.execPath,
    args: ['--import', 'tsx', SELF, '--sims'],
    env: { SEED_PRICE_FILE_PRODUCTS: seed ? '1' : '0', TDS_CATALOG_SIZE: String(CATALOG_SIZE) },
    ready: /READY (\S+) (\d+)/,
    timeoutMs: 600_000,
  });
  const line = /READY (\S+) (\d+)/.exec(child.output())?.[0] ?? '';
  const [, origin, seeded] = line.split(' ');
  const post = (path: string, body: unknown) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/sim/cw/_sim/faults', { latency: { ms: LATENCY_MS } });
  await post('/sim/tds/_sim/faults', { latency: { ms: LATENCY_MS } });
  await post('/sim/cw/_sim/rate-limit', { perMinute: 0 });
  return { child, origin: origin!, seeded: Number(seeded) };
}

// ── The product side ──────────────────────────────────────────────────────────────────────────────

async function productSide(origin: string, settings: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'product-sync-bench-'));
  const db = await openNodeDb(`file:${join(dir, 'bench.db')}`);
  const calls: UpstreamCall[] = [];
  const deps: Deps = {
    env: parseEnv({ PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'off' }),
    db,
    secrets: await createSecretBox(newSecretsKey()),
    sessionSecret: 'bench',
    adminToken: 'bench',
    version: 'bench',
    now: () => new Date(),
    fetch: globalThis.fetch.bind(globalThis),
    recorder: { record: (call) => calls.push(call) },
    limiters: new LimiterRegistry(BENCH_LIMITS),
    simulatorScreenOrigins: [],
  };
  await upsertTenant(
    db,
    { id: TENANT, name: 'Bench MSP', cwSite: origin, cwCompanyId: 'demo', podOrigins: [], timeZone: 'UTC' },
    new Date(),
  );
  await saveConnection(deps, {
    tenantId: TENANT,
    system: 'cw',
    config: {
      site: origin,
      apiUrl: `${origin}/sim/cw/v4_6_release/apis/3.0`,
      companyId: 'demo',
      publicKey: 'demo-public-key',
      clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    },
    secrets: { privateKey: 'demo-private-key' },
  });
  await saveConnection(deps, {
    tenantId: TENANT,
    system: 'tds',
    config: {
      customerNo: '100001',
      user: 'demo@tds-bridge.test',
      environment: 'sandbox',
      xmlUrl: `${origin}/sim/tds`,
      restUrl: `${origin}/sim/tds`,
      oauthClientId: 'tds-bridge-demo',
    },
    secrets: { password: 'demo-password', oauthClientSecret: 'demo-client-secret' },
  });
  const engine = createEngine({ db, templates: [productSync], deps, startOnRequest: false });
  await engine.setSettings(TENANT, 'product-sync', settings);
  async function run(opts: { full?: boolean } = {}) {
    calls.length = 0;
    const started = performance.now();
    const { run } = await engine.runNow(TENANT, 'product-sync', opts);
    for (;;) {
      await engine.tick();
      const current = await engine.run(run.id);
      if (current.state !== 'scheduled' && current.state !== 'running') {
        return { run: current, seconds: (performance.now() - started) / 1000, calls: [...calls] };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    engine,
    run,
    async close() {
      await engine.stop();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type RunResult = Awaited<ReturnType<Awaited<ReturnType<typeof productSide>>['run']>>;

function byRoute(calls: UpstreamCall[]) {
  const out: Record<string, number> = {};
  for (const c of calls)
    out[`${c.method} ${c.route.replace(/^\S+ /, '')}`] = (out[`${c.method} ${c.route.replace(/^\S+ /, '')}`] ?? 0) + 1;
  return out;
}

/** Minimum calls: every managed item read once (1,000 a page, plus the empty page after a full one), every
 * in-scope product read once (100 a page) with one token, one write per item that changed. */
function minimum(r: RunResult, managedBefore: number, inScope: number[]) {
  const cwPages = Math.floor(managedBefore / 1000) + 1;
  const tdsPages = inScope.reduce((n, c) => n + Math.max(1, Math.ceil(c / 100)), 0) + 1;
  const writes = r.run.counts.added + r.run.counts.updated + r.run.counts.deactivated;
  return { cwPages, tdsPages, writes, total: cwPages + tdsPages + writes };
}

function report(label: string, r: RunResult, min: ReturnType<typeof minimum>) {
  const routes = byRoute(r.calls);
  const actual = r.calls.length;
  const c = r.run.counts;
  console.log(
    `${label.padEnd(30)} ${String(actual).padStart(6)} ${String(min.total).padStart(8)}   ${(actual - min.total >= 0 ? '+' : '') + (actual - min.total)}`.padEnd(
      62,
    ) +
      `${r.seconds.toFixed(1).padStart(7)} s   added ${c.added}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${c.skipped}, errors ${c.errors}`,
  );
  const extra = Object.entries(routes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`${''.padEnd(30)} calls: ${extra}`);
  const refused = (routes['POST procurement/catalog'] ?? 0) - c.added;
  const makers = (routes['GET procurement/manufacturers'] ?? 0) + (routes['POST procurement/manufacturers'] ?? 0);
  if (actual > min.total) {
    console.log(
      `${''.padEnd(30)} over the minimum: ${refused} creates refused (part number already used by one of the MSP's own items; logged once, skipped afterwards), ${makers} manufacturer calls (list read once, missing ones added)`,
    );
  }
}

async function catalogueBench(): Promise<void> {
  const { child, origin } = await startSims(false);
  const side = await productSide(origin, catalogueSettings);
  try {
    const counts = CATALOGUE_CATEGORIES.map((code) => tdsCatalog(42, CATALOG_SIZE).categorySize(code));
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(
      `\nProduct Sync, REST catalogue source: ${total.toLocaleString('en-US')} products in ${CATALOGUE_CATEGORIES.length} categories`,
    );
    console.log(
      `Simulators in a child process, ${LATENCY_MS} ms latency per call; ConnectWise simulator rate limit raised (off);`,
    );
    console.log(
      `tds-bridge limiter raised to ${BENCH_LIMITS.cw.concurrency} ConnectWise calls at once, no per-minute limit (production: 8 at once, 900/min).`,
    );
    console.log('run                            calls  minimum   over    wall time');
    const cpu0 = cpuSeconds(child.pid);
    const first = await side.run();
    const cpu1 = cpuSeconds(child.pid);
    report('initial sync', first, minimum(first, 0, counts));
    console.log(
      `${''.padEnd(30)} CPU: tds-bridge ${(cpu1.self - cpu0.self).toFixed(0)} s, simulators ${(cpu1.child - cpu0.child).toFixed(0)} s`,
    );
    if (process.env.BENCH_ONLY === 'initial') return;
    const managed = first.run.counts.added;
    await fetch(`${origin}/sim/cw/_sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: '12h' }),
    });
    const changedFrom = await simNow(origin);
    const changed = await side.run();
    report('rerun, ~1% changed (12 h)', changed, minimum(changed, managed, counts));
    const unchanged = await side.run();
    report('unchanged rerun', unchanged, minimum(unchanged, managed, counts));
    if (unchanged.run.counts.updated > 0) {
      const moved = changedSince(changedFrom, await simNow(origin));
      console.log(
        `${''.padEnd(30)} its writes: the simulator's clock runs with wall time, and TD SYNNEX changed ${moved} products in scope while these two runs went on`,
      );
    }
    await side.engine.setSettings(TENANT, 'product-sync', { ...catalogueSettings, incremental: true });
    // The settings changed, so this one is a full pass again; the next is incremental.
    await side.run();
    await fetch(`${origin}/sim/cw/_sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: '1h' }),
    });
    const incremental = await side.run();
    const incMin = { ...minimum(incremental, managed, []), tdsPages: CATALOGUE_CATEGORIES.length + 1 };
    incMin.total = incMin.cwPages + incMin.tdsPages + incMin.writes;
    report('incremental rerun (1 h later)', incremental, incMin);
  } finally {
    await side.close();
    await child.stop();
  }
}

async function simNow(origin: string): Promise<number> {
  const body = (await (await fetch(`${origin}/sim/cw/_sim/clock`)).json()) as { now: string };
  return Date.parse(body.now);
}

/** Active products of the catalogue categories whose TD SYNNEX data changed in (from, to]. */
function changedSince(from: number, to: number): number {
  const catalog = tdsCatalog(42, CATALOG_SIZE);
  let n = 0;
  for (const code of CATALOGUE_CATEGORIES) {
    for (const index of catalog.indexesInCategory(code)) {
      if (catalog.changedBetween(index, from, to) && catalog.product(index).status === 'Active') n++;
    }
  }
  return n;
}

/** CPU seconds used so far by this process and by the simulator child (Linux /proc). */
function cpuSeconds(childPid: number): { self: number; child: number } {
  const usage = process.cpuUsage();
  let child = 0;
  try {
    const fields = readFileSync(`/proc/${childPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    child = (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    child = Number.NaN;
  }
  return { self: (usage.user + usage.system) / 1e6, child };
}

// ── 100,000 products from the price file: peak RSS of the sync in its own process ────────────────────

async function priceFileSyncChild(origin: string): Promise<void> {
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const side = await productSide(origin, priceFileSettings);
  const baseline = process.memoryUsage().rss;
  const debug = process.env.BENCH_DEBUG
    ? setInterval(async () => {
        const m = process.memoryUsage();
        const [r] = (await side.engine.runs({ tenantId: TENANT, limit: 1 } as never)).items;
        const cp = r?.checkpoint as { phase?: string; priceFile?: { phase: string; line: number } } | null;
        process.stderr.write(
          `rss ${(m.rss / 1e6).toFixed(0)} heap ${(m.heapUsed / 1e6).toFixed(0)} ext ${(m.external / 1e6).toFixed(0)} ab ${(m.arrayBuffers / 1e6).toFixed(0)} ${cp?.phase} ${cp?.priceFile?.phase} ${cp?.priceFile?.line} ${JSON.stringify(r?.counts)}\n`,
        );
      }, 2000)
    : undefined;
  const result = await side.run();
  clearInterval(debug);
  clearInterval(sample);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  await side.close();
  process.stdout.write(
    `RESULT ${JSON.stringify({ state: result.run.state, error: result.run.errorMessage, counts: result.run.counts, seconds: result.seconds, calls: result.calls.length, routes: byRoute(result.calls), peakRss: hwm ? Number(hwm) * 1024 : peak, sampledPeak: peak, baseline })}\n`,
  );
  process.exit(0);
}

async function priceFileBench(): Promise<void> {
  const { child: sims, origin, seeded } = await startSims(true);
  try {
    await fetch(`${origin}/sim/cw/_sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: '2h' }),
    });
    const sync = spawn(process.execPath, ['--import', 'tsx', SELF, '--price-file-sync', origin], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    sync.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await new Promise((ok) => sync.once('exit', ok));
    const line = /RESULT (.+)/.exec(out)?.[1];
    if (!line) throw new Error(`the price-file sync process printed no result:\n${out}`);
    const r = JSON.parse(line) as {
      state: string;
      error?: string;
      counts: Record<string, number>;
      seconds: number;
      calls: number;
      routes: Record<string, number>;
      peakRss: number;
      baseline: number;
    };
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\nProduct Sync, price-file source: ${seeded.toLocaleString('en-US')} products already in ConnectWise, 120,000-line file, 2 h of TD SYNNEX changes`,
    );
    console.log(
      '(the products were put straight into the simulator: its per-write uniqueness scan makes 100,000 API creates take hours)',
    );
    console.log(
      `peak RSS of the sync process: ${mb(r.peakRss)} (goal ≤ 256 MB), ${mb(r.baseline)} of it before the run began (Node, tsx, modules, database); ${r.state}${r.error ? ` (${r.error})` : ''} in ${r.seconds.toFixed(1)} s; ${r.calls} calls`,
    );
    console.log(
      `counts: ${JSON.stringify(r.counts)}; calls: ${Object.entries(r.routes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  } finally {
    await sims.stop();
  }
}

export async function benchProductSync(): Promise<void> {
  if (process.env.BENCH_ONLY !== 'price-file') await catalogueBench();
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'price-file') await priceFileBench();
}

const mode = process.argv[2];
if (mode === '--sims') await simsChild();
else if (mode === '--price-file-sync') await priceFileSyncChild(process.argv[3]!);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchProductSync();
