/**
 * Alerts in the admin API: the alerts (open and past, with their deliveries), the rules and their
 * thresholds, the channels (secrets write-only), and an alert pass on demand. Changes are audited.
 */
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { ALERT_CHANNEL_KINDS, alertDeliveries, alerts } from '../../../db/schema/ops.ts';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest, notFound } from '../../errors.ts';
import { channelView, deleteChannel, listChannels, saveChannel } from '../../ops/alerts/channel-store.ts';
import { evaluateAlerts } from '../../ops/alerts/evaluate.ts';
import { isRuleId, ruleSettings, saveRule } from '../../ops/alerts/rules.ts';
import { opsBodyLimit } from './ops-body-limit.ts';
import { audit, cursor, engine, existingTenant, limit, parseBody, parseQuery } from './shared.ts';

const LIMIT = opsBodyLimit(64 * 1024);

export const AlertsQuery = z.object({ state: z.enum(['open', 'all']).default('all'), limit: limit(200), cursor });
export const AlertRuleBody = z.strictObject({
  enabled: z.boolean().default(true),
  params: z.record(z.string(), z.unknown()).default({}),
});
export const AlertChannelBody = z.strictObject({
  kind: z.enum(ALERT_CHANNEL_KINDS),
  enabled: z.boolean().default(true),
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.unknown()).optional(),
});
const CHANNEL_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

function channelName(name: string | undefined): string {
  if (!name || !CHANNEL_NAME.test(name)) {
    throw badRequest(
      'invalid_channel_name',
      'A channel name is 1–40 lower-case letters, digits or dashes, e.g. "ops-webhook".',
    );
  }
  return name;
}

export function alertRoutes() {
  return new Hono<AdminEnv>()
    .get('/tenants/:tenantId/alerts', async (c) => {
      const tenantId = await existingTenant(c);
      const q = parseQuery(c, AlertsQuery);
      const size = q.limit ?? 50;
      const rows = await c.var.deps.db
        .select()
        .from(alerts)
        .where(
          and(
            eq(alerts.tenantId, tenantId),
            q.state === 'open' ? isNull(alerts.resolvedAt) : undefined,
            q.cursor ? lt(alerts.id, Number(q.cursor)) : undefined,
          ),
        )
        .orderBy(desc(alerts.id))
        .limit(size + 1);
      const items = rows.slice(0, size);
      const deliveries = items.length
        ? await c.var.deps.db
            .select()
            .from(alertDeliveries)
            .where(
              inArray(
                alertDeliveries.alertId,
                items.map((a) => a.id),
              ),
            )
        : [];
      return c.json({
        items: items.map((a) => ({
          ...a,
          deliveries: deliveries
            .filter((d) => d.alertId === a.id)
            .map(({ leaseUntil: _lease, tenantId: _t, ...d }) => d),
        })),
        nextCursor: rows.length > size ? String(items.at(-1)?.id) : null,
      });
    })
    .post('/tenants/:tenantId/alerts/evaluate', async (c) => {
      const tenantId = await existingTenant(c);
      const pass = await evaluateAlerts({ deps: c.var.deps, engine: engine(c), tenantId, now: c.var.deps.now() });
      return c.json({
        opened: pass.reconcile.opened.map((a) => a.id),
        escalated: pass.reconcile.escalated.map((a) => a.id),
        resolved: pass.reconcile.resolved.map((a) => a.id),
        stillOpen: pass.reconcile.stillOpen,
        delivery: pass.delivery,
        unknownRules: pass.unknownRules,
      });
    })
    .get('/tenants/:tenantId/alert-rules', async (c) => {
      const tenantId = await existingTenant(c);
      return c.json({ rules: await ruleSettings(c.var.deps.db, tenantId) });
    })
    .put('/tenants/:tenantId/alert-rules/:ruleId', LIMIT, async (c) => {
      const tenantId = await existingTenant(c);
      const ruleId = c.req.param('ruleId');
      if (!isRuleId(ruleId))
        throw notFound('alert_rule_not_found', `There is no alert rule "${ruleId}"; GET alert-rules lists them.`);
      const body = await parseBody(c, AlertRuleBody);
      const saved = await saveRule(c.var.deps.db, { tenantId, ruleId, ...body, at: c.var.deps.now() });
      await audit(c, tenantId, 'alerts.rule.update', ruleId, { enabled: saved.enabled, params: saved.params });
      return c.json(saved);
    })
    .get('/tenants/:tenantId/alert-channels', async (c) => {
      const tenantId = await existingTenant(c);
      const channels = (await listChannels(c.var.deps.db, tenantId)).map(channelView);
      const independent = channels.some((ch) => ch.enabled && ch.independentOfConnectWise);
      return c.json({
        channels,
        recommendation: independent
          ? null
          : 'Add a webhook or email channel: a ConnectWise ticket cannot tell you that ConnectWise itself is unreachable.',
      });
    })
    .put('/tenants/:tenantId/alert-channels/:name', LIMIT, async (c) => {
      const tenantId = await existingTenant(c);
      const name = channelName(c.req.param('name'));
      const body = await parseBody(c, AlertChannelBody);
      const { view, created } = await saveChannel(c.var.deps, { tenantId, name, ...body, at: c.var.deps.now() });
      await audit(c, tenantId, created ? 'alerts.channel.create' : 'alerts.channel.update', name, {
        kind: view.kind,
        enabled: view.enabled,
        config: view.config,
        secretsChanged: body.secrets !== undefined,
      });
      return c.json(view, created ? 201 : 200);
    })
    .delete('/tenants/:tenantId/alert-channels/:name', async (c) => {
      const tenantId = await existingTenant(c);
      const name = channelName(c.req.param('name'));
      await deleteChannel(c.var.deps.db, tenantId, name);
      await audit(c, tenantId, 'alerts.channel.delete', name);
      return c.body(null, 204);
    });
}
