/**
 * `tds-bridge support-bundle`, `backup` and `restore`: files an admin takes away or brings back. A backup
 * passphrase is read from $TDS_BRIDGE_BACKUP_PASSPHRASE or --passphrase-file, never from the command line
 * (where every user of the machine could read it in the process list).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Api, CliError, EXIT } from '../lib/api.ts';
import { type Out, paint, table } from '../lib/output.ts';
import { resolveTenant } from '../lib/tenant.ts';

interface Change {
  area: string;
  key: string;
  action: 'add' | 'change' | 'remove';
  before: unknown;
  after: unknown;
  secretsChanged?: boolean;
}
interface RestoreAnswer {
  applied: boolean;
  changes: Change[];
  changesFingerprint: string;
  skipped: Array<{ area: string; key: string; reason: string }>;
  notes: string[];
}

export function readPassphrase(opts: { passphraseFile?: string; env: NodeJS.ProcessEnv }): string | undefined {
  if (opts.passphraseFile) {
    try {
      return readFileSync(opts.passphraseFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliError(`Cannot read the passphrase file: ${(error as Error).message}`, EXIT.usage);
    }
  }
  return opts.env.TDS_BRIDGE_BACKUP_PASSPHRASE || undefined;
}

function writeOut(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data, { mode: 0o600 });
  } catch (error) {
    throw new CliError(`Cannot write ${file}: ${(error as Error).message}`, EXIT.failed);
  }
}

export async function supportBundleCommand(
  api: Api,
  out: Out,
  opts: { tenant?: string; file: string },
): Promise<number> {
  const tenant = await resolveTenant(api, opts.tenant);
  out.status('Building the support bundle (runs test connection)…');
  const { bytes } = await api.raw('POST', `/tenants/${encodeURIComponent(tenant)}/support-bundle`);
  out.clearStatus();
  writeOut(opts.file, bytes);
  out.write(
    `Wrote ${opts.file} (${Math.ceil(bytes.length / 1024)} KiB). Every secret in it is redacted; send it to support.`,
  );
  return EXIT.ok;
}

export async function backupCommand(
  api: Api,
  out: Out,
  opts: { tenant?: string; file: string; includeSecrets: boolean; passphrase?: string },
): Promise<number> {
  if (opts.includeSecrets && !opts.passphrase) {
    throw new CliError(
      '--include-secrets needs a passphrase to seal them: set TDS_BRIDGE_BACKUP_PASSPHRASE or use --passphrase-file.',
      EXIT.usage,
    );
  }
  const tenant = await resolveTenant(api, opts.tenant);
  const { body } = await api.post<unknown>(`/tenants/${encodeURIComponent(tenant)}/backup`, {
    includeSecrets: opts.includeSecrets,
    ...(opts.includeSecrets ? { passphrase: opts.passphrase } : {}),
  });
  writeOut(opts.file, `${JSON.stringify(body, null, 2)}\n`);
  out.write(
    `Wrote ${opts.file}: tenant "${tenant}" ${opts.includeSecrets ? 'with secrets sealed by your passphrase' : 'without secrets (restore keeps the stored ones)'}.`,
  );
  return EXIT.ok;
}

function show(value: unknown): string {
  const text = value === null || value === undefined ? '–' : JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

export async function restoreCommand(
  api: Api,
  out: Out,
  opts: { tenant?: string; file: string; dryRun: boolean; passphrase?: string; json: boolean },
): Promise<number> {
  let backup: unknown;
  try {
    backup = JSON.parse(readFileSync(opts.file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${opts.file} as a backup: ${(error as Error).message}`, EXIT.usage);
  }
  const tenant = await resolveTenant(api, opts.tenant);
  const path = `/tenants/${encodeURIComponent(tenant)}/restore`;
  const body = { backup, ...(opts.passphrase ? { passphrase: opts.passphrase } : {}) };
  const dry = (await api.post<RestoreAnswer>(`${path}?dryRun=true`, body)).body;
  // The restore applies exactly the changes shown: the server refuses if they differ by then.
  const answer = opts.dryRun
    ? dry
    : (await api.post<RestoreAnswer>(`${path}?dryRun=false`, { ...body, expectChanges: dry.changesFingerprint })).body;
  if (opts.json) {
    out.write(JSON.stringify(answer, null, 2));
    return EXIT.ok;
  }
  for (const note of answer.notes) out.write(paint(out, 'yellow', note));
  if (answer.changes.length === 0) out.write('Nothing to change: the configuration already matches the backup.');
  else {
    const colour = { add: 'green', change: 'yellow', remove: 'red' } as const;
    out.write(
      table([
        ['', 'WHAT', 'NOW', 'FROM THE BACKUP'],
        ...answer.changes.map((c) => [
          paint(out, colour[c.action], c.action),
          `${c.area} ${c.key}`,
          show(c.before),
          `${show(c.after)}${c.secretsChanged ? ' (+ secrets)' : ''}`,
        ]),
      ]),
    );
  }
  for (const s of answer.skipped) out.write(paint(out, 'yellow', `skipped ${s.area} ${s.key}: ${s.reason}`));
  if (opts.dryRun) out.write(`Dry run: nothing changed. ${answer.changes.length} change(s) would be applied.`);
  else if (answer.applied)
    out.write(`Applied ${answer.changes.length} change(s) in one transaction; each is in the audit log.`);
  return EXIT.ok;
}
