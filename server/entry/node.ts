/**
 * Node entry (`npm start`): build the pod if missing, open and migrate the embedded libSQL database,
 * mount the simulators when no real credentials are configured, seed the demo tenant on an empty
 * database, serve on 127.0.0.1:8787 and print where to go.
 */
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Db } from '../../db/client.ts';
import { ensurePrivateDbFile, openNodeDb } from '../../db/migrate.ts';
import type { CwSeedSizes } from '../../sim/cw/index.ts';
import type { Simulators } from '../../sim/index.ts';
import type { PriceFileFtpServer } from '../../sim/tds/price-file-ftp.ts';
import { createApp } from '../app.ts';
import { ensureDemoTenant } from '../bootstrap/demo-tenant.ts';
import { DEFAULT_LIMITS, LimiterRegistry } from '../connectors/limiter.ts';
import { nodeFileTransfer } from '../connectors/tds/file-transfer-node.ts';
import type { Deps } from '../deps.ts';
import { type Env, parseEnv } from '../env.ts';
import { DbUpstreamRecorder } from '../metrics/upstream-recorder.ts';
import { nodemailerSender } from '../ops/alerts/channels/email-node.ts';
import { createSecretBox, deriveSigningSecret } from '../security/secrets.ts';
import { decideSimulators } from '../security/simulator-mode.ts';
import type { HostResolver } from '../security/url-policy.ts';
import { createServices, type Services } from '../services.ts';
import type { Engine, Template } from '../sync/engine/index.ts';
import { DIST_DIR, nodeAssets, podIsBuilt } from './node-assets.ts';
import { loadNodeKeys } from './node-keys.ts';
import { removeServerRecord, writeServerRecord } from './server-record.ts';

const VERSION = '0.1.0';

/** Every address a host name resolves to (the URL policy refuses internal ones). */
const resolveWithDns: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface StartOptions {
  /** Overrides of process.env (tests pass PORT=0, DATABASE_URL=':memory:', …). */
  env?: Record<string, string | undefined>;
  /** Keep keys, admin token and simulator state on disk beside the database (default: when the DB is a file). */
  persistent?: boolean;
  /** Build the pod when dist/ lacks it (default true). */
  buildPod?: boolean;
  /** ConnectWise simulator seed sizes; `npm start` seeds the purchase orders to TD SYNNEX of the order demo. */
  cwSizes?: Partial<CwSeedSizes>;
  /** Seed the order demo's purchase orders to TD SYNNEX (`npm start`), unless cwSizes says otherwise. */
  demoPurchaseOrders?: boolean;
  /** TD SYNNEX simulator catalog size (tests use a small one). */
  catalogSize?: number;
  /** Fast callback retries in tests. */
  callbackRetryDelaysMs?: number[];
  quiet?: boolean;
  /** Where the start banner goes (default the console; tests read it to follow its links). */
  log?: (line: string) => void;
  /** Sync templates the engine runs (default: every template in server/sync/templates). */
  templates?: readonly Template[];
  /** Host resolution for the connection URL policy (default: the system resolver). */
  resolveHost?: HostResolver;
  /** How often the sync engine ticks (default 15 s; 0 = never, for tests that tick by hand). */
  tickIntervalMs?: number;
  /** Lease of an intake request (default 15 s): how soon work of a crashed process is resumed. */
  intakeLeaseMs?: number;
}

export interface RunningServer {
  url: string;
  /** Origin of the simulated ConnectWise screens (cross-origin to the pod). */
  screensUrl: string;
  port: number;
  deps: Deps;
  db: Db;
  simulators?: Simulators;
  engine: Engine;
  services: Services;
  close(): Promise<void>;
}

export async function start(opts: StartOptions = {}): Promise<RunningServer> {
  const env: Env = parseEnv({ ...process.env, ...opts.env });
  const fileDb = env.DATABASE_URL.startsWith('file:');
  const dataDir = (opts.persistent ?? fileDb) && fileDb ? dirname(resolve(env.DATABASE_URL.slice(5))) : undefined;
  const log = opts.quiet ? () => {} : (opts.log ?? ((line: string) => console.log(line)));

  if (opts.buildPod !== false && !podIsBuilt()) {
    log('Building the pod (first start)…');
    const { build } = await import('vite');
    await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn' });
  }

  const keys = loadNodeKeys(env, dataDir);
  const db = await openNodeDb(env.DATABASE_URL, env.LIBSQL_AUTH_TOKEN);
  // Decided once, before anything listens: see server/security/simulator-mode.ts.
  const simulatorMode = await decideSimulators(env, db);
  const recorder = new DbUpstreamRecorder(db);

  // Listen first: the simulators need the real port for their absolute URLs.
  let handler: ((request: Request) => Response | Promise<Response>) | undefined;
  const server = serve({
    fetch: (request) => (handler ? handler(request) : new Response('starting', { status: 503 })),
    port: env.PORT,
    hostname: env.HOST,
  });
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const port = (server.address() as AddressInfo).port;
  const podOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://127.0.0.1:${port}`;
  // A different host name makes the simulated ConnectWise screens a different origin from the pod,
  // as ConnectWise is: the pod is always tested cross-origin.
  const screensOrigin = `http://localhost:${port}`;

  const assets = nodeAssets(DIST_DIR);
  let simulators: Simulators | undefined;
  let priceFileFtp: PriceFileFtpServer | undefined;
  let demoFtpUser: { user: string; password: string } | undefined;
  if (simulatorMode.mounted) {
    // Loaded only when mounted: a deployment without simulators never evaluates sim/.
    const { createSimulators } = await import('../../sim/index.ts');
    const { startPriceFileFtp } = await import('../../sim/tds/price-file-ftp.ts');
    const { DEMO_FTP } = await import('../../sim/tds/account.ts');
    demoFtpUser = DEMO_FTP;
    const simDbUrl = env.SIM_DATABASE_URL ?? (dataDir ? `file:${resolve(dataDir, 'sim.db')}` : ':memory:');
    ensurePrivateDbFile(simDbUrl);
    simulators = await createSimulators({
      dbUrl: simDbUrl,
      origin: podOrigin,
      catalogSize: opts.catalogSize,
      cwSizes:
        opts.cwSizes ??
        (opts.demoPurchaseOrders
          ? { tdsPurchaseOrders: (await import('../../sim/data/cw-seed.ts')).DEMO_TDS_PURCHASE_ORDERS }
          : undefined),
      assets,
      callbackRetryDelaysMs: opts.callbackRetryDelaysMs,
    });
    // The simulated TD SYNNEX delivers the price file over real FTP, as TD SYNNEX does (free loopback port).
    priceFileFtp = await startPriceFileFtp({ catalog: simulators.tds.catalog, clock: simulators.clock });
  }

  const deps: Deps = {
    env,
    db,
    secrets: await createSecretBox(keys.secretsKey),
    sessionSecret: await deriveSigningSecret(keys.secretsKey, 'session'),
    adminToken: keys.adminToken,
    version: VERSION,
    now: () => new Date(),
    fetch: globalThis.fetch.bind(globalThis),
    resolveHost: opts.resolveHost ?? resolveWithDns,
    recorder,
    limiters: new LimiterRegistry(DEFAULT_LIMITS),
    assets,
    simulators,
    simulatorMode,
    simulatorScreenOrigins: simulators ? [screensOrigin] : [],
    publicOrigin: podOrigin,
    fileTransfer: nodeFileTransfer,
    // Email alerts need SMTP, which only Node has (server/ops/alerts/channels/email.ts).
    mailSender: nodemailerSender,
  };
  // Node has time: runs go on until done (budget Infinity); leases keep ticks and processes apart. Intake work
  // is drained at once when accepted, and again when a backoff ends or a dead process's lease expires.
  const services = createServices(deps, {
    templates: opts.templates,
    engine: { intake: { wakeTimers: true, leaseMs: opts.intakeLeaseMs } },
  });
  const { engine } = services;
  const app = createApp(services);
  handler = (request) => app.fetch(request);
  const tick = () =>
    void engine.tick().catch((error: Error) => console.error(`sync engine tick failed: ${error.message}`));
  const tickTimer = opts.tickIntervalMs === 0 ? undefined : setInterval(tick, opts.tickIntervalMs ?? 15_000);

  if (simulators) {
    await ensureDemoTenant(deps, podOrigin, {
      simOrigin: podOrigin,
      screensOrigin,
      cw: simulators.cw.credentials,
      tds: { credentials: simulators.tds.credentials, oauth: simulators.tds.oauth },
      priceFile: priceFileFtp &&
        demoFtpUser && {
          url: `${priceFileFtp.url}/${priceFileFtp.files.full}`,
          deltaUrl: `${priceFileFtp.url}/${priceFileFtp.files.delta}`,
          categoriesUrl: `${priceFileFtp.url}/${priceFileFtp.files.categories}`,
          ...demoFtpUser,
        },
    });
  }

  // Work a previous process accepted and did not finish (a crash after answering) resumes now.
  void services.intake.drain().catch((error: Error) => console.error(`intake drain failed: ${error.message}`));

  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  // The CLI reads this to find us without PORT in the operator's shell.
  if (dataDir) writeServerRecord(dataDir, { url, pid: process.pid, startedAt: new Date().toISOString() });
  log(`tds-bridge ${VERSION} is running`);
  log(`  Start here:        http://localhost:${port}/`);
  log(`  Pod:               ${podOrigin}/pod/`);
  log(`  API health:        ${url}/api/health`);
  if (simulators) log(`  Simulators:        ConnectWise ${podOrigin}/sim/cw/  TD SYNNEX ${podOrigin}/sim/tds/`);
  if (priceFileFtp) log(`  TD SYNNEX FTP:     ${priceFileFtp.url}/ (price file; user ${demoFtpUser?.user})`);
  log(`  Simulator mode:    ${simulators ? 'mounted' : 'off'} (${simulatorMode.reason})`);
  log(`  Database:          ${env.DATABASE_URL}`);
  if (keys.generated.includes('admin token'))
    log(`  Admin token:       ${keys.adminToken} (kept in ${dataDir ?? 'memory'})`);

  return {
    url,
    screensUrl: screensOrigin,
    port,
    deps,
    db,
    simulators,
    engine,
    services,
    async close() {
      clearInterval(tickTimer);
      if (dataDir) removeServerRecord(dataDir, process.pid);
      await engine.stop();
      await new Promise<void>((done) => server.close(() => done()));
      await recorder.flush();
      await priceFileFtp?.close();
      await simulators?.close();
      db.$client.close();
    },
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (!existsSync(DIST_DIR)) console.log('dist/ is missing; the pod will be built now.');
  start({ demoPurchaseOrders: true }).then(
    (running) => {
      const stop = () => running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(`tds-bridge could not start: ${error.message}`);
      process.exit(1);
    },
  );
}
