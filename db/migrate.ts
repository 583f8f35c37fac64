/**
 * Node-only: open a libSQL database (embedded file, :memory: or remote URL) and apply the committed
 * migrations. The drizzle migrator reads migration files with node:fs, so it never runs in the Worker.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { type Db, schema } from './client.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export async function openNodeDb(url: string, authToken?: string): Promise<Db> {
  // libSQL does not create missing directories for file: URLs.
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  const client = createClient({ url, authToken });
  if (url.startsWith('file:')) {
    // WAL lets the console read while a sync writes; busy_timeout rides over short write locks.
    await client.execute('pragma journal_mode = wal');
    await client.execute('pragma busy_timeout = 5000');
  }
  await client.execute('pragma foreign_keys = on');
  const db = drizzle(client, { schema }) as Db;
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}
