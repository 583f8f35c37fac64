/**
 * Verifying ConnectWise callbacks. The payload names its own signing-key URL (`Metadata.key_url`), so the
 * URL must be on a trusted host before we fetch it — otherwise anyone could sign with their own key.
 * Signature: base64(HMAC-SHA256(key = SHA-256(signing_key) raw bytes, message = the raw body bytes));
 * verify over the bytes received, never over re-serialised JSON.
 */
import { cwError } from './errors.ts';
import { CwCallbackPayload } from './schemas.ts';

/** ConnectWise cloud hosts that serve key URLs. Add on-premise or simulator origins via options. */
export const CW_CLOUD_KEY_URL_ORIGINS = ['https://*.myconnectwise.net', 'https://*.connectwisedev.com'];

export interface CallbackVerifierOptions {
  /** Origins, with an optional `*.` wildcard host: 'https://*.myconnectwise.net', 'http://127.0.0.1:8787'. */
  trustedKeyUrlOrigins?: string[];
  fetch?: typeof fetch;
  /** Sent as the clientId header when fetching key URLs (some ConnectWise versions may want it). */
  clientId?: string;
  cacheTtlMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const encoder = new TextEncoder();

export async function computeCallbackSignature(signingKey: string, rawBody: Uint8Array | string): Promise<string> {
  const keyBytes = await crypto.subtle.digest('SHA-256', encoder.encode(signingKey));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const bytes = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes as Uint8Array<ArrayBuffer>));
  let binary = '';
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function isTrustedKeyUrl(url: string, trusted: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return trusted.some((entry) => {
    const m = /^(https?):\/\/(\*\.)?([^/:]+)(?::(\d+))?\/?$/i.exec(entry.trim());
    if (!m) return false;
    const [, scheme, wildcard, host, port] = m;
    if (parsed.protocol !== `${scheme!.toLowerCase()}:`) return false;
    if ((parsed.port || '') !== (port ?? '')) return false;
    const hostname = parsed.hostname.toLowerCase();
    return wildcard ? hostname.endsWith(`.${host!.toLowerCase()}`) : hostname === host!.toLowerCase();
  });
}

export class CwCallbackVerifier {
  readonly #keys = new Map<string, { key: string; at: number }>();
  readonly #opts: CallbackVerifierOptions;

  constructor(opts: CallbackVerifierOptions = {}) {
    this.#opts = opts;
  }

  /** Returns the payload when the signature is valid; throws cw_callback_invalid or cw_untrusted_key_url. */
  async verify(rawBody: Uint8Array | ArrayBuffer | string, signature: string | null | undefined) {
    const bytes = typeof rawBody === 'string' ? encoder.encode(rawBody) : new Uint8Array(rawBody as ArrayBuffer);
    if (!signature) throw invalid('the x-content-signature header is missing');
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw invalid('the body is not JSON');
    }
    const payload = CwCallbackPayload.safeParse(json);
    if (!payload.success) throw invalid('the body is not a ConnectWise callback payload');
    const keyUrl = payload.data.Metadata.key_url;
    const trusted = this.#opts.trustedKeyUrlOrigins ?? CW_CLOUD_KEY_URL_ORIGINS;
    if (!isTrustedKeyUrl(keyUrl, trusted)) {
      throw cwError(
        'cw_untrusted_key_url',
        `The callback's signing-key URL (${new URL(keyUrl, 'https://invalid').host}) is not a trusted ConnectWise host; add the site to the trusted hosts if it is yours.`,
        { details: { keyUrl } },
      );
    }
    const expected = await computeCallbackSignature(await this.#signingKey(keyUrl), bytes);
    if (!sameText(expected, signature.trim())) throw invalid('the signature does not match the body');
    return payload.data;
  }

  async #signingKey(keyUrl: string): Promise<string> {
    const now = (this.#opts.now ?? Date.now)();
    const cached = this.#keys.get(keyUrl);
    if (cached && now - cached.at < (this.#opts.cacheTtlMs ?? 600_000)) return cached.key;
    const doFetch = this.#opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    let response: Response;
    try {
      response = await doFetch(keyUrl, {
        headers: this.#opts.clientId
          ? { clientId: this.#opts.clientId, Accept: 'application/json' }
          : { Accept: 'application/json' },
        signal: AbortSignal.timeout(this.#opts.timeoutMs ?? 5000),
        redirect: 'error',
      });
    } catch (cause) {
      throw cwError('cw_network', `The callback's signing key could not be fetched (${(cause as Error).message}).`, {
        retryable: true,
        cause,
      });
    }
    const body = (await response.json().catch(() => undefined)) as { signing_key?: unknown } | undefined;
    if (!response.ok || typeof body?.signing_key !== 'string') {
      throw invalid(`the signing-key URL answered HTTP ${response.status} without a signing_key`);
    }
    this.#keys.set(keyUrl, { key: body.signing_key, at: now });
    return body.signing_key;
  }
}

const invalid = (why: string) => cwError('cw_callback_invalid', `Refused a ConnectWise callback: ${why}.`, {});
