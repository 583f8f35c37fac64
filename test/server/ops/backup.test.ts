/**
 * Backup and restore through the admin API on a real server: a fresh backup restores as no change; a backup with
 * secrets (sealed by passphrase) round-trips after the configuration was changed; an edited file applies exactly
 * the diff its dry run showed, each change in the audit log; secrets never appear in the file in clear.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit.ts';
import { readConfiguration } from '../../../server/ops/backup/export.ts';
import type { Backup } from '../../../server/ops/backup/format.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely and assert on every field they use
type Json = any;
const HOOK_SECRET = 'canary-hook-secret-5f2a9c';
const PASSPHRASE = 'correct horse battery staple';
let server: TestServer;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  return server.api(`/api/admin/tenants/demo${path}`, {
    method,
    admin: true,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const backup = async (body: unknown = {}) => (await admin('POST', '/backup', body)).body as Backup;
const restore = (file: unknown, opts: { dryRun?: boolean; passphrase?: string } = {}) =>
  admin('POST', `/restore?dryRun=${opts.dryRun ? 'true' : 'false'}`, { backup: file, passphrase: opts.passphrase });
const withoutTime = (b: Backup) => ({ ...b, createdAt: '', secrets: undefined });
const restoreAudits = async () =>
  (await server.db.select().from(auditLog).where(eq(auditLog.action, 'backup.restore'))).length;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 1000 });
  await admin('PUT', '/alert-channels/hook', {
    kind: 'webhook',
    config: { url: 'https://hooks.example/tds' },
    secrets: { signingSecret: HOOK_SECRET },
  });
  await admin('PUT', '/alert-rules/credential_expiry', { enabled: true, params: { days: 21 } });
  await admin('PUT', '/schedules/product-sync', { cron: '30 1 * * *' });
});
afterAll(async () => {
  await server?.close();
});

describe('backup and restore', () => {
  it('restores a fresh backup as no change at all', async () => {
    const file = await backup();
    const before = await restoreAudits();
    const dry = await restore(file, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, changes: [], skipped: [] });
    const real = await restore(file);
    expect(real.body).toMatchObject({ applied: false, changes: [] });
    expect(await restoreAudits()).toBe(before);
  });

  it('keeps secrets out of the file unless sealed with a passphrase, and opens them only with it', async () => {
    const plain = JSON.stringify(await backup());
    const sealed = await backup({ includeSecrets: true, passphrase: PASSPHRASE });
    for (const secret of [HOOK_SECRET, 'demo-private-key', 'demo-password']) {
      expect(plain).not.toContain(secret);
      expect(JSON.stringify(sealed)).not.toContain(secret);
    }
    expect(sealed.secrets?.kdf).toBe('PBKDF2-SHA256');
    expect((await admin('POST', '/backup', { includeSecrets: true })).body.error.code).toBe('passphrase_required');
    const wrong = await restore(sealed, { dryRun: true, passphrase: 'not the passphrase at all' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('backup_passphrase_wrong');
  });

  it('round-trips: after the configuration changed, the backup brings every setting and secret back', async () => {
    const original = await backup({ includeSecrets: true, passphrase: PASSPHRASE });
    const secretsBefore = (await readConfiguration(server.deps, 'demo')).secrets;
    // Change everything the backup holds.
    await admin('DELETE', '/alert-channels/hook');
    await admin('PUT', '/alert-rules/credential_expiry', { enabled: false, params: { days: 3 } });
    await admin('PUT', '/schedules/product-sync', { cron: '0 4 * * *', enabled: false });
    await admin('PUT', '/alert-rules/api_budget', { enabled: true, params: { warnAtPercent: 50 } });

    const dry = await restore(original, { dryRun: true, passphrase: PASSPHRASE });
    const shown = dry.body.changes.map((c: Json) => `${c.action} ${c.area}:${c.key}`).sort();
    expect(shown).toEqual([
      'add alert_channel:hook',
      'change alert_rule:credential_expiry',
      'change schedule:product-sync',
      'remove alert_rule:api_budget',
    ]);
    expect(JSON.stringify(dry.body)).not.toContain(HOOK_SECRET);
    const auditsBefore = await restoreAudits();
    const applied = await restore(original, { passphrase: PASSPHRASE });
    expect(applied.body.applied).toBe(true);
    expect(applied.body.changes).toEqual(dry.body.changes);
    expect(await restoreAudits()).toBe(auditsBefore + 4);

    expect(withoutTime(await backup())).toEqual(withoutTime(original));
    expect((await readConfiguration(server.deps, 'demo')).secrets).toEqual(secretsBefore);
    expect((await restore(original, { dryRun: true, passphrase: PASSPHRASE })).body.changes).toEqual([]);
  });

  it('applies exactly the diff the dry run showed for an edited file', async () => {
    const file = await backup();
    const edited: Backup = structuredClone(file);
    edited.tenant.name = 'Demo MSP (restored)';
    edited.tenant.podOrigins = [...edited.tenant.podOrigins, 'https://extra.example'];
    const rule = edited.alertRules.find((r) => r.ruleId === 'credential_expiry');
    if (!rule) throw new Error('rule missing');
    rule.params = { days: 30 };
    const channel = edited.alertChannels.find((c) => c.name === 'hook');
    if (!channel) throw new Error('channel missing');
    channel.enabled = false;

    const dry = await restore(edited, { dryRun: true });
    expect(dry.body.changes.map((c: Json) => `${c.action} ${c.area}:${c.key}`).sort()).toEqual([
      'change alert_channel:hook',
      'change alert_rule:credential_expiry',
      'change tenant:demo',
    ]);
    expect(dry.body.changes.find((c: Json) => c.area === 'alert_rule').after).toEqual({
      enabled: true,
      params: { days: 30 },
    });
    const applied = await restore(edited);
    expect(applied.body.changes).toEqual(dry.body.changes);
    // After the restore the tenant's configuration is the edited file, nothing more and nothing less.
    expect(withoutTime(await backup())).toEqual(withoutTime(edited));
    const audits = await server.db.select().from(auditLog).where(eq(auditLog.action, 'backup.restore'));
    expect(audits.filter((a) => a.target === 'alert_rule:credential_expiry').at(-1)?.details).toMatchObject({
      action: 'change',
      after: { enabled: true, params: { days: 30 } },
    });
  });

  it('skips a connection whose URL changed when the file has no secrets, and says why', async () => {
    const file = await backup();
    const edited: Backup = structuredClone(file);
    const cw = edited.connections.find((c) => c.system === 'cw' && c.role === 'primary');
    if (!cw) throw new Error('no cw connection');
    cw.config = { ...cw.config, apiUrl: 'https://attacker.example/v4_6_release/apis/3.0' };
    const result = await restore(edited);
    expect(result.body.changes).toEqual([]);
    expect(result.body.skipped).toEqual([
      { area: 'connection', key: 'cw:primary', reason: expect.stringContaining('secrets never follow a changed URL') },
    ]);
    expect((await readConfiguration(server.deps, 'demo')).backup.connections).toEqual(file.connections);
  });

  it('refuses to apply when the changes are no longer the ones the dry run showed', async () => {
    const file = await backup();
    const edited: Backup = structuredClone(file);
    edited.tenant.timeZone = 'Europe/London';
    const dry = await restore(edited, { dryRun: true });
    expect(dry.body.changes).toHaveLength(1);
    // Someone changes an alert rule between the dry run and the apply.
    await admin('PUT', '/alert-rules/template_overdue', { enabled: false, params: {} });
    const refused = await admin('POST', '/restore?dryRun=false', {
      backup: edited,
      expectChanges: dry.body.changesFingerprint,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('restore_changes_differ');
    expect((await readConfiguration(server.deps, 'demo')).backup.tenant.timeZone).toBe(file.tenant.timeZone);
  });

  it('refuses files it cannot read, with what is wrong', async () => {
    const file = await backup();
    expect((await restore({ ...file, version: 2 }, { dryRun: true })).body.error.code).toBe(
      'backup_version_unsupported',
    );
    expect((await restore({ hello: 1 }, { dryRun: true })).body.error.code).toBe('backup_invalid');
    const badCron = structuredClone(file);
    const schedule = badCron.schedules[0];
    if (!schedule) throw new Error('no schedule');
    schedule.cron = 'every day';
    const refused = await restore(badCron, { dryRun: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('schedules.');
    const other = structuredClone(file);
    other.tenant.cwCompanyId = 'someone-else';
    expect((await restore(other, { dryRun: true })).status).toBe(409);
  });
});
