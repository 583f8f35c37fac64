/**
 * The sandbox tenant `demo`, connected to the simulators. Created on an empty database; on later starts
 * only its addresses are refreshed (the port may have changed) — nothing is re-seeded and nothing lost.
 */
import type { Simulators } from '../../sim/index.ts';
import { applyHostedSetups } from '../activation/hosted-setups.ts';
import type { Deps } from '../deps.ts';
import { saveConnection } from '../tenants/connections.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import { getTenant, upsertTenant } from '../tenants/tenant-repo.ts';

export const DEMO_TENANT_ID = 'demo';
const DEMO_CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

export async function ensureDemoTenant(
  deps: Deps,
  where: { podOrigin: string; screensOrigin: string; simulators: Simulators },
): Promise<{ created: boolean }> {
  const existing = await getTenant(deps.db, DEMO_TENANT_ID);
  const now = deps.now();
  await upsertTenant(
    deps.db,
    {
      id: DEMO_TENANT_ID,
      name: existing?.name ?? 'Demo MSP (simulated ConnectWise)',
      cwSite: where.screensOrigin,
      cwCompanyId: where.simulators.cw.companyId,
      podOrigins: [where.screensOrigin],
      timeZone: existing?.timeZone ?? 'America/New_York',
    },
    now,
  );
  const cw = where.simulators.cw.credentials;
  await saveConnection(deps, {
    tenantId: DEMO_TENANT_ID,
    system: 'cw',
    config: {
      site: where.screensOrigin,
      apiUrl: `${where.podOrigin}/sim/cw/v4_6_release/apis/3.0`,
      companyId: cw.companyId,
      publicKey: cw.publicKey,
      clientId: DEMO_CLIENT_ID,
    },
    secrets: { privateKey: cw.privateKey },
  });
  const tds = where.simulators.tds;
  await saveConnection(deps, {
    tenantId: DEMO_TENANT_ID,
    system: 'tds',
    config: {
      customerNo: tds.credentials.customerNo,
      user: tds.credentials.user,
      environment: 'simulator',
      xmlUrl: `${where.podOrigin}/sim/tds`,
      restUrl: `${where.podOrigin}/sim/tds`,
      oauthClientId: tds.oauth.clientId,
    },
    secrets: { password: tds.credentials.password, oauthClientSecret: tds.oauth.clientSecret },
  });
  // The pods must be registered in ConnectWise to appear on its screens (activation does this for real tenants).
  await applyHostedSetups(await cwClientFor(deps, DEMO_TENANT_ID), where.podOrigin);
  return { created: !existing };
}
