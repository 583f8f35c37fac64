/**
 * Configuration backup and restore in the admin API. Backup is a POST so a passphrase travels in the body, never
 * in a URL or a log line; restore takes the file and `dryRun`, answers with the changes (and what was skipped,
 * and why), and applies them in one transaction with an audit entry each.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest } from '../../errors.ts';
import { exportBackup } from '../../ops/backup/export.ts';
import { restoreBackup } from '../../ops/backup/restore.ts';
import { opsBodyLimit } from './ops-body-limit.ts';
import { actor, audit, engine, existingTenant, parseBody, parseQuery } from './shared.ts';

export const BackupBody = z.strictObject({
  includeSecrets: z.boolean().default(false),
  passphrase: z.string().max(500).optional(),
});
export const RestoreBody = z.strictObject({
  backup: z.unknown(),
  passphrase: z.string().max(500).optional(),
  /** `changesFingerprint` of the dry run the admin approved. */
  expectChanges: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export const RestoreQuery = z.object({ dryRun: z.enum(['true', 'false', '1', '0']).optional() });

export function backupRoutes() {
  return new Hono<AdminEnv>()
    .post('/tenants/:tenantId/backup', opsBodyLimit(4 * 1024), async (c) => {
      const tenantId = await existingTenant(c);
      const body = await parseBody(c, BackupBody);
      if (body.includeSecrets && !body.passphrase) {
        throw badRequest(
          'passphrase_required',
          'A backup with secrets needs a passphrase to seal them; send "passphrase".',
        );
      }
      const backup = await exportBackup(c.var.deps, tenantId, {
        passphrase: body.includeSecrets ? body.passphrase : undefined,
      });
      await audit(c, tenantId, 'backup.export', tenantId, { includeSecrets: body.includeSecrets });
      return c.json(backup);
    })
    .post('/tenants/:tenantId/restore', opsBodyLimit(5 * 1024 * 1024), async (c) => {
      const tenantId = await existingTenant(c);
      const q = parseQuery(c, RestoreQuery);
      const body = await parseBody(c, RestoreBody);
      const result = await restoreBackup({
        deps: c.var.deps,
        tenantId,
        raw: body.backup,
        passphrase: body.passphrase,
        expectChanges: body.expectChanges,
        dryRun: q.dryRun === 'true' || q.dryRun === '1',
        actor: actor(c),
        templates: engine(c).templates,
      });
      return c.json(result);
    });
}
