/**
 * Finding 4: every route has a body limit enforced while the body streams in, and sign-in is bounded per
 * address and per tenant, with refusals remembered so a flood of forged sign-ins costs ConnectWise
 * nothing once the address is over its limit. Every refusal is logged (no member hash) and counted.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { SIGN_IN_LIMITS } from '../../server/auth/sign-in-guard.ts';
import { BODY_LIMITS } from '../../server/http/body-limits.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 100 });
  app = createApp(server.services);
});
afterAll(async () => {
  await server?.close();
});

/** A chunked body of `total` bytes that counts how much of it the server pulled. */
function countingStream(total: number, chunk = 16 * 1024) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - state.pulled);
      state.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  return { stream, state };
}

describe('body limits', () => {
  it('refuses a 100 MB sign-in by its Content-Length without reading it', async () => {
    const res = await app.request('http://127.0.0.1/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) },
      body: '{}',
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body_too_large');
  });

  it('stops reading a chunked body at the limit, on sign-in and on callbacks', async () => {
    for (const [path, limit] of [
      ['/api/session', BODY_LIMITS.session],
      ['/api/callbacks/cw/demo', BODY_LIMITS.fallback],
      ['/api/admin/tenants', BODY_LIMITS.admin],
    ] as const) {
      const { stream, state } = countingStream(50 * 1024 * 1024);
      const res = await app.request(`http://127.0.0.1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.deps.adminToken}` },
        body: stream,
        // @ts-expect-error Node's fetch needs duplex for a streamed request body
        duplex: 'half',
      });
      expect(res.status, path).toBe(413);
      // The stream may be a chunk or two ahead of the reader, never the 50 MB.
      expect(state.pulled, path).toBeLessThan(limit + 64 * 1024);
    }
  });
});

describe('sign-in limits', () => {
  // Fixed windows: a frozen clock keeps every attempt of a test in one window, whenever the test runs.
  let realNow: () => Date;
  beforeEach(() => {
    realNow = server.deps.now;
    const frozen = new Date('2026-11-30T12:00:05Z');
    server.deps.now = () => frozen;
  });
  afterEach(() => {
    server.deps.now = realNow;
  });

  const forged = (ip: string, n: number) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify({
      memberAuthentication: {
        site: `${server.screensUrl}/`,
        companyid: 'demo',
        memberid: 'jsmith',
        memberHash: `forged-${n}`,
      },
    }),
  });

  it('a flood of forged sign-ins stops reaching ConnectWise once the address is over its refusal limit', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      server.resetSimStats();
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const res = await app.request('http://127.0.0.1/api/session', forged('203.0.113.50', i));
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      const limit = SIGN_IN_LIMITS.refusalsPerIp.limit;
      expect(statuses.filter((s) => s === 401)).toHaveLength(limit);
      expect(statuses.slice(limit).every((s) => s === 429)).toBe(true);
      expect(server.simCalls('cw', 'myMembers/info')).toBe(limit);
      // Logged without the member hash, and counted for the console.
      const logged = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('sign-in refused'));
      expect(logged).toHaveLength(limit);
      expect(logged.join('\n')).not.toContain('forged-');
      const counts = await server.api<{
        total: number;
        refusals: Array<{ tenantId: string; code: string; count: number }>;
      }>('/api/admin/sign-in-refusals', { admin: true });
      expect(counts.body.refusals).toContainEqual(
        expect.objectContaining({ tenantId: 'demo', code: 'member_not_verified', count: limit }),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('bounds every sign-in from one address per minute', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const statuses: number[] = [];
      // Malformed sign-ins (400) are not refusals: only the attempt limit stops them.
      for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit + 5; i++) {
        const res = await app.request('http://127.0.0.1/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.77' },
          body: '{"not":"auth"}',
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, SIGN_IN_LIMITS.perIp.limit).every((s) => s === 400)).toBe(true);
      expect(statuses.slice(SIGN_IN_LIMITS.perIp.limit).every((s) => s === 429)).toBe(true);
      // Another address is not affected.
      const other = await app.request('http://127.0.0.1/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.78' },
        body: '{"not":"auth"}',
      });
      expect(other.status).toBe(400);
    } finally {
      warn.mockRestore();
    }
  });

  it('counts each client behind a local reverse proxy only when TRUST_FORWARDED_FOR=on', async () => {
    const realEnv = server.deps.env;
    const viaProxy = (client: string) =>
      app.request(
        'http://127.0.0.1/api/session',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.1, ${client}` },
          body: '{}',
        },
        { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
      );
    try {
      server.deps.env = { ...realEnv, TRUST_FORWARDED_FOR: 'on' };
      for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) expect((await viaProxy('198.18.0.1')).status).toBe(400);
      expect((await viaProxy('198.18.0.1')).status).toBe(429);
      expect((await viaProxy('198.18.0.2')).status).toBe(400);
      // Off (the default): the header is ignored and the proxy's own address is what counts.
      server.deps.env = realEnv;
      for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) await viaProxy(`198.18.1.${i}`);
      expect((await viaProxy('198.18.2.1')).status).toBe(429);
    } finally {
      server.deps.env = realEnv;
    }
  });
});
