/**
 * ConnectWise-specific `/_sim` endpoints (besides stats, faults, reset and clock from sim/control.ts):
 * rate limit, how credentials are read and refused, member hashes for cookie auth, callback deliveries and
 * signing-key rotation.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import type { CallbackDispatcher } from '../callbacks/dispatcher.ts';
import type { TokenBucket } from '../rate-limit.ts';
import type { Security } from '../security.ts';

export interface SimControlDeps {
  bucket: TokenBucket;
  security: Security;
  callbacks: CallbackDispatcher;
  issueMemberHash(member: string): string;
}

const RateLimitBody = z.object({ perMinute: z.number().int().min(0).max(1_000_000) });
const SecurityBody = z.strictObject({
  memberCookies: z.enum(['raw', 'url-decoded']).optional(),
  badCredentials: z.enum(['unauthorized', 'user-not-authenticated', 'not-found']).optional(),
});
const MemberHashBody = z.object({ memberId: z.string().min(1) });

export function simRoutes(deps: SimControlDeps): Hono {
  const app = new Hono();
  app.get('/rate-limit', (c) => c.json({ perMinute: deps.bucket.capacity }));
  app.post('/rate-limit', async (c) => {
    const parsed = RateLimitBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json(
        { error: { code: 'invalid_rate_limit', message: 'Send {"perMinute": n}; 0 turns throttling off.' } },
        400,
      );
    }
    deps.bucket.configure(parsed.data.perMinute);
    return c.json({ perMinute: deps.bucket.capacity });
  });
  app.get('/security', (c) => c.json(deps.security.options));
  app.post('/security', async (c) => {
    const parsed = SecurityBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'invalid_security',
            message:
              'Send {"memberCookies": "raw" | "url-decoded", "badCredentials": "unauthorized" | "user-not-authenticated" | "not-found"}.',
          },
        },
        400,
      );
    }
    deps.security.configure(parsed.data);
    return c.json(deps.security.options);
  });
  app.post('/member-hash', async (c) => {
    const parsed = MemberHashBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json({ error: { code: 'invalid_member', message: 'Send {"memberId": "jsmith"}.' } }, 400);
    }
    return c.json({ memberId: parsed.data.memberId, memberHash: deps.issueMemberHash(parsed.data.memberId) });
  });
  app.get('/callbacks/deliveries', (c) => c.json(deps.callbacks.deliveries()));
  app.delete('/callbacks/deliveries', (c) => {
    deps.callbacks.clearLog();
    return c.body(null, 204);
  });
  app.post('/callbacks/rotate-key', (c) => {
    const key = deps.callbacks.rotateKey();
    return c.json({ keyUrl: deps.callbacks.keyUrl(key.id) });
  });
  return app;
}
