/**
 * The sandbox tenant `demo`, connected to the simulators (in this process, or another one: `npm run sim`).
 * Created on an empty database; on later starts only its addresses are refreshed (the port may have
 * changed) — nothing is re-seeded and nothing lost. Its Product Sync gets the demo selection (demo-selection.ts)
 * while no categories are chosen.
 */
import { applyHostedSetups } from '../activation/hosted-setups.ts';
import type { Deps } from '../deps.ts';
import { saveChannel } from '../ops/alerts/channel-store.ts';
import { saveConnection } from '../tenants/connections.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import { getTenant, upsertTenant } from '../tenants/tenant-repo.ts';
import { ensureDemoSelection } from './demo-selection.ts';

export const DEMO_TENANT_ID = 'demo';
const DEMO_CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** Where the simulators are and how to sign in to them (their demo credentials). */
export interface SimulatorAccess {
  /** Origin serving /sim/cw and /sim/tds. */
  simOrigin: string;
  /** Origin of the simulated ConnectWise screens (the "ConnectWise site" members use). */
  screensOrigin: string;
  cw: { companyId: string; publicKey: string; privateKey: string };
  tds: {
    credentials: { customerNo: string; user: string; password: string };
    oauth: { clientId: string; clientSecret: string };
  };
  /** The simulated price-file FTP delivery, when this process runs one (Node). */
  priceFile?: { url: string; deltaUrl: string; categoriesUrl: string; user: string; password: string };
}

export async function ensureDemoTenant(
  deps: Deps,
  podOrigin: string,
  sims: SimulatorAccess,
): Promise<{ created: boolean }> {
  const existing = await getTenant(deps.db, DEMO_TENANT_ID);
  await upsertTenant(
    deps.db,
    {
      id: DEMO_TENANT_ID,
      name: existing?.name ?? 'Demo MSP (simulated ConnectWise)',
      cwSite: sims.screensOrigin,
      cwCompanyId: sims.cw.companyId,
      podOrigins: [sims.screensOrigin],
      timeZone: existing?.timeZone ?? 'America/New_York',
    },
    deps.now(),
  );
  await saveConnection(deps, {
    tenantId: DEMO_TENANT_ID,
    system: 'cw',
    config: {
      site: sims.screensOrigin,
      apiUrl: `${sims.simOrigin}/sim/cw/v4_6_release/apis/3.0`,
      companyId: sims.cw.companyId,
      publicKey: sims.cw.publicKey,
      clientId: DEMO_CLIENT_ID,
    },
    secrets: { privateKey: sims.cw.privateKey },
  });
  await saveConnection(deps, {
    tenantId: DEMO_TENANT_ID,
    system: 'tds',
    config: {
      customerNo: sims.tds.credentials.customerNo,
      user: sims.tds.credentials.user,
      environment: 'simulator',
      xmlUrl: `${sims.simOrigin}/sim/tds`,
      restUrl: `${sims.simOrigin}/sim/tds`,
      oauthClientId: sims.tds.oauth.clientId,
      ...(sims.priceFile
        ? {
            priceFile: {
              url: sims.priceFile.url,
              deltaUrl: sims.priceFile.deltaUrl,
              categoriesUrl: sims.priceFile.categoriesUrl,
              user: sims.priceFile.user,
            },
          }
        : {}),
    },
    secrets: {
      password: sims.tds.credentials.password,
      oauthClientSecret: sims.tds.oauth.clientSecret,
      ...(sims.priceFile ? { priceFilePassword: sims.priceFile.password } : {}),
    },
  });
  if (!existing) {
    // Alerts of the demo open tickets on the simulated Service Desk board (server/ops/alerts); the console
    // advises adding a channel that does not depend on ConnectWise.
    await saveChannel(deps, {
      tenantId: DEMO_TENANT_ID,
      name: 'connectwise-board',
      kind: 'ticket',
      enabled: true,
      config: { board: 'Service Desk', company: 'DemoMSP' },
      at: deps.now(),
    });
  }
  // The pods must be registered in ConnectWise to appear on its screens (activation does this for real tenants).
  await applyHostedSetups(await cwClientFor(deps, DEMO_TENANT_ID), { origin: podOrigin, tenantId: DEMO_TENANT_ID });
  await ensureDemoSelection(deps.db, DEMO_TENANT_ID, deps.now());
  return { created: !existing };
}
