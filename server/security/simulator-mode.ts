/**
 * Whether the simulators are mounted, decided once at start. `SIMULATORS=on|off` is obeyed; `auto` mounts
 * them only while nothing this server knows connects beyond this machine: no real endpoint or credential
 * in the environment, and no tenant in the database with a site or connection URL off loopback. So a
 * deployment whose tenants were created through the admin API never serves forgeable simulators by
 * accident. The demo tenant (all loopback) is the simulators' tenant.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { connections, tenants } from '../../db/schema/index.ts';
import type { Env } from '../env.ts';
import { isLoopbackHost } from '../http/client-ip.ts';

export interface SimulatorDecision {
  mounted: boolean;
  setting: Env['SIMULATORS'];
  /** Why, for the start banner and /api/health. */
  reason: string;
}

/** True for a URL whose host is this machine (the simulators here or in another process, tests, bench). */
export function isLocalUrl(value: unknown): boolean {
  if (typeof value !== 'string') return true;
  try {
    return isLoopbackHost(new URL(value).hostname);
  } catch {
    return true;
  }
}

const URL_KEYS = /url$|^site$/i;

/** The first URL of a tenant (site, pod origins, connection endpoints) that leaves this machine. */
async function remoteUrlOf(db: Db, tenantId?: string): Promise<{ tenantId: string; url: string } | undefined> {
  const tenantRows = await (tenantId
    ? db.select().from(tenants).where(eq(tenants.id, tenantId))
    : db.select().from(tenants));
  for (const t of tenantRows) {
    for (const url of [t.cwSite, ...t.podOrigins]) if (!isLocalUrl(url)) return { tenantId: t.id, url };
  }
  const connRows = await (tenantId
    ? db.select().from(connections).where(eq(connections.tenantId, tenantId))
    : db.select().from(connections));
  for (const row of connRows) {
    for (const [key, value] of Object.entries(row.config)) {
      if (URL_KEYS.test(key) && !isLocalUrl(value)) return { tenantId: row.tenantId, url: String(value) };
    }
  }
  return undefined;
}

/** The simulators' tenant: every address it uses is on this machine. */
export async function isSimulatorTenant(db: Db, tenantId: string): Promise<boolean> {
  const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  return Boolean(row) && !(await remoteUrlOf(db, tenantId));
}

function envReason(env: Env): string | undefined {
  for (const key of ['CW_SITE', 'CW_API_URL', 'TDS_XML_URL'] as const) {
    if (env[key] && !isLocalUrl(env[key])) return `${key} points at ${new URL(env[key]).host}`;
  }
  if (env.CW_PRIVATE_KEY && !env.CW_API_URL) return 'CW_PRIVATE_KEY is set';
  if (env.TDS_PASSWORD && !env.TDS_XML_URL) return 'TDS_PASSWORD is set';
  return undefined;
}

export async function decideSimulators(env: Env, db: Db): Promise<SimulatorDecision> {
  const setting = env.SIMULATORS;
  if (setting === 'on') return { mounted: true, setting, reason: 'SIMULATORS=on' };
  if (setting === 'off') return { mounted: false, setting, reason: 'SIMULATORS=off' };
  const fromEnv = envReason(env);
  if (fromEnv) return { mounted: false, setting, reason: `auto: ${fromEnv}` };
  const remote = await remoteUrlOf(db);
  if (remote) {
    return {
      mounted: false,
      setting,
      reason: `auto: tenant "${remote.tenantId}" connects to ${safeHost(remote.url)} (SIMULATORS=on forces them)`,
    };
  }
  return { mounted: true, setting, reason: 'auto: no tenant connects beyond this machine' };
}

const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return 'another host';
  }
};
