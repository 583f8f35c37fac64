/**
 * The console's client of the admin API. Standalone it rides the HttpOnly session cookie; every change
 * carries the console header (a cross-site form cannot send it). A 401 sends the operator to sign in.
 */
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

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-tds-bridge-console': '1' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/admin${path}`, {
    method,
    headers,
    credentials: 'same-origin',
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
