/**
 * Node-only: where a running server listens, recorded beside its database (`data/server.json`), so
 * `tds-bridge` finds it without PORT exported in the operator's shell. Removed on shutdown; a record left by a
 * killed server is ignored once its process is gone.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_RECORD = 'server.json';

export interface ServerRecord {
  url: string;
  pid: number;
  startedAt: string;
}

export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  writeFileSync(join(dataDir, SERVER_RECORD), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record, but only if it is still ours (another server may have started on the same folder since). */
export function removeServerRecord(dataDir: string, pid: number): void {
  const record = readServerRecord(dataDir);
  if (record?.pid === pid) rmSync(join(dataDir, SERVER_RECORD), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record of a server that is still running, or undefined. */
export function readServerRecord(dataDir: string): ServerRecord | undefined {
  const file = join(dataDir, SERVER_RECORD);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerRecord>;
    if (typeof parsed.url !== 'string' || typeof parsed.pid !== 'number') return undefined;
    if (!processAlive(parsed.pid)) return undefined;
    return { url: parsed.url, pid: parsed.pid, startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return undefined;
  }
}
