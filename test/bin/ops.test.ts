/**
 * The CLI's operations commands against a real server with the simulators: report (text, CSV, HTML), support
 * bundle to a file, backup (with and without secrets) and restore (dry run, then apply exactly what it showed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/lib/main.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { memoryOut } from './support.ts';

let server: TestServer;
let dir: string;

async function cli(args: string[], env: Record<string, string> = {}) {
  const out = memoryOut(false);
  const code = await main(args, {
    env: { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: server.deps.adminToken, ...env },
    cwd: dir,
    out,
  });
  return { code, stdout: out.stdout.join('\n'), stderr: out.stderr.join('\n') };
}

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'tds-bridge-ops-cli-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tds-bridge report, support-bundle, backup and restore', () => {
  it('prints a report as text, CSV and printable HTML', async () => {
    const text = await cli(['report', 'weekly']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('weekly report — ');
    expect(text.stdout).toContain('Trends');
    const csv = await cli(['report', 'daily', '--format', 'csv', '--current']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]?.trim()).toBe('report,tenant,period_start,period_end,section,row,column,value');
    const html = await cli(['report', 'quarterly', '--format', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('Key performance indicators');
    expect((await cli(['report', 'yearly'])).code).toBe(2);
  });

  it('writes the support bundle to a zip file', async () => {
    const file = join(dir, 'bundle.zip');
    const result = await cli(['support-bundle', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('redacted');
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });

  it('backs up and restores: no change for a fresh file, exactly the edit for an edited one', async () => {
    const file = join(dir, 'backup.json');
    expect((await cli(['backup', file])).code).toBe(0);
    const dry = await cli(['restore', '--dry-run', file]);
    expect(dry.stdout).toContain('Nothing to change');

    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.tenant.name = 'Demo MSP (from backup)';
    writeFileSync(file, JSON.stringify(edited));
    const shown = await cli(['restore', '--dry-run', file]);
    expect(shown.stdout).toContain('tenant demo');
    expect(shown.stdout).toContain('Demo MSP (from backup)');
    expect(shown.stdout).toContain('1 change(s) would be applied');
    const applied = await cli(['restore', file]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied 1 change(s)');
    expect((await cli(['restore', '--dry-run', file])).stdout).toContain('Nothing to change');
  });

  it('seals secrets only with a passphrase from the environment or a file', async () => {
    const file = join(dir, 'secret-backup.json');
    const refused = await cli(['backup', '--include-secrets', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('TDS_BRIDGE_BACKUP_PASSPHRASE');
    const ok = await cli(['backup', '--include-secrets', file], {
      TDS_BRIDGE_BACKUP_PASSPHRASE: 'a long enough passphrase',
    });
    expect(ok.code).toBe(0);
    const saved = readFileSync(file, 'utf8');
    expect(JSON.parse(saved).secrets.kdf).toBe('PBKDF2-SHA256');
    expect(saved).not.toContain('demo-private-key');
    const passFile = join(dir, 'pass.txt');
    writeFileSync(passFile, 'a long enough passphrase\n');
    const restored = await cli(['restore', '--dry-run', '--passphrase-file', passFile, file]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Nothing to change');
  });
});
