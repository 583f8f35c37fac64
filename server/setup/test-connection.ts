/**
 * Test connection: every check of the tenant's ConnectWise and TD SYNNEX connections (primary by default,
 * or the standby), run side by side, recorded in the audit log. The answer carries `ok` (no check failed)
 * and the named checks, each with what to do.
 */
import * as z from 'zod';
import { auditLog } from '../../db/schema/audit.ts';
import type { Deps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { singleLine } from '../http/input.ts';
import { loadConnections } from '../tenants/connections.ts';
import type { ConnectionOf, Role, System } from '../tenants/failover.ts';
import { type Check, check } from './checks/check.ts';
import { cwChecks } from './checks/cw-checks.ts';
import { tdsChecks } from './checks/tds-checks.ts';
import { assertUrlsAllowed } from './connection-urls.ts';

export const TestConnectionInput = z.strictObject({
  system: z.enum(['cw', 'tds']).optional(),
  role: z.enum(['primary', 'standby']).default('primary'),
  /** Per upstream call (default 15 s). */
  timeoutMs: z.number().int().min(200).max(60_000).default(15_000),
  /** TD SYNNEX SKU for the price & availability probe. */
  probeSku: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,20}$/)
    .optional(),
});
export type TestConnectionInput = z.output<typeof TestConnectionInput>;

export interface TestConnectionResult {
  tenantId: string;
  ok: boolean;
  role: Role;
  systems: System[];
  testedAt: string;
  durationMs: number;
  checks: Check[];
  summary: string;
}

export async function testConnection(
  deps: Deps,
  tenantId: string,
  input: TestConnectionInput,
  actor: string,
): Promise<TestConnectionResult> {
  const systems: System[] = input.system ? [input.system] : ['cw', 'tds'];
  const started = performance.now();
  const testedAt = deps.now().toISOString();
  const results = await Promise.all(
    systems.map(async (system) => {
      const conn = (await loadConnections(deps, tenantId, system)).find((c) => c.role === input.role);
      if (!conn) {
        if (input.system) {
          throw badRequest(
            `${system}_not_connected`,
            `There is no ${input.role} ${system === 'cw' ? 'ConnectWise' : 'TD SYNNEX'} connection to test; add it with PUT /api/admin/tenants/${tenantId}/connections/${system}.`,
          );
        }
        return [notConnected(system, tenantId, input.role)];
      }
      // Re-checked now: a host name may resolve elsewhere than when it was saved.
      const refused = await urlRefusal(deps, system, conn.config as Record<string, unknown>);
      if (refused) return [refused];
      const ctx = { deps, tenantId, timeoutMs: input.timeoutMs };
      return system === 'cw'
        ? cwChecks({ ...ctx, conn: conn as ConnectionOf<'cw'> })
        : tdsChecks({ ...ctx, conn: conn as ConnectionOf<'tds'>, probeSku: input.probeSku });
    }),
  );
  const checks = results.flat().map(withoutForeignText);
  const failed = checks.filter((c) => c.status === 'fail');
  const warned = checks.filter((c) => c.status === 'warn');
  const ok = failed.length === 0;
  const passed = checks.filter((c) => c.status === 'pass').length;
  const skipped = checks.length - passed - warned.length - failed.length;
  // Every check is counted, so the number matches the lines a client prints.
  const summary = ok
    ? `${checks.length} checks: ${passed} passed${warned.length ? `, ${warned.length} with a warning` : ''}${skipped ? `, ${skipped} skipped` : ''}, none failed.`
    : `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.name).join(', ')}.`;
  await deps.db.insert(auditLog).values({
    tenantId,
    at: testedAt,
    actor,
    action: 'connection.test',
    target: systems.map((s) => `${s}:${input.role}`).join(','),
    details: { ok, failed: failed.map((c) => c.id), warned: warned.map((c) => c.id) },
  });
  return {
    tenantId,
    ok,
    role: input.role,
    systems,
    testedAt,
    durationMs: Math.round(performance.now() - started),
    checks,
    summary,
  };
}

const URL_FIELDS = ['site', 'apiUrl', 'xmlUrl', 'invoiceUrl', 'restUrl', 'priceFileUrl'];

async function urlRefusal(deps: Deps, system: System, config: Record<string, unknown>): Promise<Check | undefined> {
  try {
    await assertUrlsAllowed(
      deps,
      URL_FIELDS.map((field) => ({
        field,
        url: typeof config[field] === 'string' ? (config[field] as string) : undefined,
        kind: field === 'priceFileUrl' ? ('price-file' as const) : ('api' as const),
      })),
    );
    return undefined;
  } catch (error) {
    const name = system === 'cw' ? 'ConnectWise' : 'TD SYNNEX';
    return check(
      system,
      `${system}_url_allowed`,
      `${name} address allowed`,
      'fail',
      `Nothing was sent: ${(error as Error).message}`,
      `Point the connection at ${name}'s public https address, or have the operator allow the internal host in UPSTREAM_PRIVATE_ALLOWLIST.`,
    );
  }
}

/**
 * Check details may quote what an upstream said (ConnectWise's error message is the useful part), but
 * never a body at length: one line, at most 300 characters, so an answer from the wrong host is not
 * relayed to whoever runs the test.
 */
function withoutForeignText(item: Check): Check {
  const oneLine = singleLine(item.detail);
  return oneLine.length > 300 ? { ...item, detail: `${oneLine.slice(0, 297)}…` } : { ...item, detail: oneLine };
}

function notConnected(system: System, tenantId: string, role: Role): Check {
  const name = system === 'cw' ? 'ConnectWise' : 'TD SYNNEX';
  return check(
    system,
    `${system}_connected`,
    `${name} connected`,
    'fail',
    `No ${role} ${name} connection is stored for this tenant.`,
    `Add it with PUT /api/admin/tenants/${tenantId}/connections/${system} (see docs/setup-api.md).`,
  );
}
