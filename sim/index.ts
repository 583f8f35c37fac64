/**
 * Both simulators behind one Hono app mounted at /sim: ConnectWise PSA (REST API + screens that host
 * the pod) and TD SYNNEX (XML, catalogue, price file). Mounted only when the product runs without real
 * credentials or with SIMULATORS=on. State lives in its own libSQL database, beside the product's.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { SampleRecord, SimulatorMount } from '../server/deps.ts';
import { createSimClock, type SimClock } from './clock.ts';
import { controlPageRoutes } from './control-page.ts';
import { type CwSeedSizes, type CwSimulator, createCwSimulator } from './cw/index.ts';
import { hostScriptRoute, screenFieldFormRoutes, screenRoutes } from './cw/screens/screens.ts';
import { simulatorGuard } from './guard.ts';
import { SimStore } from './store.ts';
import { createTdsSimulator, type TdsSimulator } from './tds/index.ts';

export interface SimulatorOptions {
  /** libSQL URL of the simulators' own state; ':memory:' in tests. */
  dbUrl: string;
  /** Absolute origin the simulators are reachable at (Link headers, key_url, callbacks). */
  origin: string;
  seed?: number;
  catalogSize?: number;
  /** ConnectWise seed sizes (e.g. `tdsPurchaseOrders` for the order demo). */
  cwSizes?: Partial<CwSeedSizes>;
  /** Used by the ConnectWise simulator to deliver callbacks. */
  fetch?: typeof fetch;
  assets?: (path: string) => Promise<Response | null>;
  /** Fast callback retries for tests. */
  callbackRetryDelaysMs?: number[];
  /** ConnectWise throttling per minute (default 1000, as ConnectWise documents); 0 = off, for benches. */
  cwRateLimitPerMinute?: number;
}

export interface Simulators extends SimulatorMount {
  store: SimStore;
  clock: SimClock;
  cw: CwSimulator;
  tds: TdsSimulator;
  close(): Promise<void>;
}

export async function createSimulators(opts: SimulatorOptions): Promise<Simulators> {
  const store = await SimStore.open(opts.dbUrl);
  const clock = createSimClock(store);
  const seed = opts.seed ?? 42;
  const cw = await createCwSimulator({
    store,
    clock,
    seed,
    sizes: opts.cwSizes,
    baseUrl: `${opts.origin}/sim/cw`,
    fetch: opts.fetch,
    ...(opts.callbackRetryDelaysMs ? { callbackRetryDelaysMs: opts.callbackRetryDelaysMs } : {}),
    ...(opts.cwRateLimitPerMinute !== undefined ? { rateLimitPerMinute: opts.cwRateLimitPerMinute } : {}),
  });
  const tds = await createTdsSimulator({
    store,
    clock,
    seed,
    catalogSize: opts.catalogSize,
    baseUrl: `${opts.origin}/sim/tds`,
  });
  await store.flush();

  const app = new Hono();
  // First: controls and signing keys answer only this machine, changes only their own origin.
  app.use('*', simulatorGuard());
  app.route('/', hostScriptRoute(opts.assets));
  app.route('/cw/screens', screenRoutes({ cw }));
  app.route('/cw/_sim/form', screenFieldFormRoutes({ cw }));
  // Before the simulators' own apps, whose catch-all answers an unknown API path with 404.
  app.route(
    '/',
    controlPageRoutes({
      key: 'cw',
      title: 'ConnectWise PSA',
      about: html`Stands in for a ConnectWise PSA cloud site: the REST API at
        <code>/sim/cw/v4_6_release/apis/3.0/</code> (company <code>demo</code>, API keys, member cookie sign-in, paging,
        conditions, PATCH, callbacks, throttling) over seeded customers, opportunities, purchase orders and tickets, and
        the <a href="/">simulated screens</a> that host the tds-bridge pod.`,
      stats: cw.stats,
      faults: cw.faults,
      clock,
      reset: () => cw.reset(),
    }),
  );
  app.route(
    '/',
    controlPageRoutes({
      key: 'tds',
      title: 'TD SYNNEX',
      about: html`Stands in for TD SYNNEX's US XML services at <code>/sim/tds/SynnexXML/</code> (price &amp; availability,
        orders and their status, invoices) with a seeded catalog, per-warehouse stock, order lifecycles that follow this
        simulator's clock, and the price file; customer number <code>100001</code>.`,
      stats: tds.stats,
      faults: tds.faults,
      clock,
      reset: () => tds.reset(),
    }),
  );
  app.route('/cw', cw.app);
  app.route('/tds', tds.app);

  const sample = (entity: string, label: (r: Record<string, unknown>) => string): SampleRecord[] =>
    cw
      .list(entity)
      .slice(0, 6)
      .map((r) => ({ id: Number(r.id), label: label(r) }));

  return {
    app,
    store,
    clock,
    cw,
    tds,
    samples: () => ({
      opportunities: sample('sales/opportunities', (r) => String(r.name)),
      purchaseOrders: sample(
        'procurement/purchaseorders',
        (r) => `${String(r.poNumber)} – ${refName(r.vendorCompany)}`,
      ),
      tickets: sample('service/tickets', (r) => `#${String(r.id)} ${String(r.summary)}`),
      ordersToTds: ordersToTds(cw),
    }),
    close: () => store.close(),
  };
}

/** The seeded purchase orders to TD SYNNEX and the tickets that name them (`poNumber`). */
function ordersToTds(cw: CwSimulator) {
  const tickets = cw.list('service/tickets');
  return cw
    .list('procurement/purchaseorders')
    .filter((po) => {
      const vendor = po.vendorCompany as Record<string, unknown> | undefined;
      return String(vendor?.identifier ?? '').toUpperCase() === 'TDSYNNEX';
    })
    .slice(0, 6)
    .map((po) => {
      const ticket = tickets.find((t) => t.poNumber === po.poNumber);
      return {
        id: Number(po.id),
        label: `${String(po.poNumber)} – ${String(po.internalNotes ?? '').replace(/^For ticket #\d+: /, '')}`,
        ...(ticket
          ? { ticket: { id: Number(ticket.id), label: `#${String(ticket.id)} ${String(ticket.summary)}` } }
          : {}),
      };
    });
}

const refName = (v: unknown) => (v && typeof v === 'object' ? String((v as Record<string, unknown>).name ?? '') : '');
