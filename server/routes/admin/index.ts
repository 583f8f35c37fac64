/**
 * The admin API (`/api/admin`), for the operations console and the `tds-bridge` CLI. Everything here
 * needs an admin principal (today: the admin bearer token); see docs/api.md.
 */
import { Hono } from 'hono';
import { type AdminEnv, requireAdmin } from '../../auth/admin.ts';
import { activityRoutes } from './activity.ts';
import { priceFileRoutes } from './price-file.ts';
import { runRoutes } from './runs.ts';
import { scheduleRoutes } from './schedules.ts';
import { signInRefusalRoutes } from './sign-in-refusals.ts';
import { templateRoutes } from './templates.ts';
import { tenantRoutes } from './tenants.ts';

export function adminRoutes() {
  return new Hono<AdminEnv>()
    .use('*', requireAdmin())
    .route('/', tenantRoutes())
    .route('/', templateRoutes())
    .route('/', scheduleRoutes())
    .route('/', runRoutes())
    .route('/', activityRoutes())
    .route('/', signInRefusalRoutes())
    .route('/', priceFileRoutes());
}
