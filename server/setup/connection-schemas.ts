/** Request bodies of the connection routes (zod), shared by the routes and the service. */
import * as z from 'zod';
import { isLoopbackHost } from '../http/client-ip.ts';
import { headerText, safeText, safeUrl } from '../http/input.ts';

/** A required single-line field: trimmed, bounded, no NUL or other control characters. */
const field = (max: number) => safeText(max).pipe(z.string().trim().min(1));
/** A secret: bounded, well-formed and header-safe (HTTP Basic), never trimmed. */
const secret = (max: number) => headerText(max).pipe(z.string().min(1));
/** A credential name that also travels in an HTTP Basic header. */
const credential = (max: number) => headerText(max).pipe(z.string().trim().min(1));

const Role = z.enum(['primary', 'standby']).default('primary');

/** `2026-09-30` or a full ISO time; stored as ISO. null clears the date. */
const ExpiresAt = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString())
  .nullable()
  .optional();

const PriceFileUrl = safeText(2000)
  .pipe(z.string())
  .refine((value) => {
    try {
      const url = new URL(value);
      // The login goes in user/password (stored encrypted), never in the URL, which is shown back.
      return ['ftp:', 'ftps:', 'sftp:', 'https:', 'http:'].includes(url.protocol) && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'use an ftp://, ftps://, sftp:// or https:// URL without a login in it, e.g. ftp://ftp.example.com/100001.ap');

export const CwConnectionInput = z.strictObject({
  role: Role,
  /** ConnectWise UI site, e.g. https://na.myconnectwise.net (default: the tenant's site). */
  site: safeUrl().optional(),
  /** REST root; default derived from the site (cloud: the api- host, /v4_6_release/apis/3.0). */
  apiUrl: safeUrl().optional(),
  companyId: credential(50),
  publicKey: credential(200),
  /** Left out: the stored private key is kept (only while no URL changes). */
  privateKey: credential(200).optional(),
  clientId: z.uuid({ message: 'clientId must be the GUID ConnectWise issued at developer.connectwise.com' }),
  expiresAt: ExpiresAt,
});
export type CwConnectionInput = z.output<typeof CwConnectionInput>;

export const TdsConnectionInput = z.strictObject({
  role: Role,
  customerNo: field(40),
  user: credential(200),
  /** Left out: the stored password is kept (only while no URL changes). */
  password: secret(200).optional(),
  environment: z.enum(['production', 'sandbox', 'simulator']).default('production'),
  /** Default per environment: https://ec.us.tdsynnex.com (production), https://testec.us.tdsynnex.com (sandbox). */
  xmlUrl: safeUrl().optional(),
  invoiceUrl: safeUrl().optional(),
  restUrl: safeUrl().optional(),
  /** An HTTPS price-file URL on the XML host's layout (older setting); `priceFile` below is the full delivery. */
  priceFileUrl: safeUrl().optional(),
  oauthClientId: credential(200).optional(),
  oauthClientSecret: secret(500).optional(),
  /**
   * Where TD SYNNEX delivers the price file (ask TD SYNNEX for it: docs/product-sync.md). ftp://, ftps://, sftp://
   * (Node server) or https://; http:// only to loopback (the simulator). Checked by the URL policy on save.
   */
  priceFile: z
    .strictObject({
      url: PriceFileUrl,
      deltaUrl: PriceFileUrl.optional(),
      categoriesUrl: PriceFileUrl.optional(),
      /** FTP login TD SYNNEX gave you; default the EC user. */
      user: credential(200).optional(),
      /** Left out: the stored one is kept (or the EC password is used) — only while no delivery URL changes. */
      password: secret(500).optional(),
      /** SFTP: base64 SHA-256 of the server's host key, to refuse any other server. */
      hostKeySha256: z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}=?$/, 'the base64 SHA-256 of the host key (43 characters, as ssh-keygen -l shows)')
        .optional(),
    })
    .optional(),
  expiresAt: ExpiresAt,
});
export type TdsConnectionInput = z.output<typeof TdsConnectionInput>;

/**
 * A pod origin goes verbatim into the CSP `frame-ancestors` and the pod's postMessage allowlist: only
 * `https://host[:port]` (no wildcard, path, `;` or other scheme), or `http` on loopback for the simulators.
 */
export const PodOrigin = safeText(300).pipe(
  z
    .string()
    .refine(isPodOrigin, 'use an origin such as https://na.myconnectwise.net (https, a host, an optional port)'),
);

export function isPodOrigin(value: string): boolean {
  const m = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?\/?$/i.exec(value);
  if (!m) return false;
  const host = m[2]!.toLowerCase();
  if (host.startsWith('.') || host.endsWith('.') || host.includes('..')) return false;
  if (m[3] && Number(m[3].slice(1)) > 65535) return false;
  return m[1]!.toLowerCase() === 'https' || isLoopbackHost(host);
}

export const TenantInput = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'use 2–40 lower-case letters, digits and dashes, e.g. "acme-msp"'),
  name: field(100),
  /** ConnectWise UI site as members see it, e.g. https://na.myconnectwise.net */
  cwSite: safeUrl(),
  cwCompanyId: field(50),
  /** Origins allowed to frame the pod; default the site's origin. Each exactly `https://host[:port]`. */
  podOrigins: z.array(PodOrigin).min(1).max(10).optional(),
  /** Hosts ConnectWise serves callback signing keys from, beside the site's region defaults (e.g. on-premise). */
  callbackKeyHosts: z
    .array(z.string().regex(/^[a-z0-9.-]{1,253}(:\d{1,5})?$/i, 'a host name such as "cw.example.com"'))
    .max(10)
    .optional(),
  timeZone: safeText(64)
    .pipe(z.string().min(1))
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'use an IANA time zone such as "America/New_York"')
    .optional(),
});
export type TenantInput = z.output<typeof TenantInput>;
