import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { main } from '../../bin/lib/main.ts';
import { tenants } from '../../db/schema/index.ts';
import { type RunningServer, start } from '../../server/entry/node.ts';
import { AppError } from '../../server/errors.ts';
import { defineTemplate } from '../../server/sync/engine/index.ts';
import { gate } from '../server/sync/engine/support.ts';
import { memoryOut, runCli } from './support.ts';

const slowGate = gate();
const slowEntered = gate();

/** Trivial templates registered in the real server for these tests. */
const hello = defineTemplate({
  id: 'hello-sync',
  title: 'Hello Sync',
  description: 'Counts to three, one step at a time.',
  defaultSchedule: '0 2 * * *',
  settingsSchema: z.object({}),
  async run(ctx) {
    const n = (ctx.checkpoint as { n: number } | undefined)?.n ?? 1;
    ctx.counts.add('added', 1);
    ctx.progress(n, 3, 'steps');
    if (n === 2 && ctx.tenantId === 'slow') {
      slowEntered.resolve();
      await slowGate.promise;
    }
    return n >= 3 ? { done: true } : { done: false, checkpoint: { n: n + 1 } };
  },
});
const broken = defineTemplate({
  id: 'broken-sync',
  title: 'Broken Sync',
  description: 'Always refused.',
  defaultSchedule: '0 3 * * *',
  settingsSchema: z.object({}),
  async run() {
    throw new AppError('tds_unauthorized', 'TD SYNNEX refused the credentials; update them in the console.');
  },
});

describe('tds-bridge CLI against a running server', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await start({
      env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'off', ADMIN_TOKEN: 'cli-test-admin-token-0123' },
      quiet: true,
      buildPod: false,
      templates: [hello, broken],
      tickIntervalMs: 0,
    });
    await server.db
      .insert(tenants)
      .values({ id: 'acme', name: 'Acme MSP', cwSite: 'https://na.example', cwCompanyId: 'acme', podOrigins: [] });
    env = { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: 'cli-test-admin-token-0123' };
  });
  afterAll(async () => {
    slowGate.resolve();
    await server.close();
  });

  it('runs a template, waits for it, and prints a JSON summary (exit 0)', async () => {
    const res = await runCli(['run', 'hello-sync', '--json'], { env });
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({
      ok: true,
      exitCode: 0,
      run: {
        tenantId: 'acme',
        templateId: 'hello-sync',
        state: 'succeeded',
        steps: 3,
        counts: { added: 3 },
        requestedBy: 'admin (cli/0.1.0)',
      },
    });
  });

  it('prints a readable result and exits 1 when the run fails', async () => {
    const res = await runCli(['run', 'broken-sync', '--tenant', 'acme'], { env });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('✗ broken-sync failed for acme');
    expect(res.stdout).toContain('tds_unauthorized: TD SYNNEX refused the credentials; update them in the console.');
  });

  it('shows the status of every tenant and template', async () => {
    const human = await runCli(['status'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Acme MSP (acme)');
    expect(human.stdout).toMatch(/broken-sync\s+● red/);
    // Times in the tenant's zone (where its schedules run), not UTC.
    expect(human.stdout).toContain('times in America/New_York');
    expect(human.stdout).toMatch(/hello-sync\s+● green\s+\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T/);
    // The four templates of the product are always listed; those this server lacks are gray "not built".
    expect(human.stdout).toMatch(/create-orders\s+● gray .*not_built/);
    const json = JSON.parse((await runCli(['status', '--json'], { env })).stdout);
    expect(json.tenants[0].templates.map((t: { templateId: string }) => t.templateId)).toEqual([
      'hello-sync',
      'broken-sync',
      'product-sync',
      'price-availability',
      'create-orders',
      'order-status',
    ]);
  });

  it('lists recent runs', async () => {
    const res = await runCli(['runs', '--json'], { env });
    expect(res.code).toBe(0);
    const states = JSON.parse(res.stdout).runs.map(
      (r: { templateId: string; state: string }) => `${r.templateId}:${r.state}`,
    );
    expect(states).toEqual(expect.arrayContaining(['hello-sync:succeeded', 'broken-sync:failed']));
    const human = await runCli(['runs', '--tenant', 'acme'], { env });
    expect(human.stdout).toMatch(/#\d+\s+acme\s+hello-sync\s+succeeded\s+manual/);
  });

  it('exits 2 on usage errors, with the usage', async () => {
    for (const args of [[], ['frobnicate'], ['run'], ['run', 'hello-sync', '--bogus'], ['status', '--full']]) {
      const res = await runCli(args, { env });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain('Usage:');
    }
    const unknown = await runCli(['run', 'no-such-template'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'There is no sync template "no-such-template". Templates: hello-sync, broken-sync.',
    );
  });

  it('exits 3 when the server is unreachable or the token is refused', async () => {
    const down = await runCli(['status'], { env: { TDS_BRIDGE_URL: 'http://127.0.0.1:9', ADMIN_TOKEN: 'x' } });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('Cannot reach tds-bridge at http://127.0.0.1:9');
    const wrong = await runCli(['status', '--token', 'wrong-token'], { env: { TDS_BRIDGE_URL: server.url } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('That admin token is not valid.');
    expect(wrong.stderr).toContain('(admin token used: --token)');
  });

  it('finds the admin token in data/admin-token beside the database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-token-'));
    try {
      mkdirSync(join(dir, 'state'));
      writeFileSync(join(dir, 'state', 'admin-token'), 'cli-test-admin-token-0123\n');
      const res = await runCli(['templates'], {
        env: { TDS_BRIDGE_URL: server.url, DATABASE_URL: 'file:./state/bridge.db' },
        cwd: dir,
      });
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/hello-sync\s+Hello Sync\s+0 2 \* \* \*/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a progress bar with the counts so far on a terminal', async () => {
    await server.db
      .insert(tenants)
      .values({ id: 'slow', name: 'Slow MSP', cwSite: 'https://slow.example', cwCompanyId: 'slow', podOrigins: [] });
    const out = memoryOut(true);
    const running = main(['run', 'hello-sync', '--tenant', 'slow'], {
      env: { ...env, TDS_BRIDGE_POLL_MS: '10' },
      cwd: process.cwd(),
      out,
    });
    await slowEntered.promise;
    await expect.poll(() => out.statuses.at(-1) ?? '', { interval: 10, timeout: 5_000 }).toContain('added 1');
    expect(out.statuses.at(-1)).toMatch(/^\[#{8}\.{16}\] 33% 1\/3 steps #\d+ running · added 1 updated 0/);
    slowGate.resolve();
    expect(await running).toBe(0);
    expect(out.stdout[0]).toMatch(/^✓ hello-sync succeeded for slow in .* \(run #\d+\)$/);
    expect(out.stdout[1]).toBe('  added 3 · updated 0 · unchanged 0 · deactivated 0 · skipped 0 · errors 0');
  });

  it('asks which tenant when there are several', async () => {
    const out = memoryOut(false);
    expect(await main(['runs', '--json'], { env, cwd: process.cwd(), out })).toBe(0);
    const code = await main(['run', 'hello-sync'], { env, cwd: process.cwd(), out });
    expect(code).toBe(2);
    expect(out.stderr.at(-1)).toContain('choose one with --tenant <id>:\n  acme  (Acme MSP)\n  slow  (Slow MSP)');
  });
});
