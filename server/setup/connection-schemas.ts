/** Request bodies of the connection routes (zod), shared by the routes and the service. */
import * as z from 'zod';

const Role = z.enum(['primary', 'standby']).default('primary');

/** `2026-09-30` or a full ISO time; stored as ISO. null clears the date. */
const ExpiresAt = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString())
  .nullable()
  .optional();

const PriceFileUrl = z
  .string()
  .max(2000)
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
  site: z.url().optional(),
  /** REST root; default derived from the site (cloud: the api- host, /v4_6_release/apis/3.0). */
  apiUrl: z.url().optional(),
  companyId: z.string().trim().min(1),
  publicKey: z.string().trim().min(1),
  /** Left out: the stored private key is kept. */
  privateKey: z.string().trim().min(1).optional(),
  clientId: z.uuid({ message: 'clientId must be the GUID ConnectWise issued at developer.connectwise.com' }),
  expiresAt: ExpiresAt,
});
export type CwConnectionInput = z.output<typeof CwConnectionInput>;

export const TdsConnectionInput = z.strictObject({
  role: Role,
  customerNo: z.string().trim().min(1),
  user: z.string().trim().min(1),
  /** Left out: the stored password is kept. */
  password: z.string().min(1).optional(),
  environment: z.enum(['production', 'sandbox', 'simulator']).default('production'),
  /** Default per environment: https://ec.us.tdsynnex.com (production), https://testec.us.tdsynnex.com (sandbox). */
  xmlUrl: z.url().optional(),
  invoiceUrl: z.url().optional(),
  restUrl: z.url().optional(),
  oauthClientId: z.string().trim().min(1).optional(),
  oauthClientSecret: z.string().min(1).optional(),
  /**
   * Where TD SYNNEX delivers the price file (ask TD SYNNEX for it: docs/product-sync.md). ftp://, ftps://, sftp://
   * (Node server) or https://; http:// only for the simulator.
   */
  priceFile: z
    .strictObject({
      url: PriceFileUrl,
      deltaUrl: PriceFileUrl.optional(),
      categoriesUrl: PriceFileUrl.optional(),
      /** FTP login TD SYNNEX gave you; default the EC user. */
      user: z.string().trim().min(1).max(200).optional(),
      /** Left out: the stored one is kept (or the EC password is used). */
      password: z.string().min(1).max(500).optional(),
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

export const TenantInput = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'use 2–40 lower-case letters, digits and dashes, e.g. "acme-msp"'),
  name: z.string().trim().min(1).max(100),
  /** ConnectWise UI site as members see it, e.g. https://na.myconnectwise.net */
  cwSite: z.url(),
  cwCompanyId: z.string().trim().min(1).max(50),
  /** Origins allowed to frame the pod; default the site's origin. */
  podOrigins: z.array(z.url()).max(10).optional(),
  timeZone: z
    .string()
    .min(1)
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
