/**
 * The database handle type shared by every runtime. Node opens it with `openNodeDb` (db/migrate.ts),
 * the Worker with `openWebDb` (libSQL over HTTP, no filesystem).
 */
import type { Client } from '@libsql/client';
import { createClient } from '@libsql/client/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from './schema/index.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };
export { schema };

/** libSQL over HTTP(S)/WS: Turso or sqld. Used by the Worker and by `db:migrate` against a remote URL. */
export function openWebDb(url: string, authToken?: string): Db {
  return drizzle(createClient({ url, authToken }), { schema }) as Db;
}

/** Liveness probe for /api/health. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.$client.execute('select 1');
    return true;
  } catch {
    return false;
  }
}
