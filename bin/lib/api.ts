/** A small client of the admin API; every failure becomes a CliError with the exit code it deserves. */
import type { CliConfig } from './config.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const CLIENT_ID = 'cli/0.1.0';

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A non-JSON answer (a zip, CSV, HTML) as bytes; errors come back as CliError like the JSON calls. */
  raw(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ contentType: string; bytes: Uint8Array }>;
}

export function createApi(config: CliConfig, fetchImpl: typeof fetch = fetch): Api {
  async function send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept, 'x-tds-bridge-client': CLIENT_ID };
    if (config.token) headers.authorization = `Bearer ${config.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetchImpl(`${config.url}/api/admin${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // Support bundles run test connection and read a month of history: give them longer.
        signal: AbortSignal.timeout(path.endsWith('/support-bundle') ? 120_000 : 30_000),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string; message?: string } }).cause;
      const cause = reason?.code ?? reason?.message ?? (error as Error).message;
      throw new CliError(
        `Cannot reach tds-bridge at ${config.url} (${cause}). Start it with "npm start", or point the CLI at it with --url or TDS_BRIDGE_URL.`,
        EXIT.unreachable,
        'server_unreachable',
      );
    }
  }
  function failure(response: Response, parsed: unknown): CliError {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const message = error?.message ?? `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) {
      return new CliError(
        `${message}\n(admin token used: ${config.tokenSource})`,
        EXIT.unreachable,
        error?.code,
        error?.details,
      );
    }
    // A bad name or argument (unknown template/tenant/run, invalid input) is a usage problem.
    const exit = response.status === 400 || response.status === 404 ? EXIT.usage : EXIT.failed;
    return new CliError(message, exit, error?.code, error?.details);
  }
  async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await send(method, path, body, 'application/json');
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new CliError(
        `${config.url} answered ${response.status} with something that is not tds-bridge JSON; is --url right?`,
        EXIT.unreachable,
      );
    }
    if (response.ok) return { status: response.status, body: parsed as T };
    throw failure(response, parsed);
  }
  return {
    get: async <T>(path: string) => (await call<T>('GET', path)).body,
    post: <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    async raw(method, path, body) {
      const response = await send(method, path, body, '*/*');
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.ok) return { contentType: response.headers.get('content-type') ?? '', bytes };
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        parsed = undefined;
      }
      throw failure(response, parsed);
    },
  };
}
