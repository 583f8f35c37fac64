/**
 * Connection settings per tenant and system. Secrets go in sealed (AES-GCM) and come out only inside
 * the server, to build upstream clients; no route ever returns them.
 */
import { and, eq } from 'drizzle-orm';
import * as z from 'zod';
import { connections } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';

export const CwConfig = z.object({
  /** ConnectWise UI site, e.g. https://na.myconnectwise.net */
  site: z.url(),
  /** REST base, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 */
  apiUrl: z.url(),
  companyId: z.string().min(1),
  publicKey: z.string().min(1),
  clientId: z.uuid({ message: 'clientId must be the GUID ConnectWise issued at developer.connectwise.com' }),
});
export const CwSecrets = z.object({ privateKey: z.string().min(1) });

export const TdsConfig = z.object({
  customerNo: z.string().min(1),
  user: z.string().min(1),
  environment: z.enum(['production', 'sandbox', 'simulator']),
  /** Base of the XML services, e.g. https://ec.us.tdsynnex.com */
  xmlUrl: z.url(),
  /** Full invoice-query URL, e.g. https://ws.us.tdsynnex.com/webservice/invoice/query (default: on xmlUrl). */
  invoiceUrl: z.url().optional(),
  /** REST catalogue base and OAuth client, for Product Sync. */
  restUrl: z.url().optional(),
  /** Where the price file is delivered (https, ftps, sftp or ftp), when not TD SYNNEX's default on xmlUrl. */
  priceFileUrl: z.url().optional(),
  oauthClientId: z.string().optional(),
  /** Where TD SYNNEX delivers the price file (server/connectors/tds/price-file-delivery.ts). */
  priceFile: z
    .object({
      url: z.string().min(1),
      deltaUrl: z.string().optional(),
      categoriesUrl: z.string().optional(),
      user: z.string().optional(),
      hostKeySha256: z.string().optional(),
    })
    .optional(),
});
export const TdsSecrets = z.object({
  password: z.string().min(1),
  oauthClientSecret: z.string().optional(),
  /** Password of the price-file server when it is not the EC password. */
  priceFilePassword: z.string().optional(),
});

export type CwConfig = z.infer<typeof CwConfig>;
export type CwSecrets = z.infer<typeof CwSecrets>;
export type TdsConfig = z.infer<typeof TdsConfig>;
export type TdsSecrets = z.infer<typeof TdsSecrets>;

type Role = 'primary' | 'standby';
const schemas = {
  cw: { config: CwConfig, secrets: CwSecrets },
  tds: { config: TdsConfig, secrets: TdsSecrets },
} as const;

export interface LoadedConnection<C, S> {
  id: string;
  role: Role;
  config: C;
  secrets: S;
  expiresAt: string | null;
}

export async function saveConnection<K extends 'cw' | 'tds'>(
  deps: Pick<Deps, 'db' | 'secrets' | 'now'>,
  input: {
    tenantId: string;
    system: K;
    role?: Role;
    config: z.input<(typeof schemas)[K]['config']>;
    secrets: z.input<(typeof schemas)[K]['secrets']>;
    expiresAt?: string | null;
  },
): Promise<void> {
  const config = schemas[input.system].config.parse(input.config);
  const secrets = schemas[input.system].secrets.parse(input.secrets);
  const role = input.role ?? 'primary';
  const values = {
    id: `${input.tenantId}:${input.system}:${role}`,
    tenantId: input.tenantId,
    system: input.system,
    role,
    config,
    secretCiphertext: await deps.secrets.seal(secrets),
    expiresAt: input.expiresAt ?? null,
    updatedAt: deps.now().toISOString(),
  };
  await deps.db.insert(connections).values(values).onConflictDoUpdate({ target: connections.id, set: values });
}

export async function loadConnections<K extends 'cw' | 'tds'>(
  deps: Pick<Deps, 'db' | 'secrets'>,
  tenantId: string,
  system: K,
): Promise<LoadedConnection<z.infer<(typeof schemas)[K]['config']>, z.infer<(typeof schemas)[K]['secrets']>>[]> {
  const rows = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.tenantId, tenantId), eq(connections.system, system)));
  rows.sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      role: row.role,
      config: schemas[system].config.parse(row.config) as z.infer<(typeof schemas)[K]['config']>,
      secrets: schemas[system].secrets.parse(await deps.secrets.open(row.secretCiphertext)) as z.infer<
        (typeof schemas)[K]['secrets']
      >,
      expiresAt: row.expiresAt,
    })),
  );
}

export async function requireConnection<K extends 'cw' | 'tds'>(
  deps: Pick<Deps, 'db' | 'secrets'>,
  tenantId: string,
  system: K,
) {
  const [primary] = await loadConnections(deps, tenantId, system);
  if (!primary) {
    const name = system === 'cw' ? 'ConnectWise' : 'TD SYNNEX';
    throw new AppError(
      `${system}_not_connected`,
      `${name} is not connected for this tenant: an administrator saves its credentials (PUT /api/admin/tenants/${tenantId}/connections/${system}; docs/go-live.md, step 4).`,
      {
        status: 409,
      },
    );
  }
  return primary;
}
