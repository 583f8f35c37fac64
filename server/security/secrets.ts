/**
 * Secrets at rest: AES-256-GCM through WebCrypto (same code on Node 20 and Workers).
 * Stored form: `v1:<base64 iv>:<base64 ciphertext+tag>`.
 */
import { AppError } from '../errors.ts';

const b64 = {
  encode: (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)),
  decode: (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)),
};

export interface SecretBox {
  seal(value: Record<string, unknown>): Promise<string>;
  open<T = Record<string, unknown>>(sealed: string): Promise<T>;
}

export function newSecretsKey(): string {
  return b64.encode(crypto.getRandomValues(new Uint8Array(32)));
}

export async function createSecretBox(keyBase64: string): Promise<SecretBox> {
  const raw = b64.decode(keyBase64);
  if (raw.length !== 32) {
    throw new AppError('invalid_secrets_key', 'SECRETS_KEY must be the base64 of exactly 32 random bytes.');
  }
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(value));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
      return `v1:${b64.encode(iv)}:${b64.encode(sealed)}`;
    },
    async open(sealed) {
      const [version, iv, data] = sealed.split(':');
      if (version !== 'v1' || !iv || !data) {
        throw new AppError('secret_unreadable', 'A stored credential is in an unknown format; enter it again.');
      }
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: b64.decode(iv) }, key, b64.decode(data));
        return JSON.parse(new TextDecoder().decode(plain));
      } catch (cause) {
        throw new AppError(
          'secret_unreadable',
          'A stored credential cannot be decrypted with the current SECRETS_KEY; restore the original key or enter the credential again.',
          { cause },
        );
      }
    },
  };
}

/** A second, independent secret for signing session tokens, derived from the secrets key. */
export async function deriveSigningSecret(keyBase64: string, purpose: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', b64.decode(keyBase64), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`tds-bridge:${purpose}:v1`));
  return b64.encode(new Uint8Array(mac));
}
