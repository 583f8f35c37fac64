/**
 * Every link the product prints or shows works: the start banner's URLs and every link and form on the landing
 * tour are followed against a real server. Public pages answer 2xx; a protected page leads to its sign-in; the
 * tour's forms (break TD SYNNEX, mend it) do what they say, from the page's own origin only.
 */
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../../server/entry/node.ts';
import { DEMO_TDS_PURCHASE_ORDERS } from '../../../sim/data/cw-seed.ts';
import { DEMO_FTP } from '../../../sim/tds/account.ts';
import { noDnsInTests, startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
const banner: string[] = [];

beforeAll(async () => {
  server = await startTestServer({
    quiet: false,
    log: (line) => banner.push(line),
    catalogSize: 2000,
    // The order demo's purchase orders, as `npm start` seeds them: the tour then lists Send to TDS and the badge.
    cwSizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS },
    // The banner prints the pod's URL: it must answer, so the pod is built when dist/ lacks it.
    buildPod: true,
  });
});
afterAll(async () => {
  await server?.close();
});

/** Follows redirects by hand (at most 5) so each hop is checked; answers the last status, URL and body. */
async function follow(url: string, init: RequestInit = {}): Promise<{ status: number; url: string; body: string }> {
  let current = url;
  let response = await fetch(current, { ...init, redirect: 'manual' });
  for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 5; hops++) {
    const location = response.headers.get('location');
    expect(location, `${current} redirects somewhere`).toBeTruthy();
    await response.body?.cancel();
    current = new URL(location ?? '', current).toString();
    response = await fetch(current, { redirect: 'manual' });
  }
  return { status: response.status, url: current, body: await response.text() };
}

/** Protected pages may answer 401/403 only with a sign-in form; everything else must be 2xx. */
function expectWorks(page: { status: number; url: string; body: string }) {
  if (page.status === 401 || page.status === 403) {
    expect(page.body, `${page.url} (${page.status}) offers a sign-in`).toMatch(/sign[ -]in/i);
    return;
  }
  expect(page.status, `${page.url} answers`).toBeGreaterThanOrEqual(200);
  expect(page.status, `${page.url} answers`).toBeLessThan(300);
}

function linksIn(html: string, base: string): { gets: string[]; forms: Array<{ action: string; fields: string }> } {
  const gets = [...html.matchAll(/<a\b[^>]*\bhref="([^"#]+)(?:#[^"]*)?"/g)].map((m) =>
    new URL((m[1] ?? '').replaceAll('&amp;', '&'), base).toString(),
  );
  const forms = [...html.matchAll(/<form\b[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map(
    (m) => ({
      action: new URL(m[1] ?? '', base).toString(),
      fields: new URLSearchParams(
        [...(m[2] ?? '').matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((f) => [
          f[1] ?? '',
          f[2] ?? '',
        ]),
      ).toString(),
    }),
  );
  return { gets: [...new Set(gets)], forms };
}

describe('the start banner', () => {
  it('prints only URLs that answer', async () => {
    const urls = banner.flatMap((line) => [...line.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]));
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) expectWorks(await follow(url));
  });

  it("prints the price file's FTP address, which serves the file to the login it names", async () => {
    const line = banner.find((l) => l.includes('ftp://')) ?? '';
    const address = new URL(line.match(/ftp:\/\/\S+/)?.[0] ?? 'ftp://missing');
    expect(line).toContain(`user ${DEMO_FTP.user}`);
    const client = new Client(10_000);
    try {
      await client.access({ host: address.hostname, port: Number(address.port), ...DEMO_FTP });
      expect((await client.list()).map((f) => f.name)).toContain('100001.ap');
    } finally {
      client.close();
    }
  });

  it('sends a newcomer to the tour, and the simulator links to their pages', async () => {
    const start = banner.find((line) => line.includes('Start here'));
    expect(start).toContain(`${server.screensUrl}/`);
    const sims = banner.find((line) => line.includes('Simulators')) ?? '';
    for (const path of ['/sim/cw/', '/sim/tds/']) {
      const url = sims.match(new RegExp(`https?://\\S+${path}`))?.[0];
      expect(url, path).toBeTruthy();
      const page = await follow(url ?? '');
      expect(page.body).toContain('Faults');
      expect(page.body).toContain('Reset this simulator');
    }
  });
});

describe('the landing tour', () => {
  it('follows every link on the page, and every script and stylesheet the linked pages load', async () => {
    const landing = await follow(`${server.screensUrl}/`);
    expectWorks(landing);
    const { gets } = linksIn(landing.body, landing.url);
    expect(gets.length).toBeGreaterThan(10);
    const resources = new Set<string>();
    for (const url of gets) {
      const linked = await follow(url);
      expectWorks(linked);
      for (const m of linked.body.matchAll(/<(?:script\b[^>]*\bsrc|link\b[^>]*\bhref)="([^"]+)"/g)) {
        resources.add(new URL((m[1] ?? '').replaceAll('&amp;', '&'), linked.url).toString());
      }
    }
    // The console's own chunks included (/console-assets once answered 404, leaving the console blank).
    expect([...resources].some((r) => r.includes('/console-assets/'))).toBe(true);
    for (const url of resources) expect((await follow(url)).status, url).toBe(200);
  });

  it('lists the API reference, the simulators and health', async () => {
    const { body } = await follow(`${server.screensUrl}/`);
    for (const href of ['/api/reference', '/api/health', '/sim/cw/', '/sim/tds/'])
      expect(body).toContain(`href="${href}"`);
  });

  it('lists every /api route of the running server on the API reference, and where the admin OpenAPI is', async () => {
    const { status, body } = await follow(`${server.url}/api/reference`);
    expect(status).toBe(200);
    for (const route of ['/api/health', '/api/session', '/api/admin/tenants/:tenantId/test-connection']) {
      expect(body).toContain(`<code>${route}</code>`);
    }
    expect(body).toContain('/api/admin/openapi.json');
    expect(body).not.toContain('/sim/');
  });

  it("breaks TD SYNNEX from the tour's button and mends it, back on the tour", async () => {
    const landing = await follow(`${server.screensUrl}/`);
    const { forms } = linksIn(landing.body, landing.url);
    const breakIt = forms.find((f) => f.fields.includes('fault=credentials'));
    const mendIt = forms.find((f) => f.action.endsWith('/clear-faults'));
    expect(breakIt && mendIt).toBeTruthy();
    const post = (form: { action: string; fields: string }) =>
      follow(form.action, {
        method: 'POST',
        body: form.fields,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.screensUrl },
      });

    const broken = await post(breakIt ?? { action: '', fields: '' });
    expect(broken.status).toBe(200);
    expect(new URL(broken.url).pathname).toBe('/');
    expect(broken.body).toContain('TD SYNNEX now refuses');
    expect(server.simulators?.tds.faults.config.expiredCredentials).toBe(true);
    const test = await server.api<{ ok: boolean }>('/api/admin/tenants/demo/test-connection', {
      method: 'POST',
      admin: true,
    });
    expect(JSON.stringify(test.body)).toMatch(/td ?synnex/i);

    const mended = await post(mendIt ?? { action: '', fields: '' });
    expect(mended.body).toContain('TD SYNNEX answers normally again');
    expect(server.simulators?.tds.faults.config.expiredCredentials).toBeFalsy();
  });

  it("refuses the tour's fault button from another site", async () => {
    const response = await fetch(`${server.screensUrl}/sim/tds/_sim/form/fault`, {
      method: 'POST',
      body: 'fault=credentials&return=tour',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(server.simulators?.tds.faults.config.expiredCredentials).toBeFalsy();
  });
});

describe('the landing page without simulators', () => {
  it('lists no demo task and no simulator link, and every link it shows works', async () => {
    const live = await start({
      quiet: true,
      buildPod: false,
      tickIntervalMs: 0,
      resolveHost: noDnsInTests,
      env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'off' },
    });
    try {
      const landing = await follow(`${live.url}/`);
      expectWorks(landing);
      expect(landing.body).toContain('The simulators are off');
      expect(landing.body).not.toContain('/sim/');
      expect(landing.body).not.toContain('class="task"');
      for (const url of linksIn(landing.body, landing.url).gets) expectWorks(await follow(url));
    } finally {
      await live.close();
    }
  });
});
