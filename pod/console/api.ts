/**
 * The console's client of the admin API. Standalone it rides the HttpOnly session cookie; every change
 * carries the console header (a cross-site form cannot send it). A 401 sends the operator to sign in.
 * Inside a ConnectWise Tab (embedded.ts) it sends the member's pod session token instead, signing in again
 * over the Hosted API once when the server says the token is no longer good.
 */
import type { TokenSource } from '../api.ts';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The member's session in a ConnectWise Tab; unset standalone (the cookie is the credential there). */
let memberTokens: TokenSource | undefined;

export function setMemberSession(tokens: TokenSource): void {
  memberTokens = tokens;
}

export const embedded = () => memberTokens !== undefined;

/** The headers every admin API call carries (the console header, and the member's bearer token when embedded). */
export function authHeaders(token = memberTokens?.token()): Record<string, string> {
  return { 'x-tds-bridge-console': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** Fetches `/api/admin{path}`; embedded, a 401 (token expired) signs the member in again and retries once. */
export async function adminFetch(
  path: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
) {
  const send = (token?: string) =>
    fetch(`/api/admin${path}`, {
      method: init.method,
      headers: { ...init.headers, ...authHeaders(token) },
      credentials: 'same-origin',
      body: init.body,
    });
  const response = await send();
  if (response.status !== 401 || !memberTokens) return response;
  return send(await memberTokens.renew());
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await adminFetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  throw new ConsoleApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `HTTP ${response.status}`,
    error?.details,
  );
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
};

export type ConsoleApi = typeof api;

/** `?a=1&b=2` from the defined entries of `params`. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
