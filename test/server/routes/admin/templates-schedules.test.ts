import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminHarness, adminHarness } from './support.ts';

describe('admin API: templates and settings', () => {
  let h: AdminHarness;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => h.close());

  it('lists the templates with their default schedules and a settings schema summary', async () => {
    const res = await h.call('GET', '/api/admin/templates');
    expect(res.status).toBe(200);
    expect(res.body.templates).toHaveLength(1);
    expect(res.body.templates[0]).toMatchObject({
      id: 'paged-sync',
      title: 'Paged Sync',
      description: 'Test template: one page per step.',
      defaultSchedule: '0 2 * * *',
      autoStart: true,
      settingsSchema: {
        type: 'object',
        properties: { label: { type: 'string', default: 'default' }, cap: { type: 'integer' } },
      },
    });
  });

  it('shows the effective settings (defaults) before anything is saved', async () => {
    const res = await h.call('GET', '/api/admin/tenants/acme/templates/paged-sync/settings');
    expect(res.body).toEqual({
      tenantId: 'acme',
      templateId: 'paged-sync',
      settings: { label: 'default', cap: 100 },
      stored: null,
      valid: true,
      issues: [],
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('stores valid settings, records who changed them, and refuses invalid ones field by field', async () => {
    const ok = await h.call('PUT', '/api/admin/tenants/acme/templates/paged-sync/settings', {
      body: { label: 'west', cap: 500 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ settings: { label: 'west', cap: 500 }, valid: true, updatedBy: 'admin' });
    const audit = await h.db.$client.execute('select actor, action, target from audit_log');
    expect(audit.rows.map((r) => ({ ...r }))).toEqual([
      { actor: 'admin', action: 'sync.settings.update', target: 'paged-sync' },
    ]);

    const bad = await h.call('PUT', '/api/admin/tenants/acme/templates/paged-sync/settings', { body: { cap: 50_000 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_template_settings');
    expect(bad.body.error.details.issues[0].path).toBe('cap');
    expect((await h.call('GET', '/api/admin/tenants/acme/templates/paged-sync/settings')).body.settings.cap).toBe(500);

    const notJson = await h.call('PUT', '/api/admin/tenants/acme/templates/paged-sync/settings', { raw: '{nope' });
    expect(notJson.body.error.code).toBe('invalid_json');
  });

  it('answers 404 with a code for unknown tenants and templates', async () => {
    const tenant = await h.call('GET', '/api/admin/tenants/nobody/templates/paged-sync/settings');
    expect(tenant.status).toBe(404);
    expect(tenant.body.error.code).toBe('tenant_not_found');
    const template = await h.call('GET', '/api/admin/tenants/acme/templates/nothing/settings');
    expect(template.status).toBe(404);
    expect(template.body.error).toMatchObject({ code: 'template_not_found' });
    expect(template.body.error.message).toContain('paged-sync');
  });
});

describe('admin API: schedules', () => {
  let h: AdminHarness;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => h.close());

  it("lists a tenant's schedules with the next runs in its time zone", async () => {
    const res = await h.call('GET', '/api/admin/tenants/globex/schedules');
    expect(res.status).toBe(200);
    expect(res.body.schedules).toEqual([
      expect.objectContaining({
        templateId: 'paged-sync',
        cron: '0 2 * * *',
        enabled: true,
        timeZone: 'Europe/Amsterdam',
        nextRunAt: '2026-03-03T01:00:00.000Z',
      }),
    ]);
    const one = await h.call('GET', '/api/admin/tenants/globex/schedules/paged-sync');
    expect(one.body).toEqual(res.body.schedules[0]);
  });

  it('changes the cron of one schedule', async () => {
    const res = await h.call('PUT', '/api/admin/tenants/acme/schedules/paged-sync', { body: { cron: '0 */4 * * *' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cron: '0 */4 * * *', nextRunAt: '2026-03-02T13:00:00.000Z' });
  });

  it('refuses an invalid cron with an example', async () => {
    const res = await h.call('PUT', '/api/admin/tenants/acme/schedules/paged-sync', { body: { cron: '2am' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_cron');
    expect(res.body.error.message).toMatch(/e\.g\. "0 2 \* \* \*" \(every day at 02:00\)/);
  });

  it('refuses an empty change and unknown fields', async () => {
    expect((await h.call('PUT', '/api/admin/tenants/acme/schedules/paged-sync', { body: {} })).body.error.code).toBe(
      'invalid_body',
    );
    const extra = await h.call('PUT', '/api/admin/tenants/acme/schedules/paged-sync', {
      body: { cron: '0 2 * * *', when: 'now' },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('invalid_body');
  });

  it('pauses and resumes', async () => {
    const paused = await h.call('POST', '/api/admin/tenants/acme/schedules/paged-sync/pause');
    expect(paused.body).toMatchObject({ enabled: false, nextRunAt: null });
    const resumed = await h.call('POST', '/api/admin/tenants/acme/schedules/paged-sync/resume');
    expect(resumed.body).toMatchObject({ enabled: true, nextRunAt: '2026-03-03T07:00:00.000Z' });
    const audit = await h.db.$client.execute('select action from audit_log order by id');
    expect(audit.rows.map((r) => r.action)).toEqual(['sync.schedule.pause', 'sync.schedule.resume']);
  });

  it('changes several schedules at once, or none when one entry is bad', async () => {
    const bad = await h.call('PUT', '/api/admin/tenants/acme/schedules', {
      body: {
        schedules: [
          { template: 'paged-sync', enabled: false },
          { template: 'paged-sync', cron: 'nope' },
        ],
      },
    });
    expect(bad.body.error.code).toBe('invalid_cron');
    expect((await h.call('GET', '/api/admin/tenants/acme/schedules/paged-sync')).body.enabled).toBe(true);
    const ok = await h.call('PUT', '/api/admin/tenants/acme/schedules', {
      body: { schedules: [{ template: 'paged-sync', cron: '*/30 * * * *', enabled: true }] },
    });
    expect(ok.body.schedules[0]).toMatchObject({ cron: '*/30 * * * *', nextRunAt: '2026-03-02T12:30:00.000Z' });
  });
});
