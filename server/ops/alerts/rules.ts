/**
 * The alert rules an MSP can switch on, their thresholds (zod, with defaults), and the tenant's stored
 * choices. A rule turns what tds-bridge already records (status lights, upstream calls, credentials, orders)
 * into findings; server/ops/alerts/checks.ts holds the checks themselves.
 */
import { and, eq } from 'drizzle-orm';
import * as z from 'zod';
import type { Db } from '../../../db/client.ts';
import { alertRules } from '../../../db/schema/ops.ts';
import { badRequest } from '../../errors.ts';

/** Our own templates never alert about themselves (an alerting fault cannot be told by alerting). */
export const OPS_TEMPLATE_IDS = ['ops-alerts', 'ops-reports', 'ops-housekeeping'];

export const RULE_SCHEMAS = {
  /** A sync template's light turns yellow or red (the dashboard's status rules). */
  template_status: z.strictObject({
    minSeverity: z.enum(['yellow', 'red']).default('yellow'),
    ignoreTemplates: z.array(z.string().max(60)).max(20).default([]),
  }),
  /** A connection's light turns red (credentials refused) or yellow (degraded, slow, unreachable, on standby). */
  connection: z.strictObject({ minSeverity: z.enum(['yellow', 'red']).default('yellow') }),
  /** A stored API key or password expires within `days` (red once expired). */
  credential_expiry: z.strictObject({ days: z.number().int().min(1).max(365).default(14) }),
  /** A template has not succeeded for two schedule periods and an hour. */
  template_overdue: z.strictObject({}),
  /** Upstream calls in the last 24 hours against the tenant's daily budget; any 429 in the last hour. */
  api_budget: z.strictObject({
    dailyBudget: z
      .strictObject({
        cw: z.number().int().min(1).default(100_000),
        tds: z.number().int().min(1).default(20_000),
      })
      .default({ cw: 100_000, tds: 20_000 }),
    warnAtPercent: z.number().min(1).max(100).default(80),
  }),
  /** Purchase orders in "Send to TDS", or sent without a TD SYNNEX order number, for longer than this. */
  orders_stuck: z.strictObject({
    sendToTdsMinutes: z.number().int().min(5).max(10_080).default(60),
    noOrderNumberMinutes: z.number().int().min(5).max(10_080).default(240),
  }),
} as const;

export type RuleId = keyof typeof RULE_SCHEMAS;
export const RULE_IDS = Object.keys(RULE_SCHEMAS) as RuleId[];
export type RuleParams<R extends RuleId> = z.output<(typeof RULE_SCHEMAS)[R]>;

export const RULE_TITLES: Record<RuleId, string> = {
  template_status: 'A sync template turns yellow or red',
  connection: 'Calls to ConnectWise or TD SYNNEX are failing',
  credential_expiry: 'A key or password expires soon',
  template_overdue: 'A template is overdue',
  api_budget: 'API budget nearly used',
  orders_stuck: 'Orders stuck in "Send to TDS" or without a TD SYNNEX order number',
};

export interface RuleSetting {
  ruleId: RuleId;
  title: string;
  enabled: boolean;
  params: Record<string, unknown>;
}

export function isRuleId(id: string): id is RuleId {
  return id in RULE_SCHEMAS;
}

export function parseParams(ruleId: RuleId, params: unknown): Record<string, unknown> {
  const parsed = RULE_SCHEMAS[ruleId].safeParse(params ?? {});
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw badRequest('invalid_alert_rule', `Check the ${ruleId} thresholds: ${list.join('; ')}.`, list);
  }
  return parsed.data as Record<string, unknown>;
}

/** Every rule for a tenant: stored choices, else enabled with defaults. */
export async function ruleSettings(db: Db, tenantId: string): Promise<RuleSetting[]> {
  const rows = await db.select().from(alertRules).where(eq(alertRules.tenantId, tenantId));
  return RULE_IDS.map((ruleId) => {
    const row = rows.find((r) => r.ruleId === ruleId);
    const stored = row ? RULE_SCHEMAS[ruleId].safeParse(row.params) : undefined;
    return {
      ruleId,
      title: RULE_TITLES[ruleId],
      enabled: row?.enabled ?? true,
      params: (stored?.success ? stored.data : RULE_SCHEMAS[ruleId].parse({})) as Record<string, unknown>,
    };
  });
}

export async function saveRule(
  db: Db,
  input: { tenantId: string; ruleId: RuleId; enabled: boolean; params: unknown; at: Date },
): Promise<RuleSetting> {
  const params = parseParams(input.ruleId, input.params);
  const values = {
    tenantId: input.tenantId,
    ruleId: input.ruleId,
    enabled: input.enabled,
    params,
    updatedAt: input.at.toISOString(),
  };
  await db
    .insert(alertRules)
    .values(values)
    .onConflictDoUpdate({ target: [alertRules.tenantId, alertRules.ruleId], set: values });
  return { ruleId: input.ruleId, title: RULE_TITLES[input.ruleId], enabled: input.enabled, params };
}

export async function deleteRule(db: Db, tenantId: string, ruleId: RuleId): Promise<void> {
  await db.delete(alertRules).where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.ruleId, ruleId)));
}
