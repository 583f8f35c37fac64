/**
 * The backup file: versioned JSON of one tenant's configuration. Secrets are present only when the admin asked
 * for them with a passphrase, and then only inside `secrets` (sealed with that passphrase, see passphrase.ts).
 * A later version adds fields under a new `version`; this reader refuses versions it does not know.
 */
import * as z from 'zod';
import { CW_SETUP_KINDS } from '../../../db/schema/activation.ts';
import { ALERT_CHANNEL_KINDS } from '../../../db/schema/ops.ts';

export const BACKUP_FORMAT = 'tds-bridge-backup';
export const BACKUP_VERSION = 1;

const Json = z.record(z.string(), z.unknown());
const id = z.string().min(1).max(100);

export const SealedSecrets = z.strictObject({
  kdf: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(100_000).max(5_000_000),
  salt: z.string().min(16).max(100),
  iv: z.string().min(12).max(100),
  ciphertext: z.string().min(1).max(1_000_000),
});
export type SealedSecrets = z.infer<typeof SealedSecrets>;

/** What `secrets` holds once opened: secrets by connection (`cw:primary`) and by alert channel name. */
export const BackupSecrets = z.strictObject({
  connections: z.record(z.string(), Json),
  alertChannels: z.record(z.string(), Json),
});
export type BackupSecrets = z.infer<typeof BackupSecrets>;

export const BackupV1 = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  tenant: z.strictObject({
    id,
    name: z.string().min(1).max(200),
    cwSite: z.string().max(300),
    cwCompanyId: z.string().max(100),
    timeZone: z.string().max(100),
    podOrigins: z.array(z.string().max(300)).max(50),
  }),
  connections: z
    .array(
      z.strictObject({
        system: z.enum(['cw', 'tds']),
        role: z.enum(['primary', 'standby']),
        config: Json,
        expiresAt: z.string().max(40).nullable(),
      }),
    )
    .max(4),
  templateSettings: z.array(z.strictObject({ templateId: id, settings: z.unknown() })).max(50),
  schedules: z.array(z.strictObject({ templateId: id, cron: z.string().max(100), enabled: z.boolean() })).max(50),
  /** What activation found or created in ConnectWise, by kind and name (vendor, PO statuses, custom fields…). */
  mappings: z
    .array(z.strictObject({ kind: z.enum(CW_SETUP_KINDS), name: z.string().max(200), cwId: z.number().int() }))
    .max(500),
  alertRules: z.array(z.strictObject({ ruleId: id, enabled: z.boolean(), params: Json })).max(50),
  alertChannels: z
    .array(z.strictObject({ name: id, kind: z.enum(ALERT_CHANNEL_KINDS), enabled: z.boolean(), config: Json }))
    .max(50),
  secrets: SealedSecrets.optional(),
});
export type Backup = z.infer<typeof BackupV1>;
