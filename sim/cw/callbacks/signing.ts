/**
 * ConnectWise callback signatures: `x-content-signature` = base64(HMAC-SHA256(key = SHA-256(signing_key) raw
 * bytes, message = raw body bytes)). WebCrypto only, so this also runs on Workers.
 */
const encoder = new TextEncoder();

export async function signBody(signingKey: string, body: Uint8Array | string): Promise<string> {
  const keyBytes = await crypto.subtle.digest('SHA-256', encoder.encode(signingKey));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const mac = await crypto.subtle.sign('HMAC', key, bytes as Uint8Array<ArrayBuffer>);
  return toBase64(new Uint8Array(mac));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A random signing key like ConnectWise's (opaque text). */
export function newSigningKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return toBase64(bytes);
}
