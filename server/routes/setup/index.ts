/**
 * Setting a tenant up, under /api/admin (admin token, as the rest of the admin API): create the tenant,
 * its connections, test them, and activate ConnectWise. Documented in docs/setup-api.md.
 */
import { Hono } from 'hono';
import { type AdminEnv, requireAdmin } from '../../auth/admin.ts';
import { activationRoutes } from './activation.ts';
import { connectionRoutes } from './connections.ts';
import { demoRemovalRoutes } from './demo-removal.ts';
import { tenantSetupRoutes } from './tenants.ts';
import { testConnectionRoutes } from './test-connection.ts';

export function setupAdminRoutes() {
  return new Hono<AdminEnv>()
    .use('*', requireAdmin())
    .route('/', tenantSetupRoutes())
    .route('/', connectionRoutes())
    .route('/', testConnectionRoutes())
    .route('/', activationRoutes())
    .route('/', demoRemovalRoutes());
}
