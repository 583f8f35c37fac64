import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/lib/main.ts';
import { memoryOut } from './support.ts';

/**
 * A stand-in for the lead's /test-connection and /activation endpoints (not part of this module), answering
 * with named checks and plan steps, so the CLI side is exercised over real HTTP.
 */
describe('tds-bridge test-connection and activate', () => {
  const calls: string[] = [];
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const app = new Hono()
      .use(async (c, next) => {
        calls.push(`${c.req.method} ${c.req.path}`);
        if (c.req.header('authorization') !== 'Bearer stub-token')
          return c.json({ error: { code: 'admin_token_invalid', message: 'no' } }, 401);
        await next();
      })
      .get('/api/admin/tenants', (c) =>
        c.json({
          tenants: [
            { id: 'acme', name: 'Acme MSP' },
            { id: 'bad', name: 'Bad MSP' },
          ],
        }),
      )
      .post('/api/admin/tenants/:t/test-connection', (c) =>
        c.json({
          ok: c.req.param('t') === 'acme',
          checks: [
            { name: 'ConnectWise API', ok: true, message: 'signed in as member api-tds', durationMs: 120.4 },
            c.req.param('t') === 'acme'
              ? { name: 'TD SYNNEX XML', ok: true, message: 'customer 123456 accepted', durationMs: 80 }
              : { name: 'TD SYNNEX XML', ok: false, message: 'TD SYNNEX refused user "api"; check the password' },
          ],
        }),
      )
      .post('/api/admin/tenants/:t/activation/plan', (c) =>
        c.json({
          steps: [
            { screen: 'opportunity', description: 'TD SYNNEX Price & Availability', action: 'create' },
            { screen: 'ticket', description: 'TD SYNNEX Orders', action: 'exists' },
          ],
        }),
      )
      .post('/api/admin/tenants/:t/activation/apply', (c) =>
        c.json({
          ok: true,
          steps: [
            { screen: 'opportunity', status: 'applied', detail: 'pod registered' },
            { screen: 'ticket', status: 'unchanged' },
          ],
        }),
      );
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ok) => server.once('listening', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const cli = async (args: string[]) => {
    const out = memoryOut(false);
    const code = await main(args, { env: { TDS_BRIDGE_URL: url, ADMIN_TOKEN: 'stub-token' }, cwd: process.cwd(), out });
    return { code, out };
  };

  it('prints each named check and exits 0 when all pass', async () => {
    const { code, out } = await cli(['test-connection', '--tenant', 'acme']);
    expect(code).toBe(0);
    expect(out.stdout).toEqual([
      '✓ ConnectWise API — signed in as member api-tds (120 ms)',
      '✓ TD SYNNEX XML — customer 123456 accepted (80 ms)',
      'All checks passed for acme.',
    ]);
  });

  it('exits 1 and shows the failing check when one fails', async () => {
    const { code, out } = await cli(['test-connection', '--tenant', 'bad']);
    expect(code).toBe(1);
    expect(out.stdout).toContain('✗ TD SYNNEX XML — TD SYNNEX refused user "api"; check the password');
    expect(out.stdout.at(-1)).toBe('Some checks failed for bad.');
  });

  it('shows the activation plan without applying it on --dry-run', async () => {
    calls.length = 0;
    const { code, out } = await cli(['activate', '--tenant', 'acme', '--dry-run']);
    expect(code).toBe(0);
    expect(out.stdout).toEqual([
      'Activation plan for acme (dry run, nothing changed):',
      '• opportunity [create] — TD SYNNEX Price & Availability',
      '• ticket [exists] — TD SYNNEX Orders',
    ]);
    expect(calls).toEqual(['POST /api/admin/tenants/acme/activation/plan']);
  });

  it('plans, then applies, and reports each step', async () => {
    calls.length = 0;
    const { code, out } = await cli(['activate', '--tenant', 'acme', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out.stdout.join('\n'))).toMatchObject({
      plan: { steps: [{ action: 'create' }, {}] },
      applied: { ok: true },
    });
    expect(calls).toEqual([
      'POST /api/admin/tenants/acme/activation/plan',
      'POST /api/admin/tenants/acme/activation/apply',
    ]);
  });

  it('asks for --tenant when the server has several', async () => {
    const { code, out } = await cli(['test-connection']);
    expect(code).toBe(2);
    expect(out.stderr[0]).toContain('choose one with --tenant <id>');
  });
});
