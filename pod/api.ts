/**
 * The pod's client of our server. Same-origin fetch with the session token from memory; one retry
 * after re-authentication when the token expired. Response types come from the server's route modules.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export interface TokenSource {
  token(): string | undefined;
  /** Signs in again (asks the host for member authentication) and returns the new token. */
  renew(): Promise<string>;
}

export async function request<T>(method: string, path: string, body: unknown, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network_error', 'tds-bridge cannot be reached; check your connection and refresh.', 0);
  }
  const payload = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; details?: unknown } }
    | undefined;
  if (!response.ok) {
    const error = payload?.error;
    throw new ApiError(
      error?.code ?? `http_${response.status}`,
      error?.message ?? `tds-bridge answered ${response.status}.`,
      response.status,
      error?.details,
    );
  }
  return payload as T;
}

export function createApi(tokens: TokenSource): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await request<T>(method, path, body, tokens.token());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'session_expired') {
        return request<T>(method, path, body, await tokens.renew());
      }
      throw error;
    }
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
  };
}
