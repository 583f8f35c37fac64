/**
 * Raw ConnectWise requests the typed client has no method for: codebase discovery (`/login/companyinfo`,
 * outside the REST root) and `system/myMembers/info` with the API keys (who the keys sign in as). Timed and
 * recorded like every upstream call; a timeout or network failure throws the usual UpstreamError.
 */
import { attemptFetch } from '../../connectors/upstream.ts';
import type { Deps } from '../../deps.ts';
import type { ConnectionOf } from '../../tenants/failover.ts';

export interface RawAnswer {
  status: number;
  /** Parsed JSON, when the body was JSON. */
  json?: Record<string, unknown>;
  /** An HTML page where JSON was expected: usually the UI host instead of the api- host. */
  html: boolean;
  text: string;
}

/** `https://api-na.myconnectwise.net/v4_6_release/apis/3.0` → `https://api-na.myconnectwise.net`. */
export function cwHostRoot(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/(v4_6_release|v20\d\d_\d+)\/apis\/3\.0$/i, '');
}

export async function cwRaw(
  deps: Pick<Deps, 'fetch' | 'recorder'>,
  tenantId: string,
  timeoutMs: number,
  route: string,
  url: string,
  headers: Record<string, string>,
): Promise<RawAnswer> {
  const { response, finish } = await attemptFetch(
    { tenantId, system: 'cw', fetch: deps.fetch, recorder: deps.recorder, timeoutMs },
    route,
    url,
    { method: 'GET', headers },
  );
  const text = await response.text().catch(() => '');
  finish({ ok: response.ok, errorCode: response.ok ? undefined : `http_${response.status}` });
  let json: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: response.status, json, html: !json && /^\s*</.test(text), text: text.slice(0, 500) };
}

export function companyInfo(
  deps: Pick<Deps, 'fetch' | 'recorder'>,
  tenantId: string,
  conn: ConnectionOf<'cw'>,
  timeoutMs: number,
): Promise<RawAnswer> {
  const url = `${cwHostRoot(conn.config.apiUrl)}/login/companyinfo/${encodeURIComponent(conn.config.companyId)}`;
  return cwRaw(deps, tenantId, timeoutMs, 'GET login/companyinfo/{id}', url, { Accept: 'application/json' });
}

export function myMemberInfo(
  deps: Pick<Deps, 'fetch' | 'recorder'>,
  tenantId: string,
  conn: ConnectionOf<'cw'>,
  timeoutMs: number,
): Promise<RawAnswer> {
  const { apiUrl, companyId, publicKey, clientId } = conn.config;
  return cwRaw(
    deps,
    tenantId,
    timeoutMs,
    'GET system/myMembers/info',
    `${apiUrl.replace(/\/+$/, '')}/system/myMembers/info`,
    {
      Accept: 'application/vnd.connectwise.com+json; version=2022.1',
      Authorization: `Basic ${btoa(`${companyId}+${publicKey}:${conn.secrets.privateKey}`)}`,
      clientId,
      'Cache-Control': 'no-cache',
    },
  );
}
