/**
 * The admin API (`/api/admin`), for the operations console and the `tds-bridge` CLI. Everything here
 * needs an admin principal (today: the admin bearer token); see docs/api.md.
 */
import { Hono } from 'hono';
import { type AdminEnv, requireAdmin } from '../../auth/admin.ts';
import { activityRoutes } from './activity.ts';
import { alertRoutes } from './alerts.ts';
import { auditRoutes } from './audit.ts';
import { backupRoutes } from './backup.ts';
import { consoleAccessRoutes } from './console-access.ts';
import { diagnosticsRoutes } from './diagnostics.ts';
import { failedOperationRoutes } from './failed-operations.ts';
import { healthRoutes } from './health.ts';
import { metricsRoutes } from './metrics.ts';
import { openApiRoutes } from './openapi.ts';
import { orderRoutes } from './orders.ts';
import { podOriginRoutes } from './pod-origins.ts';
import { priceFileRoutes } from './price-file.ts';
import { reportRoutes } from './reports.ts';
import { runRoutes } from './runs.ts';
import { scheduleRoutes } from './schedules.ts';
import { signInRefusalRoutes } from './sign-in-refusals.ts';
import { supportBundleRoutes } from './support-bundle.ts';
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
    .route('/', priceFileRoutes())
    .route('/', alertRoutes())
    .route('/', reportRoutes())
    .route('/', backupRoutes())
    .route('/', supportBundleRoutes())
    .route('/', consoleAccessRoutes())
    .route('/', healthRoutes())
    .route('/', failedOperationRoutes())
    .route('/', diagnosticsRoutes())
    .route('/', metricsRoutes())
    .route('/', auditRoutes())
    .route('/', openApiRoutes())
    .route('/', podOriginRoutes())
    .route('/', orderRoutes());
}
