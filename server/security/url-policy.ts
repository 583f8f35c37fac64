/**
 * Where a connection may point. Credentials follow a connection's URLs, so a URL is accepted only when it
 * is `https` (a price-file delivery may also be `ftps` or `sftp`, or plain `ftp` with a warning), or `http`
 * to this machine (simulators in another process, the bench, the tests). Link-local, private, carrier-grade
 * NAT and cloud metadata addresses are refused unless the operator lists them in
 * `UPSTREAM_PRIVATE_ALLOWLIST` (hosts or IPv4 CIDRs, comma-separated). Node also checks every address
 * the host resolves to (an injected resolver, so tests never send traffic anywhere); Workers cannot
 * resolve and check the literal host.
 */
import { isLoopbackHost } from '../http/client-ip.ts';

/** Resolves a host name to its addresses (Node: dns.lookup with all: true). */
export type HostResolver = (host: string) => Promise<string[]>;

export type UrlKind = 'api' | 'price-file';

export interface UrlVerdict {
  ok: boolean;
  /** Why it was refused, for the admin. */
  problem?: string;
  /** Accepted, with something the admin should know (plain ftp). */
  warning?: string;
}

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.com']);

function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function inCidr(ip: number[], cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const net = ipv4(base ?? '');
  const bits = Number(bitsText ?? 32);
  if (!net || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const toInt = (p: number[]) => ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(net) & mask);
}

const PRIVATE_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];

/** Private, link-local or metadata: an address on the server's own network rather than the internet. */
export function isInternalAddress(hostOrIp: string): boolean {
  const host = hostOrIp
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) return true;
  if (host.startsWith('::ffff:')) return isInternalAddress(host.slice(7));
  const v4 = ipv4(host);
  if (v4) return PRIVATE_V4.some((cidr) => inCidr(v4, cidr));
  if (host.includes(':')) {
    // IPv6: unspecified, unique local fc00::/7, link-local fe80::/10, and the AWS metadata fd00:ec2::254.
    return host === '::' || /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
  }
  return false;
}

export function parseAllowlist(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function allowed(host: string, allowlist: string[]): boolean {
  const v4 = ipv4(host);
  return allowlist.some((entry) => entry === host || (v4 !== undefined && entry.includes('/') && inCidr(v4, entry)));
}

const SCHEMES: Record<UrlKind, string[]> = {
  api: ['https:'],
  'price-file': ['https:', 'ftps:', 'sftp:', 'ftp:'],
};

/** The literal check, the same on Node and Workers: scheme, credentials in the URL, internal hosts. */
export function checkUrlLiteral(raw: string, kind: UrlKind, allowlist: string[]): UrlVerdict & { host?: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'is not an absolute URL' };
  }
  if (url.username || url.password) return { ok: false, problem: 'must not carry a user name or password' };
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const loopback = isLoopbackHost(host);
  if (url.protocol === 'http:' && !loopback) {
    return { ok: false, problem: 'must use https (http is accepted only for this machine, e.g. the simulators)' };
  }
  if (url.protocol !== 'http:' && !SCHEMES[kind].includes(url.protocol)) {
    return { ok: false, problem: `must use ${SCHEMES[kind].map((s) => s.slice(0, -1)).join(', ')}` };
  }
  if (!loopback && isInternalAddress(host) && !allowed(host, allowlist)) {
    return {
      ok: false,
      problem: `points at an internal address (${host}); list it in UPSTREAM_PRIVATE_ALLOWLIST if it really is your upstream`,
    };
  }
  const warning =
    url.protocol === 'ftp:' ? 'plain ftp sends the TD SYNNEX password unencrypted; prefer ftps or sftp' : undefined;
  return { ok: true, host, warning };
}

/** The literal check, then (when a resolver is given) every address the host resolves to. */
export async function checkUrl(
  raw: string,
  kind: UrlKind,
  opts: { allowlist: string[]; resolve?: HostResolver },
): Promise<UrlVerdict> {
  const literal = checkUrlLiteral(raw, kind, opts.allowlist);
  if (!literal.ok || !literal.host || !opts.resolve) return literal;
  const host = literal.host;
  if (isLoopbackHost(host) || ipv4(host) || host.includes(':') || allowed(host, opts.allowlist)) return literal;
  let addresses: string[];
  try {
    addresses = await opts.resolve(host);
  } catch {
    return { ok: false, problem: `has a host name (${host}) that does not resolve` };
  }
  const internal = addresses.find((a) => isLoopbackHost(a) || (isInternalAddress(a) && !allowed(a, opts.allowlist)));
  if (internal) {
    return {
      ok: false,
      problem: `resolves to an internal address (${internal}); list it in UPSTREAM_PRIVATE_ALLOWLIST if it really is your upstream`,
    };
  }
  return literal;
}
