/**
 * `GET /api/admin/openapi.json`: the admin API as OpenAPI 3.1, generated from the same zod schemas the
 * routes validate with (zod 4's JSON Schema output), so the document cannot drift from the checks.
 * Every route of the admin app must be listed here: test/server/routes/admin/openapi.test.ts compares.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { ActivationOptionsBody } from '../../activation/options.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { CwConnectionInput, TdsConnectionInput, TenantInput } from '../../setup/connection-schemas.ts';
import { TestConnectionInput } from '../../setup/test-connection.ts';
import { ActivityQuery } from './activity.ts';
import { AlertChannelBody, AlertRuleBody, AlertsQuery } from './alerts.ts';
import { AuditQuery } from './audit.ts';
import { BackupBody, RestoreBody, RestoreQuery } from './backup.ts';
import { LinkBody, RolesBody } from './console-access.ts';
import { MetricsQuery } from './metrics.ts';
import { OrdersQuery } from './orders.ts';
import { PodOriginsBody } from './pod-origins.ts';
import { ReportListQuery, ReportQuery } from './reports.ts';
import { RunActivityQuery, RunsQuery, StartRun } from './runs.ts';
import { BulkChange, Change } from './schedules.ts';
import { SignInRefusalsQuery } from './sign-in-refusals.ts';

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. /tenants/:tenantId/runs. */
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
}

/** Every admin route; the bodies and queries are the objects the routes parse with. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/me',
    summary: 'Who is calling (admin token, operator or member session) and which tenants they may see',
  },
  {
    method: 'post',
    path: '/console/links',
    summary: 'A one-time console sign-in link for a named operator',
    body: LinkBody,
  },
  { method: 'get', path: '/tenants', summary: 'Tenants the caller may see' },
  { method: 'post', path: '/tenants', summary: 'Create a tenant', body: TenantInput },
  { method: 'get', path: '/status', summary: 'Green/yellow/red/gray per tenant and template' },
  { method: 'get', path: '/templates', summary: 'The sync templates' },
  { method: 'get', path: '/tenants/:tenantId/templates/:templateId/settings', summary: "A template's settings" },
  {
    method: 'put',
    path: '/tenants/:tenantId/templates/:templateId/settings',
    summary: "Save a template's settings (validated by its schema)",
    body: z.unknown(),
  },
  { method: 'get', path: '/tenants/:tenantId/schedules', summary: "A tenant's schedules" },
  { method: 'put', path: '/tenants/:tenantId/schedules', summary: 'Change several schedules', body: BulkChange },
  { method: 'get', path: '/tenants/:tenantId/schedules/:templateId', summary: "One template's schedule" },
  {
    method: 'put',
    path: '/tenants/:tenantId/schedules/:templateId',
    summary: 'Change a schedule (cron, enabled)',
    body: Change,
  },
  { method: 'post', path: '/tenants/:tenantId/schedules/:templateId/pause', summary: 'Pause a schedule' },
  { method: 'post', path: '/tenants/:tenantId/schedules/:templateId/resume', summary: 'Resume a schedule' },
  { method: 'post', path: '/tenants/:tenantId/runs', summary: 'Start a run now (full: resync)', body: StartRun },
  { method: 'get', path: '/tenants/:tenantId/runs', summary: "A tenant's runs", query: RunsQuery },
  { method: 'get', path: '/runs/:runId', summary: 'One run with its first activity' },
  { method: 'get', path: '/runs/:runId/activity', summary: "A run's activity", query: RunActivityQuery },
  { method: 'post', path: '/runs/:runId/cancel', summary: 'Cancel a run' },
  {
    method: 'get',
    path: '/tenants/:tenantId/activity',
    summary: 'The Sync Activity Log, filtered',
    query: ActivityQuery,
  },
  { method: 'get', path: '/tenants/:tenantId/console-roles', summary: 'ConnectWise roles allowed into the console' },
  {
    method: 'put',
    path: '/tenants/:tenantId/console-roles',
    summary: 'Set the ConnectWise roles allowed into the console',
    body: RolesBody,
  },
  {
    method: 'get',
    path: '/tenants/:tenantId/health',
    summary: 'Console status: lights with connection rules, upstream figures, live progress',
  },
  {
    method: 'get',
    path: '/tenants/:tenantId/failed-operations',
    summary: 'Failed operations that can be retried alone',
  },
  {
    method: 'post',
    path: '/tenants/:tenantId/failed-operations/:activityId/retry',
    summary: 'Re-run one failed operation',
  },
  {
    method: 'get',
    path: '/tenants/:tenantId/diagnostics',
    summary: 'Every diagnostic of the common issues, by category',
  },
  {
    method: 'post',
    path: '/tenants/:tenantId/diagnostics/:id/verify',
    summary: "Re-run one finding's check, or start the run that verifies it",
  },
  {
    method: 'get',
    path: '/tenants/:tenantId/metrics',
    summary: 'Metrics and trends of a template per day',
    query: MetricsQuery,
  },
  { method: 'get', path: '/tenants/:tenantId/audit', summary: 'Who changed what, secrets redacted', query: AuditQuery },
  { method: 'get', path: '/tenants/:tenantId/connections', summary: "A tenant's connections (never a secret)" },
  {
    method: 'put',
    path: '/tenants/:tenantId/connections/cw',
    summary: 'Save the ConnectWise connection',
    body: CwConnectionInput,
  },
  {
    method: 'put',
    path: '/tenants/:tenantId/connections/tds',
    summary: 'Save the TD SYNNEX connection',
    body: TdsConnectionInput,
  },
  { method: 'delete', path: '/tenants/:tenantId/connections/:system/:role', summary: 'Remove a connection' },
  {
    method: 'post',
    path: '/tenants/:tenantId/test-connection',
    summary: 'Named checks of both connections',
    body: TestConnectionInput,
  },
  { method: 'get', path: '/tenants/:tenantId/activation/plan', summary: 'What activation would create in ConnectWise' },
  {
    method: 'post',
    path: '/tenants/:tenantId/activation/plan',
    summary: 'What activation would create in ConnectWise',
  },
  { method: 'post', path: '/tenants/:tenantId/activation/apply', summary: 'Apply activation (idempotent)' },
  {
    method: 'get',
    path: '/tenants/:tenantId/activation/options',
    summary: 'Activation options (the console as a ConnectWise Tab)',
  },
  {
    method: 'put',
    path: '/tenants/:tenantId/activation/options',
    summary: 'Set the activation options (register the console as a Tab on a chosen screen)',
    body: ActivationOptionsBody,
  },
  { method: 'get', path: '/tenants/:tenantId/pod-origins', summary: 'ConnectWise origins allowed to frame the pod' },
  {
    method: 'put',
    path: '/tenants/:tenantId/pod-origins',
    summary: 'Set the ConnectWise origins allowed to frame the pod',
    body: PodOriginsBody,
  },
  { method: 'get', path: '/openapi.json', summary: 'This document' },
  {
    method: 'get',
    path: '/sign-in-refusals',
    summary: 'Refused pod sign-ins per tenant, status and code',
    query: SignInRefusalsQuery,
  },
  {
    method: 'put',
    path: '/tenants/:tenantId/price-file',
    summary: 'Upload a TD SYNNEX price file, whole or in resumable parts (Content-Range, Upload-Id)',
  },
  { method: 'get', path: '/tenants/:tenantId/price-file', summary: 'The newest price-file upload and where to resume' },
  {
    method: 'get',
    path: '/tenants/:tenantId/tds-categories',
    summary: "TD SYNNEX's category list (codes and names) for choosing Product Sync's categories",
  },
  {
    method: 'get',
    path: '/tenants/:tenantId/product-sync/category-counts',
    summary: 'Products Product Sync keeps in ConnectWise (active or being created), per TD SYNNEX category code',
  },
  { method: 'get', path: '/tenants/:tenantId/alerts', summary: 'Open and past alerts', query: AlertsQuery },
  { method: 'post', path: '/tenants/:tenantId/alerts/evaluate', summary: 'Evaluate the alert rules now' },
  { method: 'get', path: '/tenants/:tenantId/alert-rules', summary: 'Alert rules and their thresholds' },
  {
    method: 'put',
    path: '/tenants/:tenantId/alert-rules/:ruleId',
    summary: 'Enable, disable or tune an alert rule',
    body: AlertRuleBody,
  },
  { method: 'get', path: '/tenants/:tenantId/alert-channels', summary: 'Alert channels (never a secret)' },
  {
    method: 'put',
    path: '/tenants/:tenantId/alert-channels/:name',
    summary: 'Save an alert channel (webhook, ConnectWise ticket, email)',
    body: AlertChannelBody,
  },
  { method: 'delete', path: '/tenants/:tenantId/alert-channels/:name', summary: 'Remove an alert channel' },
  { method: 'get', path: '/tenants/:tenantId/reports', summary: 'Stored reports', query: ReportListQuery },
  { method: 'get', path: '/tenants/:tenantId/reports/stored/:id', summary: 'One stored report (json, csv or html)' },
  {
    method: 'get',
    path: '/tenants/:tenantId/reports/:kind',
    summary: 'A daily, weekly, monthly or quarterly report computed now',
    query: ReportQuery,
  },
  {
    method: 'post',
    path: '/tenants/:tenantId/backup',
    summary: "The tenant's configuration as versioned JSON",
    body: BackupBody,
  },
  {
    method: 'post',
    path: '/tenants/:tenantId/restore',
    summary: 'Show (dryRun) or apply what a backup changes, in one transaction',
    query: RestoreQuery,
    body: RestoreBody,
  },
  {
    method: 'post',
    path: '/tenants/:tenantId/support-bundle',
    summary: 'A zip for support: versions, configuration, checks, errors, timeline — secrets redacted',
  },
  {
    method: 'get',
    path: '/tenants/:tenantId/orders',
    summary: 'Orders to TD SYNNEX and their state',
    query: OrdersQuery,
  },
  { method: 'get', path: '/tenants/:tenantId/orders/:id', summary: 'One order with its submissions' },
  {
    method: 'post',
    path: '/tenants/:tenantId/orders/:id/reorder',
    summary: 'Order again on purpose (a new PO-number suffix)',
  },
  {
    method: 'post',
    path: '/tenants/:tenantId/remove-simulator-tenant',
    summary: 'Going live: remove the demo tenant of the simulators',
  },
];

const ERROR = {
  description: 'Error envelope',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            required: ['code', 'message'],
          },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema: jsonSchema(schema as z.ZodType),
        }))
      : [];
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[op.method] = {
      summary: op.summary,
      parameters: [...params, ...queryParams],
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } }
        : {}),
      responses: { '200': { description: 'OK (JSON)' }, '400': ERROR, '401': ERROR, '404': ERROR },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'tds-bridge admin API', version },
    servers: [{ url: '/api/admin' }],
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token, or a member pod session' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'tds_console' },
      },
    },
    security: [{ adminToken: [] }, { consoleSession: [] }],
    paths,
  };
}

export function openApiRoutes() {
  return new Hono<AdminEnv>().get('/openapi.json', (c) => c.json(openApiDocument(c.var.deps.version)));
}
