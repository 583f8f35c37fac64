/** Tenants: lookup by ConnectWise company (member sign-in) and by id (everything else). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Tenant, tenants } from '../../db/schema/index.ts';

export type { Tenant };

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row;
}

/** ConnectWise company ids are case-insensitive at login; so is this lookup. */
export async function findTenantsByCompany(db: Db, companyId: string): Promise<Tenant[]> {
  return db.select().from(tenants).where(sql`lower(${tenants.cwCompanyId}) = ${companyId.toLowerCase()}`);
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  return db.select().from(tenants).orderBy(tenants.id);
}

export interface TenantInput {
  id: string;
  name: string;
  cwSite: string;
  cwCompanyId: string;
  podOrigins: string[];
  timeZone?: string;
  /** Extra hosts serving callback signing keys (see server/callbacks/trust.ts). */
  callbackKeyHosts?: string[] | null;
}

export async function upsertTenant(db: Db, input: TenantInput, now: Date): Promise<Tenant> {
  const values = { ...input, updatedAt: now.toISOString() };
  const [row] = await db
    .insert(tenants)
    .values(values)
    .onConflictDoUpdate({ target: tenants.id, set: values })
    .returning();
  if (!row) throw new Error(`tenant ${input.id} was not saved`);
  return row;
}

/** `https://na.myconnectwise.net/` and `https://na.myconnectwise.net` are the same site. */
export function siteOrigin(site: string): string {
  try {
    return new URL(site).origin;
  } catch {
    return site.replace(/\/+$/, '');
  }
}
