/**
 * ConnectWise callback signing keys, fetched from a checked key URL (trust.ts) and cached per key id. The
 * cache is per-process on purpose: losing it costs one more fetch of a key ConnectWise serves freely.
 * Signature: base64(HMAC-SHA256(key = SHA-256(signing_key) raw bytes, message = the raw body bytes)).
 */
import { computeCallbackSignature } from '../connectors/cw/callbacks.ts';
import { cwError } from '../connectors/cw/errors.ts';
import type { TrustedKeyUrl } from './trust.ts';

const MAX_KEYS = 1_000;

export interface SigningKeyOptions {
  fetch: typeof fetch;
  now: () => number;
  ttlMs?: number;
  timeoutMs?: number;
}

export class SigningKeyCache {
  readonly #keys = new Map<string, { key: string; at: number }>();
  readonly #opts: SigningKeyOptions;

  constructor(opts: SigningKeyOptions) {
    this.#opts = opts;
  }

  /** The cached key, if any and fresh (no upstream call). */
  cached(key: TrustedKeyUrl): string | undefined {
    const hit = this.#keys.get(key.keyId);
    return hit && this.#opts.now() - hit.at < (this.#opts.ttlMs ?? 3_600_000) ? hit.key : undefined;
  }

  /**
   * Fetches the key. Throws `cw_network` (retryable) when ConnectWise could not be reached, and
   * `cw_callback_invalid` when it answered without a key.
   */
  async fetch(key: TrustedKeyUrl, clientId: string | undefined): Promise<string> {
    let response: Response;
    try {
      response = await this.#opts.fetch(key.url, {
        headers: clientId ? { clientId, Accept: 'application/json' } : { Accept: 'application/json' },
        signal: AbortSignal.timeout(this.#opts.timeoutMs ?? 4_000),
        // Never follow a redirect off the checked URL ('error' is not available on Workers; a 3xx is refused below).
        redirect: 'manual',
      });
    } catch (cause) {
      throw cwError('cw_network', 'The callback’s signing key could not be fetched from ConnectWise.', {
        retryable: true,
        cause,
      });
    }
    const body = (await response.json().catch(() => undefined)) as { signing_key?: unknown } | undefined;
    if (!response.ok || typeof body?.signing_key !== 'string') {
      throw cwError(
        'cw_callback_invalid',
        `Refused a ConnectWise callback: its signing-key URL answered HTTP ${response.status} without a key.`,
        {},
      );
    }
    if (this.#keys.size >= MAX_KEYS) this.#keys.clear();
    this.#keys.set(key.keyId, { key: body.signing_key, at: this.#opts.now() });
    return body.signing_key;
  }
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export async function signatureMatches(signingKey: string, body: Uint8Array, signature: string): Promise<boolean> {
  return sameText(await computeCallbackSignature(signingKey, body), signature.trim());
}

/** Hex SHA-256 of the body: with the MessageId, the callback's idempotency key. */
export async function bodyHash(body: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
