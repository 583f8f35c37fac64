/**
 * Where the server is and which admin token to use: flags first, then the environment, then what the
 * server itself records beside DATABASE_URL's file (data/server.json while it runs, data/admin-token).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readServerRecord } from '../../server/entry/server-record.ts';

export interface CliConfig {
  url: string;
  token?: string;
  /** Where the token came from, for error messages. */
  tokenSource: string;
}

/** The folder where the server keeps its files: beside DATABASE_URL's file, else ./data. */
export function serverDataDir(env: NodeJS.ProcessEnv, cwd: string): string {
  const dbUrl = env.DATABASE_URL;
  if (dbUrl?.startsWith('file:')) return dirname(resolve(cwd, dbUrl.slice('file:'.length)));
  return resolve(cwd, 'data');
}

export function adminTokenFile(env: NodeJS.ProcessEnv, cwd: string): string {
  return join(serverDataDir(env, cwd), 'admin-token');
}

/** --url, TDS_BRIDGE_URL and PORT win; then where the running server says it listens; then the default port. */
function serverUrl(flags: { url?: string }, env: NodeJS.ProcessEnv, cwd: string): string {
  const explicit = flags.url ?? env.TDS_BRIDGE_URL ?? (env.PORT ? `http://127.0.0.1:${env.PORT}` : undefined);
  return explicit ?? readServerRecord(serverDataDir(env, cwd))?.url ?? 'http://127.0.0.1:8787';
}

export function resolveConfig(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv, cwd: string): CliConfig {
  const url = serverUrl(flags, env, cwd).replace(/\/+$/, '');
  if (flags.token) return { url, token: flags.token, tokenSource: '--token' };
  if (env.ADMIN_TOKEN) return { url, token: env.ADMIN_TOKEN, tokenSource: 'ADMIN_TOKEN' };
  const file = adminTokenFile(env, cwd);
  if (existsSync(file)) return { url, token: readFileSync(file, 'utf8').trim(), tokenSource: file };
  return { url, tokenSource: `none (no --token, no ADMIN_TOKEN, no ${file})` };
}
