/**
 * Seals a backup's secrets with the admin's passphrase (PBKDF2-SHA256 → AES-256-GCM, WebCrypto, so Node and
 * Workers alike). The server's SECRETS_KEY is not used: a backup must restore on a server with another key.
 */
import { AppError, badRequest } from '../../errors.ts';
import type { SealedSecrets } from './format.ts';

const ITERATIONS = 310_000;
const b64 = {
  encode: (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)),
  decode: (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)),
};

export const MIN_PASSPHRASE = 12;

async function keyFrom(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function sealWithPassphrase(value: unknown, passphrase: string): Promise<SealedSecrets> {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw badRequest('passphrase_too_short', `A backup passphrase has at least ${MIN_PASSPHRASE} characters.`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFrom(passphrase, salt, ITERATIONS);
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  return {
    kdf: 'PBKDF2-SHA256',
    iterations: ITERATIONS,
    salt: b64.encode(salt),
    iv: b64.encode(iv),
    ciphertext: b64.encode(sealed),
  };
}

export async function openWithPassphrase(sealed: SealedSecrets, passphrase: string): Promise<unknown> {
  try {
    const key = await keyFrom(passphrase, b64.decode(sealed.salt), sealed.iterations);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: b64.decode(sealed.iv) },
      key,
      b64.decode(sealed.ciphertext),
    );
    return JSON.parse(new TextDecoder().decode(plain));
  } catch (cause) {
    throw new AppError('backup_passphrase_wrong', 'The passphrase does not open the secrets in this backup.', {
      status: 400,
      cause,
    });
  }
}
