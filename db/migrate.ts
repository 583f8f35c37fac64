/**
 * Node-only: open a libSQL database (embedded file, :memory: or remote URL) and apply the committed
 * migrations. The drizzle migrator reads migration files with node:fs, so it never runs in the Worker.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { type Db, schema } from './client.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The database file holds ciphertext, tokens' hashes and tenants' configuration: only its owner may read
 * it. Created 0600 before libSQL opens it (SQLite gives its -wal and -shm files the same mode), and an
 * existing file made 0600 too. Directories libSQL needs are created 0700.
 */
export function ensurePrivateDbFile(url: string): void {
  if (!url.startsWith('file:')) return;
  const path = resolve(url.slice('file:'.length).replace(/\?.*$/, ''));
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/** How long a write waits for another connection's or process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

export async function openNodeDb(url: string, authToken?: string): Promise<Db> {
  ensurePrivateDbFile(url);
  // The client keeps a pool of connections, and a pragma reaches only the connection that ran it: the busy
  // timeout goes in the options so every pooled connection rides over another process's short write lock
  // (without it, a second process on the same file got SQLITE_BUSY at once and answered 500).
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  if (url.startsWith('file:')) {
    // WAL lets the console read while a sync writes.
    await client.execute('pragma journal_mode = wal');
  }
  // Reaches one pooled connection only (Turso's HTTP streams: none), so nothing relies on it: deletes that must
  // cascade do so explicitly (server/tenants/delete-tenant.ts).
  await client.execute('pragma foreign_keys = on');
  const db = drizzle(client, { schema }) as Db;
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}
