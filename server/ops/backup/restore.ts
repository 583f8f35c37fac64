/**
 * Restores a backup into a tenant: validates the file (format, version, every setting against its schema),
 * shows the changes, and applies exactly those in one transaction, each with an audit-log entry. A fresh backup
 * of the same tenant restores as no change. Secrets in the file are used only with the right passphrase; a
 * connection or channel whose destination changed is not restored without its secrets (secrets never follow a
 * changed URL), and is listed as skipped with the reason.
 */
import { and, eq } from 'drizzle-orm';
import * as z from 'zod';
import { tenantCwSetup } from '../../../db/schema/activation.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { connections } from '../../../db/schema/connections.ts';
import { alertChannels, alertRules } from '../../../db/schema/ops.ts';
import { syncSchedules, syncTemplateSettings } from '../../../db/schema/schedules.ts';
import { tenants } from '../../../db/schema/tenants.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badRequest } from '../../errors.ts';
import { assertCron, nextRunAfter, type Template } from '../../sync/engine/index.ts';
import { getTenant, siteOrigin } from '../../tenants/tenant-repo.ts';
import { CHANNEL_SCHEMAS } from '../alerts/channels/index.ts';
import { isRuleId, parseParams } from '../alerts/rules.ts';
import { type Change, canonical, diffConfiguration, type Skipped } from './diff.ts';
import { readConfiguration } from './export.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, BackupSecrets, BackupV1 } from './format.ts';
import { openWithPassphrase } from './passphrase.ts';

export interface RestoreResult {
  tenantId: string;
  dryRun: boolean;
  applied: boolean;
  changes: Change[];
  /** Hash of `changes`: send it back as `expectChanges` to apply only if the changes are still these. */
  changesFingerprint: string;
  skipped: Skipped[];
  notes: string[];
}

export async function changesFingerprint(changes: Change[]): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical(changes)));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The field naming where a connection's or channel's secrets are sent. */
const DESTINATION: Record<string, string> = {
  'connection:cw': 'apiUrl',
  'connection:tds': 'xmlUrl',
  'alert_channel:webhook': 'url',
  'alert_channel:email': 'host',
};

export function parseBackup(raw: unknown): Backup {
  const head = z.object({ format: z.string(), version: z.number() }).safeParse(raw);
  if (!head.success || head.data.format !== BACKUP_FORMAT) {
    throw badRequest('backup_invalid', 'This is not a tds-bridge backup (its "format" is not "tds-bridge-backup").');
  }
  if (head.data.version !== BACKUP_VERSION) {
    throw badRequest(
      'backup_version_unsupported',
      `This server reads backup version ${BACKUP_VERSION}; the file is version ${head.data.version}. Upgrade tds-bridge first.`,
    );
  }
  const parsed = BackupV1.safeParse(raw);
  if (parsed.success) return parsed.data;
  const list = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw badRequest(
    'backup_invalid',
    `The backup file is damaged or edited wrongly: ${list.slice(0, 10).join('; ')}.`,
    list,
  );
}

function validate(backup: Backup, templates: readonly Template[]): string[] {
  const notes: string[] = [];
  const problems: string[] = [];
  for (const s of backup.templateSettings) {
    const template = templates.find((t) => t.id === s.templateId);
    if (!template) continue;
    const parsed = template.settingsSchema.safeParse(s.settings);
    if (!parsed.success)
      problems.push(`templateSettings.${s.templateId}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
  }
  for (const s of backup.schedules) {
    try {
      assertCron(s.cron);
    } catch (error) {
      problems.push(`schedules.${s.templateId}: ${(error as Error).message}`);
    }
  }
  for (const r of backup.alertRules) {
    if (!isRuleId(r.ruleId)) problems.push(`alertRules.${r.ruleId}: no such rule`);
    else
      try {
        parseParams(r.ruleId, r.params);
      } catch (error) {
        problems.push(`alertRules.${r.ruleId}: ${(error as Error).message}`);
      }
  }
  for (const ch of backup.alertChannels) {
    const parsed = CHANNEL_SCHEMAS[ch.kind].config.safeParse(ch.config);
    if (!parsed.success)
      problems.push(`alertChannels.${ch.name}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
  }
  if (problems.length)
    throw badRequest(
      'backup_invalid',
      `The backup has settings this server would refuse: ${problems.join('; ')}.`,
      problems,
    );
  const unknown = [...backup.templateSettings, ...backup.schedules].filter(
    (s) => !templates.some((t) => t.id === s.templateId),
  );
  for (const s of unknown)
    notes.push(`Template "${s.templateId}" does not exist on this server; its settings and schedule are skipped.`);
  return notes;
}

function needsSecrets(change: Change, secretsGiven: boolean): string | undefined {
  if (change.action === 'remove' || secretsGiven) return undefined;
  const after = change.after as { config?: Record<string, unknown>; kind?: string };
  const before = change.before as { config?: Record<string, unknown>; kind?: string } | null;
  if (change.area === 'connection') {
    const field = DESTINATION[`connection:${change.key.split(':')[0]}`] ?? 'apiUrl';
    if (change.action === 'add') return 'a new connection needs its secrets: back up with --include-secrets';
    if (before?.config?.[field] !== after.config?.[field])
      return `the ${field} changed, and secrets never follow a changed URL: back up with --include-secrets`;
  }
  if (change.area === 'alert_channel' && after.kind) {
    const schema = CHANNEL_SCHEMAS[after.kind as keyof typeof CHANNEL_SCHEMAS].secrets;
    const required = schema !== undefined && !schema.safeParse({}).success;
    const field = DESTINATION[`alert_channel:${after.kind}`];
    const moved =
      field !== undefined && (before?.kind !== after.kind || before?.config?.[field] !== after.config?.[field]);
    if (required && (change.action === 'add' || moved))
      return 'this channel needs its secrets: back up with --include-secrets';
  }
  return undefined;
}

export async function restoreBackup(input: {
  deps: Pick<Deps, 'db' | 'secrets' | 'version' | 'now'>;
  tenantId: string;
  raw: unknown;
  passphrase?: string;
  dryRun: boolean;
  /** The fingerprint a dry run showed: refuse to apply if the changes are no longer exactly those. */
  expectChanges?: string;
  actor: string;
  templates: readonly Template[];
}): Promise<RestoreResult> {
  const { deps, tenantId } = input;
  const parsed = parseBackup(input.raw);
  const tenant = await getTenant(deps.db, tenantId);
  if (!tenant) throw new AppError('tenant_not_found', `There is no tenant "${tenantId}".`, { status: 404 });
  if (
    siteOrigin(tenant.cwSite) !== siteOrigin(parsed.tenant.cwSite) ||
    tenant.cwCompanyId !== parsed.tenant.cwCompanyId
  ) {
    throw new AppError(
      'backup_other_tenant',
      `This backup is of ConnectWise ${parsed.tenant.cwSite} company "${parsed.tenant.cwCompanyId}"; tenant "${tenantId}" is ${tenant.cwSite} company "${tenant.cwCompanyId}".`,
      { status: 409 },
    );
  }
  const notes = validate(parsed, input.templates);
  const known = (id: string) => input.templates.some((t) => t.id === id);
  const wanted: Backup = {
    ...parsed,
    tenant: { ...parsed.tenant, id: tenantId },
    templateSettings: parsed.templateSettings.filter((s) => known(s.templateId)),
    schedules: parsed.schedules.filter((s) => known(s.templateId)),
  };
  let wantedSecrets: BackupSecrets | undefined;
  if (parsed.secrets && input.passphrase !== undefined) {
    wantedSecrets = BackupSecrets.parse(await openWithPassphrase(parsed.secrets, input.passphrase));
  } else if (parsed.secrets) {
    notes.push('The backup holds secrets, but no passphrase was given: stored secrets are kept as they are.');
  }
  const current = await readConfiguration(deps, tenantId);
  const all = diffConfiguration({ current: current.backup, currentSecrets: current.secrets, wanted, wantedSecrets });
  const skipped: Skipped[] = [];
  const changes = all.filter((change) => {
    const secretsGiven =
      change.area === 'connection'
        ? wantedSecrets?.connections[change.key] !== undefined
        : wantedSecrets?.alertChannels[change.key] !== undefined;
    const reason = needsSecrets(change, secretsGiven);
    if (reason) skipped.push({ area: change.area, key: change.key, reason });
    return !reason;
  });
  const fingerprint = await changesFingerprint(changes);
  const result = { tenantId, dryRun: input.dryRun, changes, changesFingerprint: fingerprint, skipped, notes };
  if (input.expectChanges !== undefined && input.expectChanges !== fingerprint) {
    throw new AppError(
      'restore_changes_differ',
      'The configuration changed since the dry run: the restore would no longer apply the changes shown. Run the dry run again.',
      { status: 409, details: { changes } },
    );
  }
  if (input.dryRun || changes.length === 0) return { ...result, applied: false };

  // Sealing is async crypto: done before the transaction so it stays short.
  const sealed = new Map<string, string>();
  for (const change of changes) {
    const s =
      change.area === 'connection'
        ? wantedSecrets?.connections[change.key]
        : change.area === 'alert_channel'
          ? wantedSecrets?.alertChannels[change.key]
          : undefined;
    if (s && change.action !== 'remove') sealed.set(`${change.area}|${change.key}`, await deps.secrets.seal(s));
  }
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    for (const change of changes) {
      await applyChange(tx, { tenantId, change, wanted, sealed: sealed.get(`${change.area}|${change.key}`), at });
      await tx.insert(auditLog).values({
        tenantId,
        at: at.toISOString(),
        actor: input.actor,
        action: 'backup.restore',
        target: `${change.area}:${change.key}`,
        details: {
          action: change.action,
          before: change.before,
          after: change.after,
          secretsChanged: change.secretsChanged ?? false,
        },
      });
    }
  });
  return { ...result, applied: true };
}

type Tx = Parameters<Parameters<Deps['db']['transaction']>[0]>[0];

async function applyChange(
  tx: Tx,
  input: { tenantId: string; change: Change; wanted: Backup; sealed?: string; at: Date },
) {
  const { tenantId, change, wanted, sealed } = input;
  const at = input.at.toISOString();
  const key = change.key;
  switch (change.area) {
    case 'tenant': {
      const t = wanted.tenant;
      await tx
        .update(tenants)
        .set({ name: t.name, timeZone: t.timeZone, podOrigins: t.podOrigins, updatedAt: at })
        .where(eq(tenants.id, tenantId));
      return;
    }
    case 'connection': {
      const [system, role] = key.split(':') as ['cw' | 'tds', 'primary' | 'standby'];
      const c = wanted.connections.find((x) => x.system === system && x.role === role);
      if (!c) return;
      const id = `${tenantId}:${system}:${role}`;
      if (change.action === 'add') {
        await tx.insert(connections).values({
          id,
          tenantId,
          system,
          role,
          config: c.config,
          secretCiphertext: sealed ?? '',
          expiresAt: c.expiresAt,
          updatedAt: at,
        });
      } else {
        await tx
          .update(connections)
          .set({
            config: c.config,
            expiresAt: c.expiresAt,
            updatedAt: at,
            ...(sealed ? { secretCiphertext: sealed } : {}),
          })
          .where(eq(connections.id, id));
      }
      return;
    }
    case 'template_settings': {
      const where = and(eq(syncTemplateSettings.tenantId, tenantId), eq(syncTemplateSettings.templateId, key));
      if (change.action === 'remove') return void (await tx.delete(syncTemplateSettings).where(where));
      const values = { tenantId, templateId: key, settings: change.after, updatedAt: at, updatedBy: 'restore' };
      await tx
        .insert(syncTemplateSettings)
        .values(values)
        .onConflictDoUpdate({ target: [syncTemplateSettings.tenantId, syncTemplateSettings.templateId], set: values });
      return;
    }
    case 'schedule': {
      const s = change.after as { cron: string; enabled: boolean };
      const timeZone = wanted.tenant.timeZone;
      const nextRunAt = s.enabled ? (nextRunAfter(s.cron, timeZone, input.at)?.toISOString() ?? null) : null;
      const values = {
        tenantId,
        templateId: key,
        cron: s.cron,
        enabled: s.enabled,
        timeZone,
        nextRunAt,
        updatedAt: at,
      };
      await tx
        .insert(syncSchedules)
        .values(values)
        .onConflictDoUpdate({ target: [syncSchedules.tenantId, syncSchedules.templateId], set: values });
      return;
    }
    case 'mapping': {
      const [kind, ...rest] = key.split('/');
      const name = rest.join('/');
      const k = kind as (typeof tenantCwSetup.$inferSelect)['kind'];
      const where = and(eq(tenantCwSetup.tenantId, tenantId), eq(tenantCwSetup.kind, k), eq(tenantCwSetup.name, name));
      if (change.action === 'remove') return void (await tx.delete(tenantCwSetup).where(where));
      const values = { tenantId, kind: k, name, cwId: change.after as number, updatedAt: at };
      await tx
        .insert(tenantCwSetup)
        .values(values)
        .onConflictDoUpdate({ target: [tenantCwSetup.tenantId, tenantCwSetup.kind, tenantCwSetup.name], set: values });
      return;
    }
    case 'alert_rule': {
      const where = and(eq(alertRules.tenantId, tenantId), eq(alertRules.ruleId, key));
      if (change.action === 'remove') return void (await tx.delete(alertRules).where(where));
      const r = change.after as { enabled: boolean; params: Record<string, unknown> };
      const values = { tenantId, ruleId: key, enabled: r.enabled, params: r.params, updatedAt: at };
      await tx
        .insert(alertRules)
        .values(values)
        .onConflictDoUpdate({ target: [alertRules.tenantId, alertRules.ruleId], set: values });
      return;
    }
    case 'alert_channel': {
      const where = and(eq(alertChannels.tenantId, tenantId), eq(alertChannels.name, key));
      if (change.action === 'remove') return void (await tx.delete(alertChannels).where(where));
      const ch = change.after as {
        kind: 'webhook' | 'ticket' | 'email';
        enabled: boolean;
        config: Record<string, unknown>;
      };
      const values = {
        tenantId,
        name: key,
        kind: ch.kind,
        enabled: ch.enabled,
        config: ch.config,
        updatedAt: at,
        ...(sealed ? { secretCiphertext: sealed } : {}),
      };
      await tx
        .insert(alertChannels)
        .values({ secretCiphertext: null, ...values })
        .onConflictDoUpdate({ target: [alertChannels.tenantId, alertChannels.name], set: values });
      return;
    }
  }
}
