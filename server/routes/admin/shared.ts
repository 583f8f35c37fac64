/** What every admin route needs: the engine, validated input, tenant access and the audit trail. */
import type { Context } from 'hono';
import * as z from 'zod';
import { auditLog } from '../../../db/schema/audit.ts';
import { type AdminEnv, assertTenantAccess } from '../../auth/admin.ts';
import { badRequest, notFound } from '../../errors.ts';
import { parseId } from '../../http/input.ts';
import type { Engine } from '../../sync/engine/index.ts';
import { getTenant } from '../../tenants/tenant-repo.ts';

export type AdminContext = Context<AdminEnv>;

export function engine(c: AdminContext): Engine {
  return c.var.services.engine;
}

function issues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

export function parseQuery<S extends z.ZodType>(c: AdminContext, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  const list = issues(parsed.error);
  throw badRequest(
    'invalid_query',
    `Check the query parameters: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    list,
  );
}

export async function parseBody<S extends z.ZodType>(c: AdminContext, schema: S): Promise<z.output<S>> {
  const raw = await c.req.json().catch(() => undefined);
  if (raw === undefined) throw badRequest('invalid_json', 'Send a JSON body with Content-Type: application/json.');
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const list = issues(parsed.error);
  throw badRequest(
    'invalid_body',
    `Check the request body: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    list,
  );
}

/** The `:tenantId` param, after checking the principal may see it (existence is checked by the engine). */
export function tenantParam(c: AdminContext): string {
  const tenantId = c.req.param('tenantId') ?? '';
  assertTenantAccess(c.var.principal, tenantId);
  return tenantId;
}

/** The `:tenantId` param of a tenant that exists (404 `tenant_not_found` otherwise). */
export async function existingTenant(c: AdminContext): Promise<string> {
  const tenantId = tenantParam(c);
  if (!(await getTenant(c.var.deps.db, tenantId))) {
    throw notFound('tenant_not_found', `There is no tenant "${tenantId}". GET /api/admin/tenants lists them.`);
  }
  return tenantId;
}

export function runIdParam(c: AdminContext): number {
  const id = parseId(c.req.param('runId'));
  if (id === undefined)
    throw badRequest('invalid_run_id', 'A run id is a positive whole number, e.g. /api/admin/runs/42.');
  return id;
}

/** Who did it, for `requested_by` and the audit log: the principal, plus the client when it says (the CLI does). */
export function actor(c: AdminContext): string {
  const client = c.req.header('x-tds-bridge-client');
  return client ? `${c.var.principal.actor} (${client.slice(0, 40)})` : c.var.principal.actor;
}

export async function audit(
  c: AdminContext,
  tenantId: string,
  action: string,
  target: string,
  details?: Record<string, unknown>,
) {
  await c.var.deps.db
    .insert(auditLog)
    .values({ tenantId, at: c.var.deps.now().toISOString(), actor: actor(c), action, target, details });
}

/** Starts work in the background and keeps a Worker alive for it when the runtime can. */
export function inBackground(c: AdminContext, work: Promise<unknown> | undefined): void {
  if (!work) return;
  const settled = work.catch((error: Error) => console.error(`background sync tick failed: ${error.message}`));
  try {
    c.executionCtx.waitUntil(settled);
  } catch {
    // Node has no execution context: the promise simply runs on.
  }
}

export const Level = z.enum(['debug', 'info', 'warn', 'error']);
export const levelList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Level).min(1));
export const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
export const limit = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,6}$/, 'use a whole number written in digits')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .optional();
export const cursor = z
  .string()
  .regex(/^\d{1,16}$/, 'use the nextCursor of the previous page')
  .optional();
