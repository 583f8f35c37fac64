/**
 * `GET /api/admin/sign-in-refusals?since=`: refused pod sign-ins (401/403) per tenant and code since a time
 * (default the last 24 hours), for the operations console. Refusals that matched no tenant are listed with
 * `tenantId: null` and shown only to administrators of all tenants.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import { refusalCounts } from '../../auth/sign-in-guard.ts';
import { isoTime, parseQuery } from './shared.ts';

export const SignInRefusalsQuery = z.object({ since: isoTime.optional() });

export function signInRefusalRoutes() {
  return new Hono<AdminEnv>().get('/sign-in-refusals', async (c) => {
    const { since } = parseQuery(c, SignInRefusalsQuery);
    const from = since ? new Date(since) : new Date(c.var.deps.now().getTime() - 86_400_000);
    const visible = c.var.principal.tenants;
    const rows = await refusalCounts(c.var.deps.db, from);
    const refusals = rows.filter((r) =>
      visible === 'all' ? true : r.tenantId !== null && visible.includes(r.tenantId),
    );
    return c.json({ since: from.toISOString(), total: refusals.reduce((n, r) => n + r.count, 0), refusals });
  });
}
