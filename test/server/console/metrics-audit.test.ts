/**
 * Metrics per template and day (from real runs and upstream calls) and the audit trail with the named
 * operator and before/after, secrets redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateMetrics } from '../../../server/console/metrics.ts';
import { redactSecrets } from '../../../server/console/redact.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 3_000 });
});
afterAll(() => server.close());

describe('metrics', () => {
  it("counts today's Product Sync run, its volumes and the upstream calls, per day in the tenant zone", async () => {
    const { run } = await server.engine.runNow('demo', 'product-sync', { requestedBy: 'test' });
    for (let i = 0; i < 200; i++) {
      await server.engine.tick();
      const [row] = (await server.engine.runs({ tenantId: 'demo', templateId: 'product-sync', limit: 1 })).items;
      if (row?.id === run.id && row.finishedAt) break;
    }
    await server.deps.recorder.flush?.();
    const res = await server.api<TemplateMetrics>('/api/admin/tenants/demo/metrics?template=product-sync&days=7', {
      admin: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(7);
    const today = res.body.perDay.at(-1);
    expect(today).toMatchObject({ runs: 1, succeeded: 1, failed: 0, successRate: 100 });
    expect(today?.added).toBeGreaterThan(0);
    const tds = res.body.upstream.filter((u) => u.system === 'tds').at(-1);
    expect(tds?.calls).toBeGreaterThan(0);
    expect(tds?.p95Ms).not.toBeNull();
    expect(res.body.perDay.slice(0, -1).every((d) => d.runs === 0)).toBe(true);
  });

  it('refuses a bad query with a 400, not a 5xx', async () => {
    const res = await server.api<{ error: { code: string } }>('/api/admin/tenants/demo/metrics?template=x&days=900', {
      admin: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_query');
  });
});

describe('audit', () => {
  it('names who changed a setting, with before and after', async () => {
    await server.api('/api/admin/tenants/demo/templates/price-availability/settings', {
      method: 'PUT',
      admin: true,
      headers: { 'x-tds-bridge-client': 'console' },
      body: JSON.stringify({ cacheTtlSeconds: 120 }),
    });
    const res = await server.api<{ items: Array<{ actor: string; action: string; details: Record<string, unknown> }> }>(
      '/api/admin/tenants/demo/audit?action=sync.settings',
      { admin: true },
    );
    expect(res.status).toBe(200);
    const entry = res.body.items[0];
    expect(entry).toMatchObject({ actor: 'admin (console)', action: 'sync.settings.update' });
    expect(entry?.details).toHaveProperty('before');
    expect(entry?.details).toHaveProperty('after');
  });

  it('edits the pod origins, audited before/after, and refuses what is not an http(s) URL', async () => {
    const before = await server.api<{ origins: string[] }>('/api/admin/tenants/demo/pod-origins', { admin: true });
    const saved = await server.api<{ origins: string[] }>('/api/admin/tenants/demo/pod-origins', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({ origins: [...before.body.origins, 'https://na.myconnectwise.net/some/path'] }),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.origins).toContain('https://na.myconnectwise.net');
    const audit = await server.api<{ items: Array<{ details: { before: string[]; after: string[] } }> }>(
      '/api/admin/tenants/demo/audit?action=tenant.pod_origins',
      { admin: true },
    );
    expect(audit.body.items[0]?.details).toEqual({ before: before.body.origins, after: saved.body.origins });
    const bad = await server.api('/api/admin/tenants/demo/pod-origins', {
      method: 'PUT',
      admin: true,
      body: JSON.stringify({ origins: ['javascript:alert(1)'] }),
    });
    expect(bad.status).toBe(400);
  });

  it('redacts secrets by key and inside strings', () => {
    expect(
      redactSecrets({
        password: 'hunter2',
        privateKey: 'abc',
        secretsChanged: true,
        nested: [{ authorization: 'Basic ZGVtbzpzZWNyZXQ=' }],
        xml: '<Password>hunter2</Password><CustomerNo>1</CustomerNo>',
        url: 'https://x.test/a?password=hunter2&b=1',
      }),
    ).toEqual({
      password: '[redacted]',
      privateKey: '[redacted]',
      secretsChanged: true,
      nested: [{ authorization: '[redacted]' }],
      xml: '<Password>[redacted]</Password><CustomerNo>1</CustomerNo>',
      url: 'https://x.test/a?password=[redacted]&b=1',
    });
  });
});
