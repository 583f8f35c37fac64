/**
 * The address a request came from, for rate limits and logs. Node: the socket's peer address; X-Forwarded-For
 * only with TRUST_FORWARDED_FOR=on and a loopback peer (a reverse proxy on this machine), and then only its last
 * entry, the one the proxy added. Workers: `cf-connecting-ip`, which Cloudflare
 * sets itself. A request made in-process (tests, `app.request`) has neither and counts as `local`.
 */
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function peerAddress(c: Context): string | undefined {
  const bindings = c.env as NodeBindings | undefined;
  const socket = bindings && typeof bindings === 'object' ? bindings.incoming?.socket : undefined;
  return socket?.remoteAddress?.replace(/^::ffff:/, '');
}

export function clientIp(c: Context): string {
  const node = peerAddress(c);
  if (node) {
    const trusted = (c.var as { deps?: { env?: { TRUST_FORWARDED_FOR?: string } } }).deps?.env?.TRUST_FORWARDED_FOR;
    const forwarded = c.req.header('x-forwarded-for');
    if (trusted === 'on' && forwarded && isLoopbackHost(node)) {
      const last = forwarded.split(',').at(-1)?.trim();
      if (last) return last.slice(0, 64);
    }
    return node;
  }
  // Only reached without a Node socket: on Workers Cloudflare sets this header itself.
  const edge = c.req.header('cf-connecting-ip');
  return edge ? edge.slice(0, 64) : 'local';
}

/** 127.0.0.0/8, ::1 and the name localhost: addresses that only this machine can use. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (host.startsWith('::ffff:')) return isLoopbackHost(host.slice(7));
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
