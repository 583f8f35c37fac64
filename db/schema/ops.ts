/**
 * Operations: alert channels and rules per tenant, the alerts themselves (one open alert per cause, enforced
 * by a partial unique index so two engines evaluating at once cannot both open it), each delivery of an
 * alert event to a channel (written down before it is attempted, retried from here), and generated reports.
 * Written only by server/ops/.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const ALERT_CHANNEL_KINDS = ['webhook', 'ticket', 'email'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

export const alertChannels = sqliteTable(
  'alert_channels',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The admin's name for it, e.g. `ops-webhook`. */
    name: text('name').notNull(),
    kind: text('kind', { enum: ALERT_CHANNEL_KINDS }).notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Non-secret settings (URL, board, recipients, SMTP host). */
    config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Sealed JSON of the channel's secrets (webhook signing secret, SMTP password); never returned. */
    secretCiphertext: text('secret_ciphertext'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('alert_channels_tenant_name').on(t.tenantId, t.name)],
);
export type AlertChannelRow = typeof alertChannels.$inferSelect;

export const alertRules = sqliteTable(
  'alert_rules',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** One of server/ops/alerts/rules.ts RULE_IDS. */
    ruleId: text('rule_id').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Thresholds, validated by the rule's schema. */
    params: text('params', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('alert_rules_tenant_rule').on(t.tenantId, t.ruleId)],
);
export type AlertRuleRow = typeof alertRules.$inferSelect;

export const ALERT_SEVERITIES = ['yellow', 'red'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    /** What the alert is about, stable across evaluations: `template:product-sync`, `expiry:cw:primary`. */
    cause: text('cause').notNull(),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
    title: text('title').notNull(),
    message: text('message').notNull(),
    details: text('details', { mode: 'json' }).$type<unknown>(),
    openedAt: text('opened_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    resolvedAt: text('resolved_at'),
  },
  (t) => [
    uniqueIndex('alerts_one_open_per_cause').on(t.tenantId, t.cause).where(sql`${t.resolvedAt} is null`),
    index('alerts_tenant_opened').on(t.tenantId, t.openedAt),
  ],
);
export type AlertRow = typeof alerts.$inferSelect;

export const ALERT_EVENTS = ['opened', 'escalated', 'resolved'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    event: text('event', { enum: ALERT_EVENTS }).notNull(),
    state: text('state', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** What the channel made of it: the ConnectWise ticket id, the SMTP message id, the HTTP status. */
    externalRef: text('external_ref'),
    /** Held while one engine delivers it, so two ticks never send it twice. */
    leaseUntil: text('lease_until'),
    deliveredAt: text('delivered_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('alert_deliveries_once').on(t.alertId, t.channel, t.event),
    index('alert_deliveries_due').on(t.state, t.nextAttemptAt),
  ],
);
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;

export const REPORT_KINDS = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const opsReports = sqliteTable(
  'ops_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REPORT_KINDS }).notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    generatedAt: text('generated_at').notNull(),
    body: text('body', { mode: 'json' }).$type<unknown>().notNull(),
  },
  (t) => [uniqueIndex('ops_reports_period').on(t.tenantId, t.kind, t.periodStart)],
);
export type OpsReportRow = typeof opsReports.$inferSelect;
