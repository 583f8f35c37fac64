/**
 * Short-lived pod sessions. The pod proves its member through the host's member authentication,
 * the server verifies it with ConnectWise once, and hands back this signed token (kept in memory only).
 */
import { sign, verify } from 'hono/jwt';
import * as z from 'zod';
import { unauthorized } from '../errors.ts';

export const SessionClaims = z.object({
  /** tenant id */
  tid: z.string(),
  /** ConnectWise member identifier */
  sub: z.string(),
  mid: z.number().int().optional(),
  name: z.string(),
  exp: z.number().int(),
  iat: z.number().int(),
});
export type SessionClaims = z.infer<typeof SessionClaims>;

export async function issueSessionToken(
  claims: Omit<SessionClaims, 'exp' | 'iat'>,
  secret: string,
  ttlSeconds: number,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await sign({ ...claims, iat, exp }, secret, 'HS256');
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export async function readSessionToken(token: string, secret: string): Promise<SessionClaims> {
  let payload: unknown;
  try {
    payload = await verify(token, secret, 'HS256');
  } catch (error) {
    const expired = (error as Error).name === 'JwtTokenExpired';
    throw unauthorized(
      expired ? 'session_expired' : 'session_invalid',
      expired
        ? 'Your tds-bridge session has expired; the pod will sign you in again (reload the ConnectWise screen if it does not).'
        : 'This tds-bridge session is not valid; reload the ConnectWise screen to sign in again.',
    );
  }
  const claims = SessionClaims.safeParse(payload);
  if (!claims.success)
    throw unauthorized('session_invalid', 'This tds-bridge session is not valid; reload the screen.');
  return claims.data;
}
