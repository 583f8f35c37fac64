/**
 * The price file through the admin API and the demo's Product Sync: a fresh server with the simulators runs
 * Product Sync from the price file the simulated TD SYNNEX delivers over FTP (as TD SYNNEX delivers its US
 * catalog, td-synnex.md corrections), `tds-bridge run product-sync` says so, the category list file feeds
 * GET tds-categories, and PUT price-file stores an upload streamed and resumable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PriceFileEvent } from '../../../../server/connectors/tds/price-file.ts';
import { uploadedPriceFile } from '../../../../server/sync/templates/product-sync/uploads.ts';
import { runCli } from '../../../bin/support.ts';
import { startTestServer, type TestServer } from '../../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 5_000 });
});
afterAll(() => server.close());

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.deps.adminToken}`, ...(init.headers ?? {}) },
  });

/** A small price file with a multi-byte character, in the real 2025 layout (header + DTL lines). */
function priceFileText(lines: number): string {
  const dtl = (i: number) => {
    const f = new Array(70).fill('');
    Object.assign(f, { 0: '100001', 1: 'DTL', 2: `MPN-${i}`, 4: String(20_000_000 + i), 5: 'A' });
    f[6] = `Câble réseau ${i}`;
    f[7] = 'TRIPP LITE';
    f[12] = '12.50';
    f[20] = '12.50';
    f[24] = '006071684';
    return f.join('~');
  };
  const rows = ['FLTM1U100001~HDR~260302~260302~C~~~~~'];
  for (let i = 1; i <= lines; i++) rows.push(dtl(i));
  return `${rows.join('\r\n')}\r\n`;
}

async function records(uploadId: string): Promise<Extract<PriceFileEvent, { type: 'record' }>[]> {
  const out: Extract<PriceFileEvent, { type: 'record' }>[] = [];
  for await (const e of uploadedPriceFile(server.db, 'demo', uploadId)) if (e.type === 'record') out.push(e);
  return out;
}

describe('Product Sync from the price file delivered over FTP (npm start demo)', () => {
  it('runs from the FTP price file, and `tds-bridge run product-sync --tenant demo` says so', async () => {
    const res = await runCli(['run', 'product-sync', '--tenant', 'demo'], {
      env: { TDS_BRIDGE_URL: server.url, ADMIN_TOKEN: server.deps.adminToken },
    });
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/✓ product-sync succeeded for demo/);
    expect(res.stdout).toMatch(
      /Source: the TD SYNNEX full price file delivered over FTP \(127\.0\.0\.1:\d+\/100001\.ap\)/,
    );
    const added = Number(/added (\d+)/.exec(res.stdout)?.[1]);
    expect(added).toBeGreaterThan(0);
    // A whole sync through a child process: generous, so a loaded machine cannot fail it.
  }, 180_000);
});

describe('GET /api/admin/tenants/:t/tds-categories', () => {
  it('reads the category list file TD SYNNEX delivers beside the price file', async () => {
    const res = await admin('/tenants/demo/tds-categories');
    expect(res.status).toBe(200);
    const { categories } = (await res.json()) as { categories: Array<{ code: string; level: number; name: string }> };
    expect(categories.find((c) => c.code === '006')).toMatchObject({ level: 1, name: 'Networking' });
    expect(categories.filter((c) => c.level === 3).length).toBeGreaterThan(100);
  });
  it('answers 404 for an unknown tenant', async () => {
    expect((await admin('/tenants/nobody/tds-categories')).status).toBe(404);
  });
});

describe('PUT /api/admin/tenants/:t/price-file', () => {
  it('stores a whole file in one request, complete', async () => {
    const text = priceFileText(50);
    const res = await admin('/tenants/demo/price-file', { method: 'PUT', body: text });
    expect(res.status).toBe(201);
    const status = (await res.json()) as { uploadId: string; complete: boolean; receivedBytes: number };
    expect(status).toMatchObject({ complete: true, receivedBytes: Buffer.byteLength(text) });
    expect(await records(status.uploadId)).toHaveLength(50);
    const latest = await (await admin('/tenants/demo/price-file')).json();
    expect(latest).toMatchObject({ uploadId: status.uploadId, complete: true });
  });

  it('resumes an interrupted upload from the bytes stored, even when a part ends inside a character', async () => {
    const bytes = Buffer.from(priceFileText(400), 'utf8');
    const total = bytes.length;
    // Cut inside the two-byte "â" of a description.
    const cut = bytes.indexOf(Buffer.from('â', 'utf8'), 20_000) + 1;
    const first = await admin('/tenants/demo/price-file', {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${cut - 1}/${total}` },
      body: bytes.subarray(0, cut),
    });
    expect(first.status).toBe(201);
    const part = (await first.json()) as { uploadId: string; receivedBytes: number; complete: boolean };
    expect(part.complete).toBe(false);
    expect(part.receivedBytes).toBe(cut - 1);
    // Product Sync never reads an incomplete upload.
    const before = (await (await admin('/tenants/demo/price-file')).json()) as { complete: boolean };
    expect(before.complete).toBe(false);

    const wrong = await admin('/tenants/demo/price-file', {
      method: 'PUT',
      headers: { 'content-range': `bytes ${cut}-${total - 1}/${total}`, 'upload-id': part.uploadId },
      body: bytes.subarray(cut),
    });
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({
      error: { code: 'upload_offset_mismatch', details: { receivedBytes: cut - 1 } },
    });

    const rest = await admin('/tenants/demo/price-file', {
      method: 'PUT',
      headers: { 'content-range': `bytes ${part.receivedBytes}-${total - 1}/${total}`, 'upload-id': part.uploadId },
      body: bytes.subarray(part.receivedBytes),
    });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toMatchObject({ uploadId: part.uploadId, complete: true, receivedBytes: total });
    const stored = await records(part.uploadId);
    expect(stored).toHaveLength(400);
    expect(stored.every((r) => /^Câble réseau \d+$/.test(r.record.description))).toBe(true);
  });

  it('refuses a malformed Content-Range and an unknown Upload-Id without a 5xx', async () => {
    const bad = await admin('/tenants/demo/price-file', {
      method: 'PUT',
      headers: { 'content-range': 'bytes=0-10' },
      body: 'x',
    });
    expect(bad.status).toBe(400);
    const unknown = await admin('/tenants/demo/price-file', {
      method: 'PUT',
      headers: { 'content-range': 'bytes 5-9/10', 'upload-id': '2026-03-02T12:00:00.000Z-0123abcd' },
      body: 'abcde',
    });
    expect(unknown.status).toBe(404);
    expect((await admin('/tenants/demo/price-file', { method: 'PUT', headers: { authorization: '' } })).status).toBe(
      401,
    );
  });
});
