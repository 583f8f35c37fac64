/**
 * Alerts end to end on a real server with the simulators: a template turning red raises one alert, delivered
 * once on each channel (signed webhook to a local receiver, a ticket on the simulated ConnectWise board, a
 * mail to a local SMTP server); further passes do not repeat it; the fix sends one recovery notice per channel.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { connections } from '../../../db/schema/connections.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import { alertDeliveries, alerts } from '../../../db/schema/ops.ts';
import { AppError } from '../../../server/errors.ts';
import { signWebhook } from '../../../server/ops/alerts/channels/index.ts';
import { deliverDue } from '../../../server/ops/alerts/deliver.ts';
import { evaluateAlerts } from '../../../server/ops/alerts/evaluate.ts';
import { defineTemplate } from '../../../server/sync/engine/index.ts';
import { templates } from '../../../server/sync/templates/index.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { type SmtpReceiver, startSmtpReceiver, startWebhookReceiver, type WebhookReceiver } from './receivers.ts';

const SIGNING_SECRET = 'whsec-test-0123456789abcdef';
const feed = { broken: false };
const flaky = defineTemplate({
  id: 'flaky-feed',
  title: 'Flaky Feed',
  description: 'A test template that fails while the test says the feed is broken.',
  defaultSchedule: '0 3 * * *',
  settingsSchema: z.object({}),
  async run() {
    if (feed.broken) throw new AppError('feed_broken', 'The test feed is broken; fix the feed.', { status: 400 });
    return { done: true };
  },
});

let server: TestServer;
let hook: WebhookReceiver;
let smtp: SmtpReceiver;

async function runTemplate(id: string) {
  await server.engine.runNow('demo', id);
  await server.engine.tick();
}

async function cw<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}/sim/cw/v4_6_release/apis/3.0/${path}`, {
    headers: {
      authorization: `Basic ${btoa('demo+demo-public-key:demo-private-key')}`,
      clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function deliveriesOf(alertId: number) {
  return server.db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId));
}

beforeAll(async () => {
  server = await startTestServer({ templates: [...templates, flaky], catalogSize: 1000 });
  hook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  // Scheduled runs are paused (a paused template is gray, so not the one under test): the test runs each pass.
  for (const t of server.engine.templates) if (t.id !== 'flaky-feed') await server.engine.pause('demo', t.id);
  const put = (name: string, body: unknown) =>
    server.api(`/api/admin/tenants/demo/alert-channels/${name}`, {
      method: 'PUT',
      admin: true,
      body: JSON.stringify(body),
    });
  expect(
    (await put('hook', { kind: 'webhook', config: { url: hook.url }, secrets: { signingSecret: SIGNING_SECRET } }))
      .status,
  ).toBe(201);
  // The demo tenant comes with a ticket channel on the simulated Service Desk board ("connectwise-board").
  expect(
    (
      await put('mail', {
        kind: 'email',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          from: 'bridge@demomsp.example.com',
          to: ['noc@demomsp.example.com'],
        },
      })
    ).status,
  ).toBe(201);
});

afterAll(async () => {
  await server?.close();
  await hook?.close();
  await smtp?.close();
});

describe('alerts over every channel', () => {
  it('fires once when a template turns red, does not repeat, and recovers once when it is fixed', async () => {
    feed.broken = true;
    await runTemplate('flaky-feed');
    await runTemplate('ops-alerts');

    const open = await server.db.select().from(alerts).where(eq(alerts.cause, 'template:flaky-feed'));
    expect(open).toHaveLength(1);
    const alert = open[0];
    if (!alert) throw new Error('no alert');
    expect(alert.severity).toBe('red');
    expect(alert.resolvedAt).toBeNull();
    expect(alert.message).toContain('The test feed is broken');

    // Webhook: one signed POST.
    expect(hook.hits.map((h) => h.json.event)).toEqual(['opened']);
    const hit = hook.hits[0];
    if (!hit) throw new Error('no webhook');
    const timestamp = String(hit.headers['x-tds-bridge-timestamp']);
    expect(hit.headers['x-tds-bridge-signature']).toBe(await signWebhook(SIGNING_SECRET, timestamp, hit.body));
    expect(hit.json.alert).toMatchObject({ id: alert.id, cause: 'template:flaky-feed', severity: 'red' });

    // Email: one mail to the NOC.
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['noc@demomsp.example.com']);
    expect(smtp.mails[0]?.raw).toMatch(/Subject: \[tds-bridge demo\] RED: Flaky Feed is red/);

    // Ticket on the MSP's own board in the ConnectWise simulator.
    const opened = await deliveriesOf(alert.id);
    const ticketDelivery = opened.find((d) => d.channel === 'connectwise-board');
    expect(ticketDelivery?.state).toBe('delivered');
    const ticket = await cw<{ summary: string; board: { name: string }; company: { identifier: string } }>(
      `service/tickets/${ticketDelivery?.externalRef}`,
    );
    expect(ticket.summary).toContain('RED: Flaky Feed is red');
    expect(ticket.board.name).toBe('Service Desk');
    expect(ticket.company.identifier).toBe('DemoMSP');

    // Still broken: another failing run and two more passes change nothing on any channel.
    await runTemplate('flaky-feed');
    await runTemplate('ops-alerts');
    await runTemplate('ops-alerts');
    expect(await server.db.select().from(alerts).where(eq(alerts.cause, 'template:flaky-feed'))).toHaveLength(1);
    expect(hook.hits).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    expect(await deliveriesOf(alert.id)).toHaveLength(3);

    // Fixed: the next run succeeds, the next pass sends one recovery notice per channel.
    feed.broken = false;
    await runTemplate('flaky-feed');
    await runTemplate('ops-alerts');
    const [after] = await server.db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(after?.resolvedAt).not.toBeNull();
    expect(hook.hits.map((h) => h.json.event)).toEqual(['opened', 'resolved']);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]?.raw).toMatch(/RECOVERED: Flaky Feed is red/);
    const notes = await cw<Array<{ text: string; resolutionFlag: boolean }>>(
      `service/tickets/${ticketDelivery?.externalRef}/notes`,
    );
    expect(notes.some((n) => n.text.startsWith('Recovered at') && n.resolutionFlag)).toBe(true);
    const deliveries = await deliveriesOf(alert.id);
    expect(deliveries.map((d) => `${d.channel}:${d.event}:${d.state}`).sort()).toEqual([
      'connectwise-board:opened:delivered',
      'connectwise-board:resolved:delivered',
      'hook:opened:delivered',
      'hook:resolved:delivered',
      'mail:opened:delivered',
      'mail:resolved:delivered',
    ]);

    // Every alert and delivery is in the activity log.
    const log = await server.api<{ items: Array<{ code: string; entity: { id: string } | null }> }>(
      '/api/admin/tenants/demo/activity?template=ops-alerts&limit=100',
      { admin: true },
    );
    const codes = log.body.items.filter((e) => e.entity?.id === String(alert.id)).map((e) => e.code);
    expect(codes.filter((c) => c === 'alert_opened')).toHaveLength(1);
    expect(codes.filter((c) => c === 'alert_resolved')).toHaveLength(1);
    expect(codes.filter((c) => c === 'alert_delivered')).toHaveLength(6);
  });

  it('retries a webhook that failed, on the next pass after its backoff', async () => {
    hook.failNext(1, 503);
    const before = hook.hits.length;
    const at = new Date('2030-01-01T00:00:00.000Z').getTime();
    await server.db
      .update(connections)
      .set({ expiresAt: '2030-01-04T12:00:00.000Z' })
      .where(eq(connections.id, 'demo:cw:primary'));
    // On the real clock the key expires in years: the on-demand pass opens nothing for it.
    const pass = await server.api<{ opened: number[] }>('/api/admin/tenants/demo/alerts/evaluate', {
      method: 'POST',
      admin: true,
    });
    expect(pass.status).toBe(200);
    expect(pass.body.opened).toEqual([]);
    // Three days before expiry on the pass's own clock:
    const first = await evaluateAlerts({
      deps: server.deps,
      engine: server.engine,
      tenantId: 'demo',
      now: new Date(at),
    });
    const opened = first.reconcile.opened.find((a) => a.cause === 'expiry:cw:primary');
    expect(opened?.severity).toBe('yellow');
    const hookRow = (await deliveriesOf(opened?.id ?? 0)).find((d) => d.channel === 'hook');
    expect(hookRow).toMatchObject({ state: 'pending', attempts: 1 });
    expect(hookRow?.lastError).toContain('503');
    expect(hook.hits.length).toBe(before);

    // Before the backoff nothing is sent; after it, the webhook gets it once.
    await deliverDue({ deps: server.deps, tenantId: 'demo', now: new Date(at + 30_000) });
    expect(hook.hits.length).toBe(before);
    await deliverDue({ deps: server.deps, tenantId: 'demo', now: new Date(at + 61_000) });
    expect(hook.hits.length).toBe(before + 1);
    expect(hook.hits.at(-1)?.json.alert.cause).toBe('expiry:cw:primary');
    const [delivered] = (await deliveriesOf(opened?.id ?? 0)).filter((d) => d.channel === 'hook');
    expect(delivered).toMatchObject({ state: 'delivered', attempts: 2 });

    // Expired: the same alert escalates to red (no second alert); a new key recovers it.
    const later = await evaluateAlerts({
      deps: server.deps,
      engine: server.engine,
      tenantId: 'demo',
      now: new Date(at + 5 * 86_400_000),
    });
    expect(later.reconcile.escalated.map((a) => a.id)).toEqual([opened?.id]);
    await server.db
      .update(connections)
      .set({ expiresAt: '2031-01-01T00:00:00.000Z' })
      .where(eq(connections.id, 'demo:cw:primary'));
    const fixed = await evaluateAlerts({
      engine: server.engine,
      deps: server.deps,
      tenantId: 'demo',
      now: new Date(at + 5 * 86_400_000 + 60_000),
    });
    expect(fixed.reconcile.resolved.map((a) => a.id)).toEqual([opened?.id]);
  });

  it('raises one red connection alert (not one per template) while ConnectWise refuses the keys, and recovers', async () => {
    const faults = (method: string, body?: unknown) =>
      fetch(`${server.url}/sim/cw/_sim/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const testConnection = () =>
      server.api('/api/admin/tenants/demo/test-connection', { method: 'POST', admin: true, body: '{}' });
    const evaluate = () =>
      server.api<{ opened: number[]; resolved: number[] }>('/api/admin/tenants/demo/alerts/evaluate', {
        method: 'POST',
        admin: true,
      });
    const ticketsBefore = (await server.db.select().from(alertDeliveries)).filter(
      (d) => d.channel === 'connectwise-board',
    ).length;
    await runTemplate('flaky-feed');
    expect((await faults('POST', { expiredCredentials: true })).status).toBeLessThan(300);
    await testConnection();
    const opened = await evaluate();
    expect(opened.body.opened).toHaveLength(1);
    const [alert] = await server.db
      .select()
      .from(alerts)
      .where(eq(alerts.id, opened.body.opened[0] ?? 0));
    expect(alert).toMatchObject({ cause: 'connection:cw', severity: 'red', resolvedAt: null });
    expect(alert?.message).toContain('refused');
    const templateAlerts = await server.db.select().from(alerts).where(eq(alerts.cause, 'template:flaky-feed'));
    expect(templateAlerts.every((a) => a.resolvedAt !== null)).toBe(true);
    // The ticket channel cannot reach ConnectWise now; the webhook still tells someone.
    expect(hook.hits.at(-1)?.json.alert.cause).toBe('connection:cw');
    const board = (await deliveriesOf(alert?.id ?? 0)).find((d) => d.channel === 'connectwise-board');
    expect(board?.state).toBe('pending');
    expect(board?.lastError).toContain('ConnectWise');

    expect((await faults('DELETE')).status).toBeLessThan(300);
    await testConnection();
    // The keys work again, but a share of the day's calls failed: the console calls it degraded (yellow).
    const eased = await evaluate();
    expect(eased.body.resolved).toEqual([]);
    const [yellow] = await server.db
      .select()
      .from(alerts)
      .where(eq(alerts.id, alert?.id ?? 0));
    expect(yellow).toMatchObject({ severity: 'yellow', resolvedAt: null });
    const hooksBefore = hook.hits.length;
    // Normal traffic resumes: the failures fall under the console's degraded share and the alert recovers.
    const at = server.deps.now().toISOString();
    await server.db.insert(upstreamCalls).values(
      Array.from({ length: 200 }, () => ({
        tenantId: 'demo',
        system: 'cw' as const,
        method: 'GET',
        route: '/x',
        status: 200,
        ok: true,
        durationMs: 20,
        at,
      })),
    );
    const recovered = await evaluate();
    expect(recovered.body.resolved).toEqual([alert?.id]);
    expect(hook.hits.slice(hooksBefore).map((h) => `${h.json.event}:${h.json.alert.cause}`)).toEqual([
      'resolved:connection:cw',
    ]);
    const boards = (await deliveriesOf(alert?.id ?? 0)).filter((d) => d.channel === 'connectwise-board');
    expect(boards.map((d) => d.event).sort()).toEqual(['opened', 'resolved']);
    expect(ticketsBefore).toBeGreaterThan(0);
  });

  it('opens a ticket on the Service Desk board while TD SYNNEX refuses the password, and notes the recovery', async () => {
    const faults = (method: string, body?: unknown) =>
      fetch(`${server.url}/sim/tds/_sim/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const testConnection = () =>
      server.api('/api/admin/tenants/demo/test-connection', { method: 'POST', admin: true, body: '{"system":"tds"}' });
    const evaluate = () =>
      server.api<{ opened: number[]; resolved: number[] }>('/api/admin/tenants/demo/alerts/evaluate', {
        method: 'POST',
        admin: true,
      });
    await faults('POST', { expiredCredentials: true });
    await testConnection();
    const opened = await evaluate();
    const [alert] = await server.db
      .select()
      .from(alerts)
      .where(eq(alerts.id, opened.body.opened[0] ?? 0));
    expect(alert).toMatchObject({ cause: 'connection:tds', severity: 'red' });
    const board = (await deliveriesOf(alert?.id ?? 0)).find((d) => d.channel === 'connectwise-board');
    expect(board?.state).toBe('delivered');
    const ticket = await cw<{ summary: string }>(`service/tickets/${board?.externalRef}`);
    expect(ticket.summary).toContain('RED: TD SYNNEX connection failing');

    await faults('DELETE');
    await testConnection();
    // Normal traffic after the fix keeps the day's failures under the console's "degraded" share.
    const at = server.deps.now().toISOString();
    await server.db.insert(upstreamCalls).values(
      Array.from({ length: 200 }, () => ({
        tenantId: 'demo',
        system: 'tds' as const,
        method: 'POST',
        route: '/x',
        status: 200,
        ok: true,
        durationMs: 20,
        at,
      })),
    );
    const recovered = await evaluate();
    expect(recovered.body.resolved).toEqual([alert?.id]);
    const notes = await cw<Array<{ text: string }>>(`service/tickets/${board?.externalRef}/notes`);
    expect(notes.filter((n) => n.text.startsWith('Recovered at'))).toHaveLength(1);
  });

  it('never returns a channel secret, and asks for it again when the webhook URL changes', async () => {
    const list = await server.api<{
      channels: Array<{ name: string; hasSecret: boolean }>;
      recommendation: string | null;
    }>('/api/admin/tenants/demo/alert-channels', { admin: true });
    expect(JSON.stringify(list.body)).not.toContain(SIGNING_SECRET);
    expect(list.body.channels.find((c) => c.name === 'hook')?.hasSecret).toBe(true);
    expect(list.body.recommendation).toBeNull();
    const moved = await server.api<{ error: { code: string } }>('/api/admin/tenants/demo/alert-channels/hook', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({ kind: 'webhook', config: { url: 'https://elsewhere.example/hook' } }),
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('alert_channel_secret_required');
  });

  it('recommends a channel that does not depend on ConnectWise when only a ticket channel exists', async () => {
    for (const name of ['hook', 'mail']) {
      const res = await server.api(`/api/admin/tenants/demo/alert-channels/${name}`, { method: 'DELETE', admin: true });
      expect(res.status).toBe(204);
    }
    const list = await server.api<{ recommendation: string | null }>('/api/admin/tenants/demo/alert-channels', {
      admin: true,
    });
    expect(list.body.recommendation).toContain('webhook or email');
  });
});
