/**
 * Where the server is and which admin token to use: flags first, then the environment, then what the
 * server itself uses (PORT, and data/admin-token beside DATABASE_URL's file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface CliConfig {
  url: string;
  token?: string;
  /** Where the token came from, for error messages. */
  tokenSource: string;
}

export function adminTokenFile(env: NodeJS.ProcessEnv, cwd: string): string {
  const dbUrl = env.DATABASE_URL;
  if (dbUrl?.startsWith('file:')) return join(dirname(resolve(cwd, dbUrl.slice('file:'.length))), 'admin-token');
  return resolve(cwd, 'data', 'admin-token');
}

export function resolveConfig(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv, cwd: string): CliConfig {
  const url = (flags.url ?? env.TDS_BRIDGE_URL ?? `http://127.0.0.1:${env.PORT ?? 8787}`).replace(/\/+$/, '');
  if (flags.token) return { url, token: flags.token, tokenSource: '--token' };
  if (env.ADMIN_TOKEN) return { url, token: env.ADMIN_TOKEN, tokenSource: 'ADMIN_TOKEN' };
  const file = adminTokenFile(env, cwd);
  if (existsSync(file)) return { url, token: readFileSync(file, 'utf8').trim(), tokenSource: file };
  return { url, tokenSource: `none (no --token, no ADMIN_TOKEN, no ${file})` };
}
