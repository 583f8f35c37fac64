/**
 * Connections as the admin sees and edits them: configuration, which secrets are stored (never their
 * values), expiry countdown, and whether the standby has taken over. Saving keeps a stored secret when the
 * request leaves it out, but only while no URL changes (server/setup/connection-urls.ts).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditLog } from '../../db/schema/audit.ts';
import { connections } from '../../db/schema/connections.ts';
import { cwApiUrl } from '../connectors/cw/client.ts';
import type { Deps } from '../deps.ts';
import { type AppError, badRequest, notFound } from '../errors.ts';
import { type CwConfig, type LoadedConnection, loadConnections, saveConnection } from '../tenants/connections.ts';
import { AUDIT_RESTORED, AUDIT_TAKEOVER, clearTakeover, type Role, type System } from '../tenants/failover.ts';
import { getTenant, type Tenant } from '../tenants/tenant-repo.ts';
import type { CwConnectionInput, TdsConnectionInput } from './connection-schemas.ts';
import { assertUrlsAllowed, changedUrls, secretsRequired } from './connection-urls.ts';
import { type Expiry, expiryOf } from './expiry.ts';

type SetupDeps = Pick<Deps, 'db' | 'secrets' | 'now'>;
type SaveDeps = SetupDeps & Pick<Deps, 'env' | 'resolveHost'>;

export const AUDIT_CONNECTION_SAVED = 'connection.update';
export const AUDIT_CONNECTION_DELETED = 'connection.delete';

export interface ConnectionView {
  role: Role;
  config: Record<string, unknown>;
  /** Names of the secrets stored for this connection, e.g. ["privateKey"]. */
  secretsSet: string[];
  expiry: Expiry;
  updatedAt: string;
}

export interface SystemView {
  primary: ConnectionView | null;
  standby: ConnectionView | null;
  /** Which credential tds-bridge is using: the standby after a takeover not yet followed by a new primary. */
  inUse: Role | null;
  takeover: { at: string; reason: string; refusedCode?: string } | null;
}

export interface ConnectionsView {
  tenantId: string;
  cw: SystemView;
  tds: SystemView;
}

const TDS_XML_URLS = { production: 'https://ec.us.tdsynnex.com', sandbox: 'https://testec.us.tdsynnex.com' } as const;

export async function requireTenant(deps: Pick<Deps, 'db'>, tenantId: string): Promise<Tenant> {
  const tenant = await getTenant(deps.db, tenantId);
  if (!tenant)
    throw notFound('tenant_not_found', `There is no tenant "${tenantId}". GET /api/admin/tenants lists them.`);
  return tenant;
}

export async function connectionsView(deps: SetupDeps, tenantId: string): Promise<ConnectionsView> {
  const rows = await deps.db.select().from(connections).where(eq(connections.tenantId, tenantId));
  const now = deps.now();
  const [cw, tds] = await Promise.all([loadConnections(deps, tenantId, 'cw'), loadConnections(deps, tenantId, 'tds')]);
  const view = async (system: System, loaded: LoadedConnection<object, object>[]): Promise<SystemView> => {
    const one = (role: Role): ConnectionView | null => {
      const conn = loaded.find((c) => c.role === role);
      const row = rows.find((r) => r.system === system && r.role === role);
      if (!conn || !row) return null;
      return {
        role,
        config: { ...conn.config },
        secretsSet: Object.entries(conn.secrets)
          .filter(([, v]) => typeof v === 'string' && v.length > 0)
          .map(([k]) => k)
          .sort(),
        expiry: expiryOf(conn.expiresAt, now),
        updatedAt: row.updatedAt,
      };
    };
    const primary = one('primary');
    const standby = one('standby');
    const takeover = await latestTakeover(deps, tenantId, system);
    const inUse: Role | null = primary ? (takeover && standby ? 'standby' : 'primary') : standby ? 'standby' : null;
    return { primary, standby, inUse, takeover: standby ? takeover : null };
  };
  return { tenantId, cw: await view('cw', cw), tds: await view('tds', tds) };
}

/**
 * The last takeover of `system`, unless the primary answered again, or was replaced or removed, since.
 * (Saving the standby does not end a takeover: the standby is still the credential in use.)
 */
async function latestTakeover(deps: SetupDeps, tenantId: string, system: System) {
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        inArray(auditLog.target, [`${system}:standby`, `${system}:primary`]),
        inArray(auditLog.action, [AUDIT_TAKEOVER, AUDIT_RESTORED, AUDIT_CONNECTION_SAVED, AUDIT_CONNECTION_DELETED]),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(50);
  const last = rows.find(
    (r) => r.action === AUDIT_TAKEOVER || r.action === AUDIT_RESTORED || r.target === `${system}:primary`,
  );
  if (!last || last.action !== AUDIT_TAKEOVER) return null;
  const details = (last.details ?? {}) as { message?: string; refusedCode?: string };
  return {
    at: last.at,
    reason: details.message ?? 'the primary credential was refused',
    refusedCode: details.refusedCode,
  };
}

/** ConnectWise cloud UI hosts (na.myconnectwise.net) serve the API on the `api-` host. */
export function defaultCwApiUrl(site: string): string {
  const url = new URL(site);
  const cloud = /(^|\.)myconnectwise\.net$|(^|\.)connectwisedev\.com$/i.test(url.hostname);
  const host = cloud && !url.hostname.startsWith('api-') ? `api-${url.hostname}` : url.hostname;
  return cwApiUrl(`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
}

export async function saveCwConnection(
  deps: SaveDeps,
  tenant: Tenant,
  input: CwConnectionInput,
): Promise<{ secretsChanged: boolean }> {
  if (input.companyId.toLowerCase() !== tenant.cwCompanyId.toLowerCase()) {
    throw badRequest(
      'company_mismatch',
      `Tenant "${tenant.id}" is ConnectWise company "${tenant.cwCompanyId}", but the keys are for "${input.companyId}". Use keys of an API member of ${tenant.cwCompanyId}.`,
    );
  }
  const role = input.role;
  const existing = (await loadConnections(deps, tenant.id, 'cw')).find((c) => c.role === role);
  const site = input.site ?? (existing?.config as CwConfig | undefined)?.site ?? tenant.cwSite;
  const config = {
    site,
    apiUrl: input.apiUrl ?? defaultCwApiUrl(site),
    companyId: input.companyId,
    publicKey: input.publicKey,
    clientId: input.clientId,
  };
  await assertUrlsAllowed(deps, [
    { field: 'site', url: input.site },
    { field: 'apiUrl', url: config.apiUrl },
  ]);
  const changed = changedUrls(existing?.config, config, ['site', 'apiUrl']);
  if (changed.length && input.privateKey === undefined) throw secretsRequired(changed, ['privateKey']);
  const privateKey = input.privateKey ?? existing?.secrets.privateKey;
  if (!privateKey) throw missingSecret('privateKey', 'ConnectWise private key', role);
  await saveConnection(deps, {
    tenantId: tenant.id,
    system: 'cw',
    role,
    config,
    secrets: { privateKey },
    expiresAt: input.expiresAt === undefined ? (existing?.expiresAt ?? null) : input.expiresAt,
  });
  if (role === 'primary') await clearTakeover(deps, tenant.id, 'cw');
  return { secretsChanged: input.privateKey !== undefined };
}

export async function saveTdsConnection(
  deps: SaveDeps,
  tenant: Tenant,
  input: TdsConnectionInput,
): Promise<{ secretsChanged: boolean; warnings: string[] }> {
  const role = input.role;
  const existing = (await loadConnections(deps, tenant.id, 'tds')).find((c) => c.role === role);
  const xmlUrl = input.xmlUrl ?? (input.environment === 'simulator' ? undefined : TDS_XML_URLS[input.environment]);
  if (!xmlUrl) throw badRequest('xml_url_required', 'Give xmlUrl: the simulator has no fixed address.');
  const urls = { xmlUrl, invoiceUrl: input.invoiceUrl, restUrl: input.restUrl, priceFileUrl: input.priceFileUrl };
  // The price-file delivery's addresses follow the same rules as the connection's own: policy, and secrets again on change.
  const deliveryUrls = {
    'priceFile.url': input.priceFile?.url,
    'priceFile.deltaUrl': input.priceFile?.deltaUrl,
    'priceFile.categoriesUrl': input.priceFile?.categoriesUrl,
  };
  const existingPriceFile = existing?.config.priceFile;
  const storedDeliveryUrls = {
    'priceFile.url': existingPriceFile?.url,
    'priceFile.deltaUrl': existingPriceFile?.deltaUrl,
    'priceFile.categoriesUrl': existingPriceFile?.categoriesUrl,
  };
  const warnings = await assertUrlsAllowed(deps, [
    { field: 'xmlUrl', url: urls.xmlUrl },
    { field: 'invoiceUrl', url: urls.invoiceUrl },
    { field: 'restUrl', url: urls.restUrl },
    { field: 'priceFileUrl', url: urls.priceFileUrl, kind: 'price-file' },
    ...Object.entries(deliveryUrls).map(([field, url]) => ({ field, url, kind: 'price-file' as const })),
  ]);
  const changed = changedUrls(existing?.config, urls, Object.keys(urls));
  const deliveryChanged = existing ? changedUrls(storedDeliveryUrls, deliveryUrls, Object.keys(deliveryUrls)) : [];
  if (changed.length || deliveryChanged.length) {
    const missing = [
      ...(input.password === undefined ? ['password'] : []),
      ...(input.oauthClientId && input.oauthClientSecret === undefined && existing?.secrets.oauthClientSecret
        ? ['oauthClientSecret']
        : []),
      ...(input.priceFile && input.priceFile.password === undefined && existing?.secrets.priceFilePassword
        ? ['priceFile.password']
        : []),
    ];
    if (missing.length) throw secretsRequired([...changed, ...deliveryChanged], missing);
  }
  const password = input.password ?? existing?.secrets.password;
  if (!password) throw missingSecret('password', 'TD SYNNEX EC password', role);
  // A stored catalogue secret is kept only while a catalogue client id is still given.
  const oauthClientSecret = input.oauthClientId
    ? (input.oauthClientSecret ?? existing?.secrets.oauthClientSecret)
    : undefined;
  // A stored price-file password is kept while a price-file delivery is still given.
  const priceFilePassword = input.priceFile
    ? (input.priceFile.password ?? existing?.secrets.priceFilePassword)
    : undefined;
  if (input.oauthClientId && !oauthClientSecret)
    throw missingSecret('oauthClientSecret', 'catalogue API client secret', role);
  await saveConnection(deps, {
    tenantId: tenant.id,
    system: 'tds',
    role,
    config: {
      customerNo: input.customerNo,
      user: input.user,
      environment: input.environment,
      ...urls,
      oauthClientId: input.oauthClientId,
      ...(input.priceFile
        ? {
            priceFile: {
              url: input.priceFile.url,
              deltaUrl: input.priceFile.deltaUrl,
              categoriesUrl: input.priceFile.categoriesUrl,
              user: input.priceFile.user,
              hostKeySha256: input.priceFile.hostKeySha256,
            },
          }
        : {}),
    },
    secrets: {
      password,
      ...(oauthClientSecret ? { oauthClientSecret } : {}),
      ...(priceFilePassword ? { priceFilePassword } : {}),
    },
    expiresAt: input.expiresAt === undefined ? (existing?.expiresAt ?? null) : input.expiresAt,
  });
  if (role === 'primary') await clearTakeover(deps, tenant.id, 'tds');
  return {
    secretsChanged:
      input.password !== undefined || input.oauthClientSecret !== undefined || input.priceFile?.password !== undefined,
    warnings,
  };
}

export async function deleteConnection(
  deps: SetupDeps,
  tenantId: string,
  system: System,
  role: Role,
): Promise<boolean> {
  const deleted = await deps.db
    .delete(connections)
    .where(and(eq(connections.tenantId, tenantId), eq(connections.system, system), eq(connections.role, role)))
    .returning({ id: connections.id });
  await clearTakeover(deps, tenantId, system);
  return deleted.length > 0;
}

function missingSecret(field: string, what: string, role: Role): AppError {
  return badRequest(
    'secret_required',
    `Send "${field}": no ${what} is stored yet for the ${role} connection (a stored one is kept when you leave it out).`,
    { field },
  );
}
