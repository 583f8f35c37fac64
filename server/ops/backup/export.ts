/**
 * Reads a tenant's configuration into the backup form: tenant, connections (config only), template settings,
 * schedules, activation mappings, alert rules and channels; secrets only when asked for, sealed with the
 * passphrase. Restore uses the same reader to see what is there now.
 */
import { eq } from 'drizzle-orm';
import { tenantCwSetup } from '../../../db/schema/activation.ts';
import { connections } from '../../../db/schema/connections.ts';
import { alertChannels, alertRules } from '../../../db/schema/ops.ts';
import { syncSchedules, syncTemplateSettings } from '../../../db/schema/schedules.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { getTenant } from '../../tenants/tenant-repo.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, type BackupSecrets } from './format.ts';
import { sealWithPassphrase } from './passphrase.ts';

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

export async function readConfiguration(
  deps: Pick<Deps, 'db' | 'secrets' | 'version' | 'now'>,
  tenantId: string,
): Promise<{ backup: Backup; secrets: BackupSecrets }> {
  const { db } = deps;
  const tenant = await getTenant(db, tenantId);
  if (!tenant) throw notFound('tenant_not_found', `There is no tenant "${tenantId}".`);
  const [conns, settings, schedules, mappings, rules, channels] = await Promise.all([
    db.select().from(connections).where(eq(connections.tenantId, tenantId)),
    db.select().from(syncTemplateSettings).where(eq(syncTemplateSettings.tenantId, tenantId)),
    db.select().from(syncSchedules).where(eq(syncSchedules.tenantId, tenantId)),
    db.select().from(tenantCwSetup).where(eq(tenantCwSetup.tenantId, tenantId)),
    db.select().from(alertRules).where(eq(alertRules.tenantId, tenantId)),
    db.select().from(alertChannels).where(eq(alertChannels.tenantId, tenantId)),
  ]);
  const secrets: BackupSecrets = { connections: {}, alertChannels: {} };
  for (const c of conns) secrets.connections[`${c.system}:${c.role}`] = await deps.secrets.open(c.secretCiphertext);
  for (const ch of channels)
    if (ch.secretCiphertext) secrets.alertChannels[ch.name] = await deps.secrets.open(ch.secretCiphertext);
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: deps.now().toISOString(),
    appVersion: deps.version,
    tenant: {
      id: tenant.id,
      name: tenant.name,
      cwSite: tenant.cwSite,
      cwCompanyId: tenant.cwCompanyId,
      timeZone: tenant.timeZone,
      podOrigins: tenant.podOrigins,
    },
    connections: conns
      .map((c) => ({ system: c.system, role: c.role, config: c.config, expiresAt: c.expiresAt }))
      .sort(byKey((c) => `${c.system}:${c.role}`)),
    templateSettings: settings
      .map((s) => ({ templateId: s.templateId, settings: s.settings }))
      .sort(byKey((s) => s.templateId)),
    schedules: schedules
      .map((s) => ({ templateId: s.templateId, cron: s.cron, enabled: s.enabled }))
      .sort(byKey((s) => s.templateId)),
    mappings: mappings
      .map((m) => ({ kind: m.kind, name: m.name, cwId: m.cwId }))
      .sort(byKey((m) => `${m.kind}/${m.name}`)),
    alertRules: rules
      .map((r) => ({ ruleId: r.ruleId, enabled: r.enabled, params: r.params }))
      .sort(byKey((r) => r.ruleId)),
    alertChannels: channels
      .map((ch) => ({ name: ch.name, kind: ch.kind, enabled: ch.enabled, config: ch.config }))
      .sort(byKey((ch) => ch.name)),
  };
  return { backup, secrets };
}

export async function exportBackup(
  deps: Pick<Deps, 'db' | 'secrets' | 'version' | 'now'>,
  tenantId: string,
  opts: { passphrase?: string } = {},
): Promise<Backup> {
  const { backup, secrets } = await readConfiguration(deps, tenantId);
  if (opts.passphrase === undefined) return backup;
  return { ...backup, secrets: await sealWithPassphrase(secrets, opts.passphrase) };
}
