/**
 * What each alert rule looks at, turned into findings: one finding per cause that is wrong right now.
 * A cause that produces no finding is healthy (its open alert, if any, recovers). A rule whose own check
 * fails (ConnectWise down while listing purchase orders) reports `unknown` causes so their alerts stay open
 * rather than recovering on missing evidence.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import { connections } from '../../../db/schema/connections.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import type { AlertSeverity } from '../../../db/schema/ops.ts';
import { cwSetupIds, TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../activation/cw-setup-ids.ts';
import type { TenantHealth } from '../../console/health.ts';
import type { Deps } from '../../deps.ts';
import { expiryOf } from '../../setup/expiry.ts';
import { cwClientFor } from '../../tenants/cw-clients.ts';
import { OPS_TEMPLATE_IDS, type RuleId, type RuleParams, type RuleSetting } from './rules.ts';

export interface Finding {
  ruleId: RuleId;
  cause: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  details?: unknown;
}

export interface CheckResult {
  findings: Finding[];
  /** Rules that could not be evaluated; their causes keep their current state. */
  unknownRules: Array<{ ruleId: RuleId; message: string }>;
}

const SYSTEM_NAME = { cw: 'ConnectWise', tds: 'TD SYNNEX' } as const;
const MINUTE = 60_000;

export async function runChecks(input: {
  deps: Deps;
  tenantId: string;
  rules: RuleSetting[];
  health: TenantHealth | null;
  now: Date;
}): Promise<CheckResult> {
  const out: CheckResult = { findings: [], unknownRules: [] };
  for (const rule of input.rules) {
    if (!rule.enabled) continue;
    try {
      out.findings.push(...(await check(rule, input)));
    } catch (error) {
      out.unknownRules.push({ ruleId: rule.ruleId, message: (error as Error).message });
    }
  }
  return out;
}

async function check(
  rule: RuleSetting,
  ctx: { deps: Deps; tenantId: string; health: TenantHealth | null; now: Date },
): Promise<Finding[]> {
  switch (rule.ruleId) {
    case 'template_status':
      return templateStatus(rule.params as RuleParams<'template_status'>, ctx.health);
    case 'template_overdue':
      return templateOverdue(ctx.health);
    case 'connection':
      return connectionHealth(rule.params as RuleParams<'connection'>, ctx.health);
    case 'credential_expiry':
      return credentialExpiry(rule.params as RuleParams<'credential_expiry'>, ctx);
    case 'api_budget':
      return apiBudget(rule.params as RuleParams<'api_budget'>, ctx);
    case 'orders_stuck':
      return ordersStuck(rule.params as RuleParams<'orders_stuck'>, ctx);
  }
}

/**
 * The console's lights (server/console/health.ts): the engine's template rules with the connection rules
 * applied. Reasons a template got from a connection are left to the connection rule, so one outage raises
 * one connection alert, not one per template as well.
 */
function templateStatus(params: RuleParams<'template_status'>, health: TenantHealth | null): Finding[] {
  const ignored = new Set([...OPS_TEMPLATE_IDS, ...params.ignoreTemplates]);
  const fromConnections = new Set(
    (health?.connections ?? []).flatMap((c) => c.reasons.map((r) => `${r.code}|${r.message}`)),
  );
  return (health?.templates ?? []).flatMap((t): Finding[] => {
    if (ignored.has(t.templateId)) return [];
    if (t.state !== 'red' && t.state !== 'yellow') return [];
    // Overdue has its own rule (and its own advice); errors of the past 24 hours that a clean run has since
    // put behind it keep the light yellow for a day, but the alert recovers with the clean run.
    const cleanSince = t.lastRun?.state === 'succeeded';
    const reasons = t.reasons.filter(
      (r) =>
        r.code !== 'overdue' &&
        !(cleanSince && r.code === 'recent_errors') &&
        !fromConnections.has(`${r.code}|${r.message}`),
    );
    if (reasons.length === 0) return [];
    const severity =
      t.lastRun?.state === 'failed' || reasons.some((r) => RED_TEMPLATE_CODES.has(r.code)) ? 'red' : 'yellow';
    if (params.minSeverity === 'red' && severity !== 'red') return [];
    return [
      {
        ruleId: 'template_status',
        cause: `template:${t.templateId}`,
        severity,
        title: `${t.title} is ${severity}`,
        message: reasons.map((r) => r.message).join(' '),
        details: { templateId: t.templateId, reasons, lastRun: t.lastRun?.id ?? null },
      },
    ];
  });
}

/** Template reasons that are red on their own (the engine's rule: the last run failed, or orders stuck). */
const RED_TEMPLATE_CODES = new Set(['run_failed', 'orders_stuck']);

function templateOverdue(health: TenantHealth | null): Finding[] {
  return (health?.templates ?? []).flatMap((t): Finding[] => {
    if (OPS_TEMPLATE_IDS.includes(t.templateId)) return [];
    const overdue = t.reasons.find((r) => r.code === 'overdue');
    if (!overdue) return [];
    return [
      {
        ruleId: 'template_overdue',
        cause: `overdue:${t.templateId}`,
        severity: 'yellow',
        title: `${t.title} is overdue`,
        message: `${overdue.message} Check its schedule and the activity log, then run it now.`,
        details: { templateId: t.templateId, lastSuccess: t.lastSuccessfulRun?.finishedAt ?? null },
      },
    ];
  });
}

/**
 * The console's connection lights (server/console/health-rules.ts): refused credentials red, degraded, slow or
 * unreachable yellow. Expiry is left to its own rule (with its own threshold).
 */
function connectionHealth(params: RuleParams<'connection'>, health: TenantHealth | null): Finding[] {
  return (health?.connections ?? []).flatMap((c): Finding[] => {
    if (c.state !== 'red' && c.state !== 'yellow') return [];
    const reasons = c.reasons.filter((r) => !EXPIRY_CODES.has(r.code));
    if (reasons.length === 0) return [];
    const severity = reasons.some((r) => r.code === 'connection_refused') || c.state === 'red' ? 'red' : 'yellow';
    if (params.minSeverity === 'red' && severity !== 'red') return [];
    const name = SYSTEM_NAME[c.system];
    return [
      {
        ruleId: 'connection',
        cause: `connection:${c.system}`,
        severity,
        title: severity === 'red' ? `${name} connection failing` : `${name} connection degraded`,
        message: `${reasons.map((r) => r.message).join(' ')} Run "tds-bridge test-connection" (or Diagnostics in the console) to see which check fails and how to fix it.`,
        details: { system: c.system, reasons, lastCall: c.lastCall },
      },
    ];
  });
}

const EXPIRY_CODES = new Set(['credentials_expiring', 'credentials_expired']);

async function credentialExpiry(
  params: RuleParams<'credential_expiry'>,
  ctx: { deps: Deps; tenantId: string; now: Date },
): Promise<Finding[]> {
  const rows = await ctx.deps.db
    .select({ system: connections.system, role: connections.role, expiresAt: connections.expiresAt })
    .from(connections)
    .where(eq(connections.tenantId, ctx.tenantId));
  return rows.flatMap((row): Finding[] => {
    const e = expiryOf(row.expiresAt, ctx.now);
    if (e.state === 'none' || e.daysLeft === null) return [];
    if (e.state !== 'expired' && e.daysLeft > params.days) return [];
    const what = row.system === 'cw' ? `ConnectWise API keys (${row.role})` : `TD SYNNEX password (${row.role})`;
    const expired = e.state === 'expired';
    return [
      {
        ruleId: 'credential_expiry',
        cause: `expiry:${row.system}:${row.role}`,
        severity: expired ? 'red' : 'yellow',
        title: expired ? `${what} expired` : `${what} expire in ${e.daysLeft} days`,
        message: `${expired ? `The ${what} expired on ${e.expiresAt?.slice(0, 10)}.` : `The ${what} expire on ${e.expiresAt?.slice(0, 10)}.`} Create new credentials, save them in the connection settings and run test connection.`,
        details: { system: row.system, role: row.role, expiresAt: e.expiresAt, daysLeft: e.daysLeft },
      },
    ];
  });
}

async function apiBudget(
  params: RuleParams<'api_budget'>,
  ctx: { deps: Deps; tenantId: string; now: Date },
): Promise<Finding[]> {
  const dayAgo = new Date(ctx.now.getTime() - 24 * 60 * MINUTE).toISOString();
  const hourAgo = new Date(ctx.now.getTime() - 60 * MINUTE).toISOString();
  const rows = await ctx.deps.db
    .select({
      system: upstreamCalls.system,
      calls: sql<number>`count(*)`,
      limited: sql<number>`sum(case when ${upstreamCalls.status} = 429 and ${upstreamCalls.at} >= ${hourAgo} then 1 else 0 end)`,
    })
    .from(upstreamCalls)
    .where(and(eq(upstreamCalls.tenantId, ctx.tenantId), gte(upstreamCalls.at, dayAgo)))
    .groupBy(upstreamCalls.system);
  return rows.flatMap((row): Finding[] => {
    const budget = params.dailyBudget[row.system];
    const calls = Number(row.calls);
    const limited = Number(row.limited ?? 0);
    const percent = Math.round((calls / budget) * 100);
    const name = SYSTEM_NAME[row.system];
    if (percent < params.warnAtPercent && limited === 0) return [];
    const severity: AlertSeverity = percent >= 100 ? 'red' : 'yellow';
    const why =
      percent >= params.warnAtPercent
        ? `${calls} calls to ${name} in 24 hours, ${percent}% of the daily budget of ${budget}.`
        : `${name} refused ${limited} calls with 429 (rate limited) in the last hour.`;
    return [
      {
        ruleId: 'api_budget',
        cause: `budget:${row.system}`,
        severity,
        title: `${name} API budget ${percent >= params.warnAtPercent ? `${percent}% used` : 'rate limited'}`,
        message: `${why} Narrow Product Sync's categories, move heavy syncs off-peak, or raise the budget if your contract allows.`,
        details: { system: row.system, calls, budget, percent, rateLimitedLastHour: limited },
      },
    ];
  });
}

/** The TD SYNNEX order numbers a PO carries: Create Orders writes the custom field, a buyer may use vendorOrderNumber. */
function orderNumbersOf(po: { vendorOrderNumber?: string | null; customFields?: unknown }): string {
  const fields = (po.customFields as Array<{ caption?: string; value?: unknown }> | undefined) ?? [];
  const field = fields.find((f) => f.caption === TDS_CUSTOM_FIELDS.orderNumbers.caption);
  return String(field?.value ?? po.vendorOrderNumber ?? '').trim();
}

/**
 * Until the orders table lands (branch orders-create), stuck orders are read from ConnectWise itself:
 * purchase orders in "Send to TDS" not touched for the threshold, and purchase orders in a later TDS status
 * that still have no vendor order number.
 */
async function ordersStuck(
  params: RuleParams<'orders_stuck'>,
  ctx: { deps: Deps; tenantId: string; now: Date },
): Promise<Finding[]> {
  const ids = await cwSetupIds(ctx.deps.db, ctx.tenantId);
  const sendId = ids.poStatus(TDS_PO_STATUS.send);
  if (sendId === undefined) return [];
  const cw = await cwClientFor(ctx.deps, ctx.tenantId, { retry: false, timeoutMs: 10_000 });
  const age = (po: { _info?: unknown }) => {
    const info = po._info as { lastUpdated?: string } | undefined;
    const at = info?.lastUpdated ? Date.parse(info.lastUpdated) : Number.NaN;
    return Number.isNaN(at) ? 0 : (ctx.now.getTime() - at) / MINUTE;
  };
  const fields = 'id,poNumber,status,vendorOrderNumber,customFields,_info';
  const waiting = (
    await cw.list('procurement/purchaseorders', { conditions: `status/id=${sendId}`, fields, pageSize: 200 })
  ).filter((po) => age(po) >= params.sendToTdsMinutes);
  const laterIds = [TDS_PO_STATUS.accepted, TDS_PO_STATUS.released, TDS_PO_STATUS.shipped]
    .map((name) => ids.poStatus(name))
    .filter((id): id is number => id !== undefined);
  const numberless = [];
  for (const statusId of laterIds) {
    const pos = await cw.list('procurement/purchaseorders', {
      conditions: `status/id=${statusId}`,
      fields,
      pageSize: 200,
    });
    numberless.push(...pos.filter((po) => !orderNumbersOf(po) && age(po) >= params.noOrderNumberMinutes));
  }
  const findings: Finding[] = [];
  if (waiting.length) {
    findings.push({
      ruleId: 'orders_stuck',
      cause: 'orders:send_to_tds',
      severity: 'red',
      title: `${waiting.length} purchase order${waiting.length === 1 ? '' : 's'} stuck in "Send to TDS"`,
      message: `${waiting.map((p) => p.poNumber ?? `#${p.id}`).join(', ')} waited over ${params.sendToTdsMinutes} minutes. Check shipping addresses, SKUs and the activity log for each, then resubmit.`,
      details: { purchaseOrders: waiting.map((p) => ({ id: p.id, poNumber: p.poNumber })) },
    });
  }
  if (numberless.length) {
    findings.push({
      ruleId: 'orders_stuck',
      cause: 'orders:no_order_number',
      severity: 'red',
      title: `${numberless.length} purchase order${numberless.length === 1 ? '' : 's'} without a TD SYNNEX order number`,
      message: `${numberless.map((p) => p.poNumber ?? `#${p.id}`).join(', ')} have no TD SYNNEX order number after ${params.noOrderNumberMinutes} minutes. Look the PO up in TD SYNNEX and check the activity log.`,
      details: { purchaseOrders: numberless.map((p) => ({ id: p.id, poNumber: p.poNumber })) },
    });
  }
  return findings;
}
