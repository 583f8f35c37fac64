/**
 * `npm run sim`: the ConnectWise PSA and TD SYNNEX simulators alone, for other tools (Postman, another
 * ConnectWise client, a load generator). State in data/sim.db unless SIM_DATABASE_URL says otherwise.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { nodeAssets } from '../server/entry/node-assets.ts';
import { DEMO_TDS_PURCHASE_ORDERS } from './data/cw-seed.ts';
import { createSimulators, type Simulators } from './index.ts';
import { DEMO_FTP } from './tds/account.ts';
import { type PriceFileFtpServer, startPriceFileFtp } from './tds/price-file-ftp.ts';

const port = Number(process.env.SIM_PORT ?? process.env.PORT ?? 8790);
const host = process.env.HOST ?? '127.0.0.1';

let sims: Simulators | undefined;
let ftp: PriceFileFtpServer | undefined;
const server = serve({
  fetch: (request) => (sims ? root.fetch(request) : new Response('starting', { status: 503 })),
  port,
  hostname: host,
});
const root = new Hono();
const assets = nodeAssets();
// The simulated screens' host script imports shared chunks from /assets (dist/assets).
root.get('/assets/*', async (c) => (await assets(c.req.path)) ?? c.notFound());
server.once('listening', async () => {
  const actual = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${actual}`;
  sims = await createSimulators({
    dbUrl: process.env.SIM_DATABASE_URL ?? 'file:./data/sim.db',
    origin,
    catalogSize: process.env.SIM_CATALOG_SIZE ? Number(process.env.SIM_CATALOG_SIZE) : undefined,
    // ConnectWise throttles around 1,000 requests a minute; load tools may lift it (0 = off).
    cwRateLimitPerMinute: process.env.SIM_CW_RATE_LIMIT_PER_MINUTE
      ? Number(process.env.SIM_CW_RATE_LIMIT_PER_MINUTE)
      : undefined,
    cwSizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS },
    assets,
  });
  root.route('/sim', sims.app);
  ftp = await startPriceFileFtp({ catalog: sims.tds.catalog, clock: sims.clock, host });
  console.log('Simulators running');
  console.log(
    `  ConnectWise PSA REST: ${origin}/sim/cw/v4_6_release/apis/3.0/  (company demo, keys demo-public-key / demo-private-key)`,
  );
  console.log(
    `  TD SYNNEX XML:        ${origin}/sim/tds/SynnexXML/PriceAvailability  (100001 / demo@tds-bridge.test / demo-password)`,
  );
  console.log(
    `  TD SYNNEX price file: ${ftp.url}/${ftp.files.full}  (FTP ${DEMO_FTP.user} / ${DEMO_FTP.password}; also ${ftp.files.delta}, ${ftp.files.categories})`,
  );
  console.log(`  Control:              ${origin}/sim/cw/_sim/stats  ${origin}/sim/tds/_sim/stats`);
});
const stop = async () => {
  server.close();
  await ftp?.close();
  await sims?.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
