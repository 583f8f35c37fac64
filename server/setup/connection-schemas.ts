/** Request bodies of the connection routes (zod), shared by the routes and the service. */
import * as z from 'zod';

const Role = z.enum(['primary', 'standby']).default('primary');

/** `2026-09-30` or a full ISO time; stored as ISO. null clears the date. */
const ExpiresAt = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString())
  .nullable()
  .optional();

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
  /** Hosts ConnectWise serves callback signing keys from, beside the site's region defaults (e.g. on-premise). */
  callbackKeyHosts: z
    .array(z.string().regex(/^[a-z0-9.-]{1,253}(:\d{1,5})?$/i, 'a host name such as "cw.example.com"'))
    .max(10)
    .optional(),
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
