import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebDb } from '../../db/client.ts';
import { openNodeDb } from '../../db/migrate.ts';
import { tenants } from '../../db/schema/index.ts';
import { type LibsqlHttpServer, startLibsqlHttpServer } from '../support/libsql-http-server.ts';

describe('libSQL over HTTP (the Worker path)', () => {
  let dir: string;
  let remote: LibsqlHttpServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'remote-libsql-'));
    const file = `file:${join(dir, 'db.sqlite')}`;
    (await openNodeDb(file)).$client.close();
    remote = await startLibsqlHttpServer(file);
  });
  afterAll(async () => {
    await remote.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and writes the migrated schema through @libsql/client/web', async () => {
    const db = openWebDb(remote.url);
    await db.insert(tenants).values({
      id: 't1',
      name: 'T1',
      cwSite: 'https://na.myconnectwise.net',
      cwCompanyId: 'acme',
      podOrigins: ['https://na.myconnectwise.net'],
    });
    const rows = await db.select().from(tenants);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.podOrigins).toEqual(['https://na.myconnectwise.net']);
    const batch = await db.$client.batch(['select 1 as one', 'select 2 as two'], 'read');
    expect(batch.map((r) => r.rows[0]?.[0])).toEqual([1, 2]);
    db.$client.close();
  });
});
