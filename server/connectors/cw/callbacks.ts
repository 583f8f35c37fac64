/**
 * ConnectWise callback signatures: base64(HMAC-SHA256(key = SHA-256(signing_key) raw bytes, message = the raw
 * body bytes)); verified over the bytes received, never over re-serialised JSON. Which key URLs are trusted and
 * how keys are fetched and cached is server/callbacks/ (trust.ts, signing-keys.ts, receiver.ts).
 */

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
