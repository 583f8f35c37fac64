/**
 * The support bundle: one zip with each section support asks for, built against the simulators, and no secret
 * in it — tested with canary secrets planted where secrets live (connections, alert channels, the admin token)
 * and where they should never be but might leak (a log message, log details, audit details).
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit.ts';
import { writeActivity } from '../../../server/sync/engine/activity-log.ts';
import { loadConnections, saveConnection } from '../../../server/tenants/connections.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely and assert on every field they use
type Json = any;
const CANARY = {
  admin: 'canary-admin-token-7c1e0b5d2a9f',
  standbyKey: 'canary-cw-standby-key-41d8',
  hook: 'canary-webhook-secret-93be',
  smtp: 'canary-smtp-password-2f6a',
};
const KNOWN = ['demo-private-key', 'demo-password'];
let server: TestServer;
let files: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 1000, env: { ADMIN_TOKEN: CANARY.admin } });
  const deps = server.deps;
  const put = (name: string, body: unknown) =>
    server.api(`/api/admin/tenants/demo/alert-channels/${name}`, {
      method: 'PUT',
      admin: true,
      body: JSON.stringify(body),
    });
  await put('hook', {
    kind: 'webhook',
    config: { url: 'https://hooks.example/tds' },
    secrets: { signingSecret: CANARY.hook },
  });
  await put('mail', {
    kind: 'email',
    config: {
      host: 'smtp.example',
      user: 'bridge',
      from: 'bridge@demomsp.example.com',
      to: ['noc@demomsp.example.com'],
    },
    secrets: { password: CANARY.smtp },
  });
  const [primary] = await loadConnections(deps, 'demo', 'cw');
  if (!primary) throw new Error('the demo tenant has no ConnectWise connection');
  await saveConnection(deps, {
    tenantId: 'demo',
    system: 'cw',
    role: 'standby',
    config: primary.config,
    secrets: { privateKey: CANARY.standbyKey },
  });
  // Secrets where they do not belong: a log message, log details and audit details.
  await writeActivity(
    deps.db,
    { tenantId: 'demo', templateId: 'product-sync' },
    'error',
    {
      code: 'smtp_login_failed',
      message: `Login refused for bridge with ${CANARY.smtp}`,
      details: {
        request: { headers: { Authorization: `Basic ${btoa(`demo+x:${KNOWN[0]}`)}` }, body: `password=${KNOWN[1]}` },
      },
    },
    deps.now(),
  );
  await deps.db
    .insert(auditLog)
    .values({ tenantId: 'demo', actor: 'admin', action: 'test.leak', details: { note: `copied ${CANARY.hook}` } });

  const res = await fetch(`${server.url}/api/admin/tenants/demo/support-bundle`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CANARY.admin}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  files = Object.fromEntries(
    Object.entries(entries).map(([name, bytes]) => [name.split('/').at(-1) ?? name, strFromU8(bytes)]),
  );
});
afterAll(async () => {
  await server?.close();
});

describe('support bundle', () => {
  it('holds every section support asks for', () => {
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'activity-excerpt.json',
      'bundle.json',
      'configuration.json',
      'diagnostics.json',
      'failing-upstream-calls.json',
      'permissions.json',
      'recent-changes.json',
      'recent-errors.json',
      'runs.json',
      'timeline.json',
      'versions.json',
    ]);
    const versions = JSON.parse(files['versions.json'] ?? '{}');
    expect(versions.tdsBridge).toBe('0.1.0');
    expect(typeof versions.connectWise.version).toBe('string');
    expect(versions.templates.map((t: Json) => t.id)).toContain('product-sync');
    const permissions = JSON.parse(files['permissions.json'] ?? '{}');
    expect(permissions.checks.length).toBeGreaterThan(5);
    expect(permissions.checks.every((c: Json) => typeof c.name === 'string' && typeof c.status === 'string')).toBe(
      true,
    );
    const config = JSON.parse(files['configuration.json'] ?? '{}');
    expect(config.connections.map((c: Json) => `${c.system}:${c.role}`)).toEqual([
      'cw:primary',
      'cw:standby',
      'tds:primary',
    ]);
    expect(config.alertChannels.map((c: Json) => c.name)).toEqual(['connectwise-board', 'hook', 'mail']);
    const diagnostics = JSON.parse(files['diagnostics.json'] ?? '{}');
    expect(diagnostics.status.templates.length).toBeGreaterThan(0);
    expect(diagnostics.status.connections.map((c: Json) => c.system)).toEqual(['cw', 'tds']);
    expect(diagnostics.findings.categories.length).toBeGreaterThan(0);
    const timeline = JSON.parse(files['timeline.json'] ?? '[]');
    expect(timeline.some((e: Json) => e.kind === 'error_first_seen' && e.code === 'smtp_login_failed')).toBe(true);
    expect(
      timeline.some((e: Json) => e.kind === 'configuration_changed' && e.what.includes('alerts.channel.create')),
    ).toBe(true);
    const changes = JSON.parse(files['recent-changes.json'] ?? '[]');
    expect(changes.some((c: Json) => c.action === 'connection.test')).toBe(true);
    const errors = JSON.parse(files['recent-errors.json'] ?? '[]');
    expect(errors.find((e: Json) => e.code === 'smtp_login_failed')?.message).toBe(
      'Login refused for bridge with [redacted]',
    );
  });

  it('contains no canary or stored secret anywhere', () => {
    const all = Object.values(files).join('\n');
    for (const secret of [...Object.values(CANARY), ...KNOWN]) expect(all).not.toContain(secret);
    expect(all).not.toContain(btoa(`demo+x:${KNOWN[0]}`));
    expect(all).toContain('[redacted]');
  });
});
