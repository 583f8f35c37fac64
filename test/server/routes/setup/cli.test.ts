import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../../bin/lib/main.ts';
import { memoryOut } from '../../../bin/support.ts';
import { ADMIN_TOKEN, DEMO, type SetupHarness, setupHarness, simCwConnection } from '../../setup/harness.ts';

/** The real `tds-bridge` CLI against these routes: the answers' shapes are what the CLI reads. */
describe('tds-bridge test-connection and activate against the setup routes', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());

  const cli = async (args: string[]) => {
    const out = memoryOut(false);
    const code = await main(args, {
      env: { TDS_BRIDGE_URL: h.url, ADMIN_TOKEN, NO_COLOR: '1' },
      cwd: process.cwd(),
      out,
    });
    return { code, text: out.stdout.join('\n') };
  };

  it('prints every named check and exits 0 when they pass', async () => {
    const { code, text } = await cli(['test-connection', '--tenant', DEMO]);
    expect(code).toBe(0);
    expect(text).toContain('✓ API keys valid — The keys sign in as API member tds-api.');
    expect(text).toContain('✓ XML credentials valid');
    expect(text).toContain('All checks passed for demo.');
  });

  it('exits 1 and marks the failing check when one fails', async () => {
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['restricted-public-key', 'restricted-private-key']),
    );
    try {
      const { code, text } = await cli(['test-connection', '--tenant', DEMO]);
      expect(code).toBe(1);
      expect(text).toContain('✗ Register callbacks — Refused by security role "API Restricted"');
      expect(text).toContain('✓ Read purchase orders');
      expect(text).toContain('Some checks failed for demo.');
    } finally {
      await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, simCwConnection(h));
    }
  });

  it('shows the activation plan on --dry-run without changing ConnectWise, then applies it', async () => {
    const dry = await cli(['activate', '--tenant', DEMO, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.text).toContain('• PO status "TDS Shipped" [create] — Create an open status.');
    expect((await h.cw('GET', 'system/callbacks/count')).body.count).toBe(0);

    const applied = await cli(['activate', '--tenant', DEMO]);
    expect(applied.code).toBe(0);
    expect(applied.text).toContain('✓ Callback for PurchaseOrder changes [create]');
    expect((await h.cw('GET', 'system/callbacks/count')).body.count).toBe(2);

    const again = await cli(['activate', '--tenant', DEMO, '--json']);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.text);
    expect(json.plan.upToDate).toBe(true);
    expect(json.applied.changed).toBe(0);
  });
});
