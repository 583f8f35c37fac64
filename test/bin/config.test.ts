import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminTokenFile, resolveConfig } from '../../bin/lib/config.ts';
import { removeServerRecord, writeServerRecord } from '../../server/entry/server-record.ts';

describe('CLI configuration', () => {
  it('finds the server from --url, then TDS_BRIDGE_URL, then PORT on 127.0.0.1', () => {
    expect(resolveConfig({ url: 'http://h:1/' }, { TDS_BRIDGE_URL: 'http://x:2' }, '/').url).toBe('http://h:1');
    expect(resolveConfig({}, { TDS_BRIDGE_URL: 'http://x:2/' }, '/').url).toBe('http://x:2');
    expect(resolveConfig({}, { PORT: '9000' }, '/').url).toBe('http://127.0.0.1:9000');
    expect(resolveConfig({}, {}, '/').url).toBe('http://127.0.0.1:8787');
  });

  it('finds a running server from the record it keeps beside its database, unless --url, TDS_BRIDGE_URL or PORT say otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
    try {
      const env = { DATABASE_URL: `file:${join(dir, 'db.sqlite')}` };
      writeServerRecord(dir, { url: 'http://127.0.0.1:45678', pid: process.pid, startedAt: new Date().toISOString() });
      expect(resolveConfig({}, env, '/').url).toBe('http://127.0.0.1:45678');
      expect(resolveConfig({}, { ...env, PORT: '9000' }, '/').url).toBe('http://127.0.0.1:9000');
      expect(resolveConfig({}, { ...env, TDS_BRIDGE_URL: 'http://x:2' }, '/').url).toBe('http://x:2');
      expect(resolveConfig({ url: 'http://h:1' }, env, '/').url).toBe('http://h:1');

      // A record left behind by a server that was killed names a process that is gone: ignored.
      writeServerRecord(dir, { url: 'http://127.0.0.1:45679', pid: 2 ** 22 + 1, startedAt: '' });
      expect(resolveConfig({}, env, '/').url).toBe('http://127.0.0.1:8787');

      // Shutdown removes only its own record.
      writeServerRecord(dir, { url: 'http://127.0.0.1:45678', pid: process.pid, startedAt: '' });
      removeServerRecord(dir, process.pid + 1);
      expect(resolveConfig({}, env, '/').url).toBe('http://127.0.0.1:45678');
      removeServerRecord(dir, process.pid);
      expect(resolveConfig({}, env, '/').url).toBe('http://127.0.0.1:8787');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the token from --token, then ADMIN_TOKEN, then the file the server keeps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
    try {
      writeFileSync(join(dir, 'admin-token'), 'from-file\n');
      const env = { DATABASE_URL: `file:${join(dir, 'db.sqlite')}` };
      expect(resolveConfig({ token: 'flag' }, { ...env, ADMIN_TOKEN: 'env' }, '/')).toMatchObject({
        token: 'flag',
        tokenSource: '--token',
      });
      expect(resolveConfig({}, { ...env, ADMIN_TOKEN: 'env' }, '/')).toMatchObject({
        token: 'env',
        tokenSource: 'ADMIN_TOKEN',
      });
      expect(resolveConfig({}, env, '/')).toMatchObject({ token: 'from-file', tokenSource: join(dir, 'admin-token') });
      const none = resolveConfig({}, {}, dir);
      expect(none.token).toBeUndefined();
      expect(none.tokenSource).toBe(`none (no --token, no ADMIN_TOKEN, no ${join(dir, 'data', 'admin-token')})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('looks for data/admin-token in the working directory when the database is not a file', () => {
    expect(adminTokenFile({}, '/srv/app')).toBe('/srv/app/data/admin-token');
    expect(adminTokenFile({ DATABASE_URL: 'libsql://x.turso.io' }, '/srv/app')).toBe('/srv/app/data/admin-token');
    expect(adminTokenFile({ DATABASE_URL: 'file:./var/tds.db' }, '/srv/app')).toBe('/srv/app/var/admin-token');
  });
});
