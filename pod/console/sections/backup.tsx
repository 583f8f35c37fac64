/**
 * Backup and restore: download the tenant's configuration (secrets only sealed with a passphrase), or load a
 * backup, see exactly what it would change, and apply those changes (refused if they changed meanwhile).
 */
import { useState } from 'preact/hooks';
import type { Change, Skipped } from '../../../server/ops/backup/diff.ts';
import { api } from '../api.ts';
import { fetchFile, saveBlob } from './download.ts';
import { ScrollRegion } from './scroll-region.tsx';
import type { SectionProps } from './section-props.ts';

interface RestoreAnswer {
  applied: boolean;
  changes: Change[];
  changesFingerprint: string;
  skipped: Skipped[];
  notes: string[];
}

function show(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value);
}

export default function BackupSection({ tenant }: SectionProps) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const [withSecrets, setWithSecrets] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [message, setMessage] = useState('');
  const [file, setFile] = useState<unknown>(undefined);
  const [plan, setPlan] = useState<RestoreAnswer | null>(null);

  async function backup() {
    setMessage('Preparing the backup…');
    try {
      const blob = await fetchFile('POST', `${base}/backup`, {
        includeSecrets: withSecrets,
        ...(withSecrets ? { passphrase } : {}),
      });
      const name = `tds-bridge-backup-${tenant.id}-${new Date().toISOString().slice(0, 10)}.json`;
      saveBlob(blob, name);
      setMessage(`Downloaded ${name}.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  async function load(input: HTMLInputElement) {
    setPlan(null);
    const picked = input.files?.[0];
    if (!picked) return;
    try {
      const parsed = JSON.parse(await picked.text());
      setFile(parsed);
      const answer = await api.post<RestoreAnswer>(`${base}/restore?dryRun=true`, {
        backup: parsed,
        ...(passphrase ? { passphrase } : {}),
      });
      setPlan(answer);
      setMessage(
        answer.changes.length
          ? `${answer.changes.length} change(s) would be applied.`
          : 'Nothing to change: the configuration already matches.',
      );
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  async function apply() {
    if (!plan) return;
    try {
      const answer = await api.post<RestoreAnswer>(`${base}/restore?dryRun=false`, {
        backup: file,
        expectChanges: plan.changesFingerprint,
        ...(passphrase ? { passphrase } : {}),
      });
      setPlan(null);
      setMessage(`Applied ${answer.changes.length} change(s); each is in the audit log.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  return (
    <section aria-labelledby="backup-title">
      <h1 id="backup-title">Backup and restore</h1>
      <p>
        <label>
          Passphrase (for secrets){' '}
          <input
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
          />
        </label>
      </p>
      <h2>Backup</h2>
      <p>
        <label>
          <input
            type="checkbox"
            checked={withSecrets}
            onChange={(e) => setWithSecrets((e.target as HTMLInputElement).checked)}
          />{' '}
          Include secrets, sealed with the passphrase
        </label>{' '}
        <button type="button" onClick={backup}>
          Download backup
        </button>
      </p>
      <h2>Restore</h2>
      <p>
        <label>
          Backup file{' '}
          <input type="file" accept="application/json,.json" onChange={(e) => load(e.target as HTMLInputElement)} />
        </label>
      </p>
      <p role="status" data-testid="backup-status">
        {message}
      </p>
      {plan && (plan.changes.length > 0 || plan.skipped.length > 0) ? (
        <>
          <ScrollRegion label="Restore changes table">
            <table class="grid" data-testid="restore-diff">
              <caption>What the restore changes</caption>
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Now</th>
                  <th scope="col">From the backup</th>
                </tr>
              </thead>
              <tbody>
                {plan.changes.map((c) => (
                  <tr key={`${c.area}:${c.key}`}>
                    <th
                      scope="row"
                      class={c.action === 'remove' ? 'diff-remove' : c.action === 'add' ? 'diff-add' : undefined}
                    >
                      {c.action} {c.area} {c.key}
                    </th>
                    <td>
                      <code>{show(c.before)}</code>
                    </td>
                    <td>
                      <code>{show(c.after)}</code>
                      {c.secretsChanged ? ' (+ secrets)' : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {plan.skipped.map((s) => (
            <p key={`${s.area}:${s.key}`} class="finding finding-yellow">
              Skipped {s.area} {s.key}: {s.reason}
            </p>
          ))}
          {plan.notes.map((n) => (
            <p key={n} class="muted">
              {n}
            </p>
          ))}
          {plan.changes.length > 0 ? (
            <button type="button" onClick={apply}>
              Apply these {plan.changes.length} change(s)
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
