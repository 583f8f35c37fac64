/**
 * One place where the TD SYNNEX client touches the network: limiter slot per attempt, timed and recorded
 * attempt (upstream.ts), HTTP status → typed error, and the shared retry loop (retry.ts) when a policy is
 * given. The body interpreter runs inside the attempt, so a 200 that turns out to be an error is recorded
 * as a failure and retried like one.
 */
import { AppError } from '../../errors.ts';
import type { Limiter } from '../limiter.ts';
import { parseRetryAfter, type RetryHooks, type RetryPolicy, withRetry } from '../retry.ts';
import { attemptFetch, noopRecorder, type UpstreamRecorder } from '../upstream.ts';
import { tdsError } from './errors.ts';

export interface TdsHttpOptions {
  tenantId?: string;
  fetch?: typeof fetch;
  recorder?: UpstreamRecorder;
  limiter?: Limiter;
  /** Retry policy for idempotent calls; `false` turns retries off. Default: 3 quick attempts. */
  retry?: RetryPolicy | false;
  retryHooks?: RetryHooks;
  timeoutMs?: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, maxInlineWaitMs: 5_000 };

export class TdsHttp {
  constructor(private readonly opts: TdsHttpOptions) {}

  /**
   * Sends `init` to `url` and hands the response to `interpret`, retrying per policy. `attempt` is 1-based;
   * `interpret` throws typed errors for anything that is not a usable answer.
   */
  async send<T>(
    route: string,
    url: string,
    init: () => RequestInit,
    interpret: (response: Response, attempt: number) => Promise<T>,
    { retry = true }: { retry?: boolean } = {},
  ): Promise<T> {
    const once = async (attempt: number): Promise<T> => {
      const run = async () => {
        const { response, finish } = await attemptFetch(
          {
            tenantId: this.opts.tenantId ?? 'default',
            system: 'tds',
            fetch: this.opts.fetch ?? fetch,
            recorder: this.opts.recorder ?? noopRecorder,
            timeoutMs: this.opts.timeoutMs ?? 30_000,
          },
          route,
          url,
          init(),
        );
        try {
          await checkStatus(route, response);
          const value = await interpret(response, attempt);
          finish({ ok: true });
          return value;
        } catch (error) {
          await response.body?.cancel().catch(() => undefined);
          finish({ ok: false, errorCode: error instanceof AppError ? error.code : 'tds_malformed_response' });
          throw error;
        }
      };
      return this.opts.limiter ? this.opts.limiter.run(run) : run();
    };
    const policy = this.opts.retry === false || !retry ? undefined : (this.opts.retry ?? DEFAULT_RETRY);
    return policy ? withRetry(once, policy, this.opts.retryHooks) : once(1);
  }
}

async function checkStatus(route: string, response: Response): Promise<void> {
  const status = response.status;
  if (status >= 200 && status < 300) return;
  const upstream = status >= 400 && status < 500 ? await errorBody(response) : undefined;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw tdsError(
      'tds_rate_limited',
      `TD SYNNEX asked tds-bridge to slow down${retryAfterMs !== undefined ? ` for ${Math.ceil(retryAfterMs / 1000)} s` : ''}; the call will be retried.`,
      { route, upstreamStatus: 429, retryable: true, retryAfterMs, details: upstream },
    );
  }
  if (status >= 500) {
    throw tdsError('tds_server_error', `TD SYNNEX had an internal error (HTTP ${status}); tds-bridge will retry.`, {
      route,
      upstreamStatus: status,
      retryable: true,
    });
  }
  if (status === 401 || status === 403) {
    throw tdsError(
      'tds_auth_failed',
      `TD SYNNEX refused the credentials for ${route} (HTTP ${status}). Check the TD SYNNEX connection settings.`,
      { route, upstreamStatus: status, retryable: false, details: upstream },
    );
  }
  if (status === 400) {
    throw tdsError(
      'tds_bad_request',
      `TD SYNNEX rejected the request to ${route} as invalid: ${upstream?.message ?? 'HTTP 400'}.`,
      { route, upstreamStatus: status, upstreamCode: upstream?.code, retryable: false, details: upstream },
    );
  }
  throw tdsError(
    'tds_http_error',
    `TD SYNNEX answered HTTP ${status} for ${route}; check the TD SYNNEX URL in the connection settings.`,
    { route, upstreamStatus: status, retryable: false },
  );
}

/** The JSON error of the REST API (`{error:{code,message}}` or OAuth `{error, error_description}`), or raw text. */
async function errorBody(response: Response): Promise<{ code?: string; message?: string; raw?: string }> {
  const raw = (await response.text().catch(() => '')).slice(0, 2000);
  try {
    const json = JSON.parse(raw) as { error?: unknown; error_description?: string; message?: string };
    if (json.error && typeof json.error === 'object') {
      const e = json.error as { code?: string; message?: string };
      return { code: e.code, message: e.message };
    }
    return {
      code: typeof json.error === 'string' ? json.error : undefined,
      message: json.error_description ?? json.message,
    };
  } catch {
    return { raw };
  }
}
