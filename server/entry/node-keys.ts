/**
 * Node only: the secrets key and admin token. From the environment when set; otherwise generated once
 * and kept beside the embedded database (mode 600), so restarts can still decrypt stored credentials
 * and the CLI finds the same admin token.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecretsKey } from '../security/secrets.ts';

export interface NodeKeys {
  secretsKey: string;
  adminToken: string;
  /** Which ones were generated on this start (printed once). */
  generated: Array<'secrets key' | 'admin token'>;
}

export const ADMIN_TOKEN_FILE = 'admin-token';
export const SECRETS_KEY_FILE = 'secrets.key';

function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}

function readOrCreate(dir: string | undefined, file: string, make: () => string, onCreate: () => void): string {
  if (!dir) {
    onCreate();
    return make();
  }
  const path = join(dir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  onCreate();
  return value;
}

/** `dataDir` undefined = keep nothing on disk (in-memory databases in tests). */
export function loadNodeKeys(
  env: { SECRETS_KEY?: string; ADMIN_TOKEN?: string },
  dataDir: string | undefined,
): NodeKeys {
  const generated: NodeKeys['generated'] = [];
  const secretsKey =
    env.SECRETS_KEY ?? readOrCreate(dataDir, SECRETS_KEY_FILE, newSecretsKey, () => generated.push('secrets key'));
  const adminToken =
    env.ADMIN_TOKEN ?? readOrCreate(dataDir, ADMIN_TOKEN_FILE, randomToken, () => generated.push('admin token'));
  return { secretsKey, adminToken, generated };
}
