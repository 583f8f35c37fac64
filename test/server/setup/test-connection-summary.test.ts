/** Bug: the summary said "All 19 checks passed" under 21 listed checks (warnings and skipped ones were not counted). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../../bin/lib/main.ts';
import type { TestConnectionResult } from '../../../server/setup/test-connection.ts';
import { memoryOut } from '../../bin/support.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('counts every listed check in the summary, and the CLI marks only passes with ✓', async () => {
  const { body } = await server.api<TestConnectionResult>('/api/admin/tenants/demo/test-connection', {
    method: 'POST',
    admin: true,
    body: '{}',
  });
  const by = (s: string) => body.checks.filter((c) => c.status === s).length;
  expect(body.summary.startsWith(`${body.checks.length} checks: ${by('pass')} passed`)).toBe(true);
  expect(by('skipped') + by('warn')).toBeGreaterThan(0);

  const out = memoryOut(false);
  const code = await main(['test-connection', '--tenant', 'demo'], {
    env: { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: server.deps.adminToken, NO_COLOR: '1' },
    cwd: process.cwd(),
    out,
  });
  expect(code).toBe(0);
  expect(out.stdout.filter((l) => l.startsWith('✓ '))).toHaveLength(by('pass'));
  expect(out.stdout).toContain(body.summary);
});
