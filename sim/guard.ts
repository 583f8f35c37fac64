/**
 * Who may drive the simulators. Their control endpoints (`/_sim/*`: faults, clock, reset, member hashes,
 * key rotation) and the callback signing-key URL answer only requests from this machine: the peer is
 * loopback (or the request was made in-process) AND the Host is loopback, so a web page whose DNS name
 * rebinds to 127.0.0.1 is refused too. Requests that change state must also come from the same origin
 * when a browser says where it came from (`Origin`, `Sec-Fetch-Site`), so no other site can drive them.
 */
import type { MiddlewareHandler } from 'hono';
import { isLoopbackHost, peerAddress } from '../server/http/client-ip.ts';

const GUARDED = /\/_sim(\/|$)|\/system\/callbackkey\//i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const refuse = (code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), {
    status: 403,
    headers: { 'content-type': 'application/json' },
  });

/** Same origin as the request itself, or no browser origin at all (curl, tests, the server's own calls). */
export function sameOriginOrNone(request: Request): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  return origin === new URL(request.url).origin;
}

export function simulatorGuard(): MiddlewareHandler {
  return async function simulatorGuard(c, next) {
    if (!GUARDED.test(c.req.path)) return next();
    const peer = peerAddress(c);
    if ((peer !== undefined && !isLoopbackHost(peer)) || !isLoopbackHost(new URL(c.req.url).hostname)) {
      return refuse(
        'sim_local_only',
        'The simulator controls answer only on this machine (loopback address and host).',
      );
    }
    if (!SAFE_METHODS.has(c.req.method) && !sameOriginOrNone(c.req.raw)) {
      return refuse('sim_cross_origin', 'The simulator controls accept changes only from their own origin.');
    }
    return next();
  };
}
