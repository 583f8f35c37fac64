/** `POST /tenants`: a new tenant (one MSP), before its connections are added. */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { AppError } from '../../errors.ts';
import { TenantInput } from '../../setup/connection-schemas.ts';
import { getTenant, siteOrigin, upsertTenant } from '../../tenants/tenant-repo.ts';
import { audit, parseBody } from '../admin/shared.ts';

export function tenantSetupRoutes() {
  return new Hono<AdminEnv>().post('/tenants', async (c) => {
    if (c.var.principal.tenants !== 'all') {
      throw new AppError('forbidden', 'Only an administrator of all tenants may create tenants.', { status: 403 });
    }
    const input = await parseBody(c, TenantInput);
    const { db, now } = c.var.deps;
    // Loopback http origins frame the pod only from the simulated screens: accepted while they run.
    const plainHttp = (input.podOrigins ?? []).filter((o) => o.toLowerCase().startsWith('http:'));
    if (plainHttp.length && !c.var.deps.simulators) {
      throw new AppError('invalid_body', `Pod origins must use https: ${plainHttp.join(', ')}.`, { status: 400 });
    }
    if (await getTenant(db, input.id)) {
      throw new AppError('tenant_exists', `Tenant "${input.id}" already exists; choose another id.`, { status: 409 });
    }
    let tenant: Awaited<ReturnType<typeof upsertTenant>>;
    try {
      tenant = await upsertTenant(
        db,
        {
          id: input.id,
          name: input.name,
          cwSite: siteOrigin(input.cwSite),
          cwCompanyId: input.cwCompanyId,
          podOrigins: input.podOrigins?.map(siteOrigin) ?? [siteOrigin(input.cwSite)],
          timeZone: input.timeZone,
          callbackKeyHosts: input.callbackKeyHosts?.map((h) => h.toLowerCase()),
        },
        now(),
      );
    } catch (error) {
      if (/UNIQUE/i.test(String((error as Error).message) + String((error as { cause?: Error }).cause?.message))) {
        throw new AppError(
          'tenant_exists',
          `Another tenant already uses ConnectWise company "${input.cwCompanyId}" on ${siteOrigin(input.cwSite)}.`,
          { status: 409 },
        );
      }
      throw error;
    }
    await audit(c, tenant.id, 'tenant.create', tenant.id, { name: tenant.name, cwSite: tenant.cwSite });
    return c.json(
      {
        id: tenant.id,
        name: tenant.name,
        cwSite: tenant.cwSite,
        cwCompanyId: tenant.cwCompanyId,
        podOrigins: tenant.podOrigins,
        timeZone: tenant.timeZone,
        createdAt: tenant.createdAt,
      },
      201,
    );
  });
}
