/**
 * Which signing-key URLs a tenant's callbacks may name. A key URL is trusted only when it is on a host of the
 * tenant's own ConnectWise — its site, its API host, the other hosts ConnectWise uses for that region
 * (`sandbox-na` and `api-na` beside `na`; public captures show a key URL on `sandbox-na` for an `na` API), and
 * the tenant's own `callbackKeyHosts` — has ConnectWise's key-URL shape, and names the tenant's company. Origins
 * are https, or http on loopback (simulators in another process). This server's origin is trusted only for the
 * tenant whose ConnectWise is the simulator mounted here.
 *
 * The URL fetched is rebuilt from the checked parts, so nothing but `…/system/callbackkey/index.rails?companyName=…&id=…`
 * on a trusted host is ever asked for.
 */
import type { Tenant } from '../tenants/tenant-repo.ts';

/** ConnectWise cloud domains whose region hosts come in families (`na`, `api-na`, `sandbox-na`). */
const CLOUD_DOMAINS = ['myconnectwise.net', 'connectwisedev.com'];
const HOST_PREFIXES = ['', 'api-', 'sandbox-'];
/** `/v4_6_release//system/callbackkey/index.rails`, `/v2025_1/system/…`, with a path prefix on-premise or simulated. */
const KEY_PATH = /^(?:\/[\w.-]+)*\/v[\w.]+\/+system\/callbackkey\/index\.rails$/i;
const KEY_ID = /^[\w-]{1,64}$/;

export interface TrustInput {
  tenant: Pick<Tenant, 'cwSite' | 'cwCompanyId' | 'callbackKeyHosts'>;
  /** URLs of the tenant's ConnectWise connections (site, apiUrl). */
  connectionUrls: string[];
  /** This server's public origin; trusted only when `simulatorTenant`. */
  serverOrigin?: string;
  simulatorTenant: boolean;
}

export interface TrustedKeyUrl {
  /** The URL to fetch, rebuilt from the checked parts. */
  url: string;
  /** Cache key: host, company and key id. */
  keyId: string;
}

function hostOf(url: string): { protocol: string; host: string } | undefined {
  try {
    const parsed = new URL(url);
    return { protocol: parsed.protocol, host: parsed.host.toLowerCase() };
  } catch {
    return undefined;
  }
}

/** The region family of a cloud host: `api-na.myconnectwise.net` → na, api-na, sandbox-na. */
function regionFamily(host: string): string[] {
  for (const domain of CLOUD_DOMAINS) {
    if (!host.endsWith(`.${domain}`)) continue;
    const label = host.slice(0, -domain.length - 1);
    if (label.includes('.')) return [host];
    const region = label.replace(/^(api-|sandbox-)/, '');
    return HOST_PREFIXES.map((p) => `${p}${region}.${domain}`);
  }
  return [host];
}

/** `https://host[:port]` origins the tenant's signing keys may come from. */
export function trustedKeyOrigins(input: TrustInput): string[] {
  const origins = new Set<string>();
  const server = input.serverOrigin ? hostOf(input.serverOrigin) : undefined;
  const serverOrigin = server ? `${server.protocol}//${server.host}` : undefined;
  for (const url of [input.tenant.cwSite, ...input.connectionUrls]) {
    const parsed = hostOf(url);
    if (!parsed) continue;
    for (const host of regionFamily(parsed.host)) origins.add(`${parsed.protocol}//${host}`);
  }
  for (const host of input.tenant.callbackKeyHosts ?? []) origins.add(`https://${host.toLowerCase()}`);
  if (serverOrigin && !input.simulatorTenant) origins.delete(serverOrigin);
  // https, or http on loopback (simulators in another process, tests), as the connection URL policy allows.
  return [...origins].filter((o) => o.startsWith('https://') || LOOPBACK_HTTP.test(o)).sort();
}

const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/** Why a key URL is refused, or the URL to fetch. */
export function checkKeyUrl(
  keyUrl: string,
  trusted: readonly string[],
  companyId: string,
): { ok: true; key: TrustedKeyUrl } | { ok: false; why: string } {
  let parsed: URL;
  try {
    parsed = new URL(keyUrl);
  } catch {
    return { ok: false, why: 'the signing-key URL is not a URL' };
  }
  const origin = `${parsed.protocol}//${parsed.host.toLowerCase()}`;
  if (!trusted.includes(origin)) {
    return {
      ok: false,
      why: `the signing-key URL's host (${parsed.host}) is not one of the tenant's ConnectWise hosts`,
    };
  }
  if (parsed.username || parsed.password || parsed.hash || !KEY_PATH.test(parsed.pathname)) {
    return { ok: false, why: 'the signing-key URL does not have ConnectWise’s key-URL shape' };
  }
  const company = parsed.searchParams.get('companyName') ?? '';
  const id = parsed.searchParams.get('id') ?? '';
  if (company.toLowerCase() !== companyId.toLowerCase()) {
    return { ok: false, why: `the signing key belongs to company "${company}", not "${companyId}"` };
  }
  if (!KEY_ID.test(id) || [...parsed.searchParams.keys()].some((k) => k !== 'companyName' && k !== 'id')) {
    return { ok: false, why: 'the signing-key URL does not have ConnectWise’s key-URL shape' };
  }
  const url = `${origin}${parsed.pathname}?companyName=${encodeURIComponent(company)}&id=${encodeURIComponent(id)}`;
  return { ok: true, key: { url, keyId: `${origin}|${company.toLowerCase()}|${id}` } };
}
