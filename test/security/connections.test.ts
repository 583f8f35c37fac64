/**
 * Finding 3 and parts of 7: a connection's secrets never follow a changed URL, internal addresses are
 * refused (literal and resolved, through an injected resolver: nothing is sent to them), test-connection
 * never relays another service's body, and connection and tenant fields are bounded and NUL-free.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const MARKER = 'INTERNAL-BODY-7f3a9c';
/** Names the injected resolver answers; anything else "does not resolve". */
const DNS: Record<string, string[]> = {
  'internal.example.com': ['10.1.2.3'],
  'rebind.example.com': ['127.0.0.1'],
  'public.example.com': ['93.184.215.14'],
};

let server: TestServer;
let foreign: Server;
let foreignUrl: string;
let foreignHits = 0;
beforeAll(async () => {
  server = await startTestServer({
    catalogSize: 100,
    env: { UPSTREAM_PRIVATE_ALLOWLIST: '10.9.0.0/16' },
    resolveHost: async (host) => {
      const found = DNS[host];
      if (!found) throw new Error(`ENOTFOUND ${host}`);
      return found;
    },
  });
  // A service on this machine that is not ConnectWise: what test-connection must not relay.
  foreign = createServer((req, res) => {
    foreignHits++;
    const body = req.url?.includes('json')
      ? JSON.stringify({ message: MARKER, secret: MARKER })
      : `<html><body>${MARKER} internal admin console</body></html>`;
    res.writeHead(req.url?.includes('json') ? 401 : 200, {
      'content-type': req.url?.includes('json') ? 'application/json' : 'text/html',
    });
    res.end(body);
  });
  await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', ok));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((done) => foreign?.close(() => done()));
  await server?.close();
});

const cwBody = (over: Record<string, unknown> = {}) => ({
  companyId: 'demo',
  publicKey: server.simulators!.cw.credentials.publicKey,
  clientId: CLIENT_ID,
  ...over,
});
const putCw = (tenant: string, body: unknown) =>
  server.api<{ error?: { code: string; message: string } }>(`/api/admin/tenants/${tenant}/connections/cw`, {
    method: 'PUT',
    admin: true,
    body: JSON.stringify(body),
  });

describe('connection URLs', () => {
  it('refuses a new apiUrl that comes without the private key', async () => {
    const res = await putCw(
      'demo',
      cwBody({ role: 'standby', apiUrl: `${foreignUrl}/v4_6_release/apis/3.0`, privateKey: 'standby-key' }),
    );
    expect(res.status).toBe(200);
    const moved = await putCw('demo', cwBody({ role: 'standby', apiUrl: `${foreignUrl}/json/v4_6_release/apis/3.0` }));
    expect(moved.status).toBe(400);
    expect(moved.body.error?.code).toBe('secrets_required_for_url_change');
  });

  it('refuses metadata, link-local and private addresses, literal or resolved, unless allowlisted', async () => {
    const refused = [
      'https://169.254.169.254/latest/meta-data',
      'http://169.254.169.254/',
      'https://10.0.0.5/v4_6_release/apis/3.0',
      'https://192.168.1.1/',
      'https://[fd00:ec2::254]/',
      'https://metadata.google.internal/',
      'https://internal.example.com/v4_6_release/apis/3.0',
      'https://rebind.example.com/v4_6_release/apis/3.0',
      'http://public.example.com/v4_6_release/apis/3.0',
      'ftp://public.example.com/',
    ];
    for (const apiUrl of refused) {
      const res = await putCw('demo', cwBody({ role: 'standby', apiUrl, privateKey: 'x' }));
      expect(res.status, apiUrl).toBe(400);
      expect(res.body.error?.code, apiUrl).toBe('url_not_allowed');
    }
    const allowed = await putCw(
      'demo',
      cwBody({ role: 'standby', apiUrl: 'https://10.9.1.1/v4_6_release/apis/3.0', privateKey: 'x' }),
    );
    expect(allowed.status).toBe(200);
    const unresolvable = await putCw(
      'demo',
      cwBody({ role: 'standby', apiUrl: 'https://nowhere.example.com/v4_6_release/apis/3.0', privateKey: 'x' }),
    );
    expect(unresolvable.status).toBe(200);
  });

  it('accepts ftps, sftp and (with a warning) ftp only for the price-file delivery', async () => {
    const tds = (priceFileUrl: string) =>
      server.api<{ error?: { code: string } }>('/api/admin/tenants/demo/connections/tds', {
        method: 'PUT',
        admin: true,
        body: JSON.stringify({
          role: 'standby',
          customerNo: '1',
          user: 'u',
          password: 'p',
          environment: 'sandbox',
          priceFileUrl,
        }),
      });
    for (const url of ['sftp://public.example.com/pf', 'ftps://public.example.com/pf', 'ftp://public.example.com/pf']) {
      expect((await tds(url)).status, url).toBe(200);
    }
    expect((await tds('ftp://10.0.0.5/pf')).status).toBe(400);
    expect((await tds('gopher://public.example.com/')).status).toBe(400);
  });

  it('holds the price-file delivery to the same rules: no internal address, and its password never follows a new URL', async () => {
    const put = (priceFile: Record<string, unknown>, password: string | undefined = 'p') =>
      server.api<{ error?: { code: string; details?: { missing?: string[] } } }>(
        '/api/admin/tenants/demo/connections/tds',
        {
          method: 'PUT',
          admin: true,
          body: JSON.stringify({
            role: 'standby',
            customerNo: '1',
            user: 'u',
            password,
            environment: 'sandbox',
            priceFile,
          }),
        },
      );
    expect((await put({ url: 'ftp://10.0.0.5/100001.ap', password: 'ftp-secret' })).body.error?.code).toBe(
      'url_not_allowed',
    );
    expect((await put({ categoriesUrl: 'ftp://x/', url: 'sftp://169.254.169.254/pf' })).status).toBe(400);

    expect((await put({ url: 'ftps://public.example.com/100001.ap', password: 'ftp-secret' })).status).toBe(200);
    // Same delivery, password left out: the stored one is kept.
    expect((await put({ url: 'ftps://public.example.com/100001.ap' })).status).toBe(200);
    // A new delivery address without the FTP password again: refused, naming what to send.
    const moved = await put({ url: 'ftps://elsewhere.example.com/100001.ap' });
    expect(moved.status).toBe(400);
    expect(moved.body.error?.code).toBe('secrets_required_for_url_change');
    expect(moved.body.error?.details?.missing).toEqual(['priceFile.password']);
    expect((await put({ url: 'ftps://elsewhere.example.com/100001.ap', password: 'new-ftp-secret' })).status).toBe(200);
  });

  it('test-connection does not relay the body of a service that is not ConnectWise', async () => {
    for (const path of ['/html', '/json']) {
      const saved = await putCw(
        'demo',
        cwBody({ role: 'standby', apiUrl: `${foreignUrl}${path}/v4_6_release/apis/3.0`, privateKey: 'x' }),
      );
      expect(saved.status).toBe(200);
      const tested = await server.api('/api/admin/tenants/demo/test-connection', {
        method: 'POST',
        admin: true,
        body: JSON.stringify({ system: 'cw', role: 'standby', timeoutMs: 5000 }),
      });
      expect(tested.status).toBe(200);
      expect(JSON.stringify(tested.body)).not.toContain(MARKER);
    }
    expect(foreignHits).toBeGreaterThan(0);
  });
});

describe('connection and tenant fields', () => {
  it('refuses NUL, control characters and 100,000-character strings', async () => {
    for (const publicKey of ['a\u0000b', 'x'.repeat(100_000), 'line\nbreak']) {
      const res = await putCw('demo', cwBody({ role: 'standby', publicKey, privateKey: 'x' }));
      expect(res.status).toBe(400);
    }
    const huge = await putCw('demo', cwBody({ role: 'standby', privateKey: 'k'.repeat(100_000) }));
    expect(huge.status).toBe(400);
    // Keys travel in an HTTP Basic header: a character btoa cannot take is a 400 now, not a 500 on first use.
    const cyrillic = await putCw('demo', cwBody({ role: 'standby', privateKey: 'ключ' }));
    expect(cyrillic.status).toBe(400);
  });

  it('accepts only https://host[:port] pod origins (no wildcard, scheme tricks or CSP injection)', async () => {
    const tenant = (podOrigins: string[], id: string) =>
      server.api<{ error?: { code: string } }>('/api/admin/tenants', {
        method: 'POST',
        admin: true,
        body: JSON.stringify({ id, name: 'X', cwSite: `https://${id}.example.com`, cwCompanyId: id, podOrigins }),
      });
    for (const origin of [
      'https://*',
      'data:',
      'https://x.com;script-src *',
      'javascript:alert(1)',
      'http://na.example.com',
      'https://x.com/path',
      "https://x.com 'unsafe-inline'",
    ]) {
      expect((await tenant([origin], 'po-bad')).status, origin).toBe(400);
    }
    expect(
      (await tenant(['https://na.myconnectwise.net', 'https://eu.myconnectwise.net:8443'], 'po-good')).status,
    ).toBe(201);
  });
});
