/**
 * Finding 6 and the file modes of 7: only the pod build's assets are reachable (resolved paths checked with
 * a separator, no symlinks, never the pod page without its CSP), the pod page lets only the requesting
 * tenant's origins frame it, activation repoints pods registered without the tenant, and the database and
 * key files are readable by their owner only.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../server/entry/node.ts';
import { fileInside, nodeAssets } from '../../server/entry/node-assets.ts';
import { cwClientFor } from '../../server/tenants/cw-clients.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let root: string;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 100 });
  root = mkdtempSync(join(tmpdir(), 'tds-assets-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  mkdirSync(join(root, 'dist', 'pod'), { recursive: true });
  mkdirSync(join(root, 'dist-worker'), { recursive: true });
  writeFileSync(join(root, 'dist', 'assets', 'app.js'), 'ok');
  writeFileSync(join(root, 'dist', 'pod', 'index.html'), '<html><!--pod-config--></html>');
  writeFileSync(join(root, 'dist-worker', 'secret.txt'), 'worker bundle');
  writeFileSync(join(root, 'outside.txt'), 'outside');
  symlinkSync(join(root, 'outside.txt'), join(root, 'dist', 'assets', 'link.js'));
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await server?.close();
});

describe('assets', () => {
  it('never reads a sibling folder whose name starts with the build folder name, nor through a symlink', async () => {
    const assets = nodeAssets(join(root, 'dist'));
    expect(await (await assets('/assets/app.js'))?.text()).toBe('ok');
    expect(await assets('/assets/..%2f..%2fdist-worker%2fsecret.txt')).toBeNull();
    expect(await assets('/../dist-worker/secret.txt')).toBeNull();
    expect(await assets('/assets/link.js')).toBeNull();
    expect(fileInside(join(root, 'dist'), '/assets/%00app.js')).toBeUndefined();
    expect(fileInside(join(root, 'dist'), '/assets/%E0%A4%A')).toBeUndefined();
  });

  it('serves the pod page only through /pod with its CSP, never through /assets', async () => {
    for (const path of [
      '/assets/..%2fpod%2findex.html',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%5cpod%5cindex.html',
      '/assets/.%2e%2fpod%2findex.html',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('pod-config');
    }
  });
});

describe('pod page', () => {
  it("lists only the requesting tenant's origins in frame-ancestors", async () => {
    const created = await server.api('/api/admin/tenants', {
      method: 'POST',
      admin: true,
      body: JSON.stringify({
        id: 'acme',
        name: 'Acme',
        cwSite: 'https://acme.example.com',
        cwCompanyId: 'acme',
        podOrigins: ['https://acme.example.com'],
      }),
    });
    expect(created.status).toBe(201);
    const csp = async (query: string) =>
      (await fetch(`${server.url}/pod/?host=cw&screen=opportunity&id=801${query}`)).headers.get(
        'content-security-policy',
      ) ?? '';
    const acme = await csp('&tenant=acme');
    expect(acme).toContain('frame-ancestors https://acme.example.com');
    expect(acme).not.toContain(server.screensUrl);
    const demo = await csp('&tenant=demo');
    expect(demo).toContain(`frame-ancestors ${server.screensUrl}`);
    expect(demo).not.toContain('acme');
    expect(await csp('&tenant=nosuch')).toContain("frame-ancestors 'none'");
  });

  it('activation repoints a pod registered without the tenant', async () => {
    const cw = await cwClientFor(server.deps, 'demo');
    const setups = await cw.list('system/connectwisehostedsetups', { pageSize: 100 });
    const pod = setups[0]!;
    expect(String(pod.url)).toContain('tenant=demo');
    await cw.patch('system/connectwisehostedsetups', Number(pod.id), [
      { op: 'replace', path: 'url', value: String(pod.url).replace('&tenant=demo', '') },
    ]);
    const applied = await server.api<{ steps: Array<{ id: string; action: string }> }>(
      '/api/admin/tenants/demo/activation/apply',
      {
        method: 'POST',
        admin: true,
      },
    );
    expect(applied.status).toBe(200);
    const after = await cw.list('system/connectwisehostedsetups', { pageSize: 100 });
    expect(after).toHaveLength(setups.length);
    expect(after.every((s) => String(s.url).includes('tenant=demo'))).toBe(true);
  });
});

describe('files at rest', () => {
  it('creates the data folder, the database, its journal and the key files for their owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tds-modes-'));
    try {
      const running = await start({
        env: { PORT: '0', DATABASE_URL: `file:${join(dir, 'data', 'tds-bridge.db')}`, SIMULATORS: 'off' },
        quiet: true,
        buildPod: false,
        tickIntervalMs: 0,
      });
      await running.close();
      const data = join(dir, 'data');
      expect((statSync(data).mode & 0o777).toString(8)).toBe('700');
      const files = readdirSync(data);
      expect(files).toEqual(expect.arrayContaining(['tds-bridge.db', 'secrets.key', 'admin-token']));
      for (const file of files) expect((statSync(join(data, file)).mode & 0o777).toString(8), file).toBe('600');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
