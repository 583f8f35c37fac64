/**
 * A tiny client written only from ConnectWise's public developer docs (Basic company+public:private, clientId
 * header, bare arrays, Link header paging, conditions, JSON-patch), pointed at /sim/cw unchanged. If the
 * simulator drifted from the docs towards our own client's habits, this is where it shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, type SimServer, serveSim } from './sim-server.ts';

let server: SimServer;
beforeAll(async () => {
  server = await serveSim();
});
afterAll(() => server.close());

function docsClient(site: string, company: string, publicKey: string, privateKey: string, clientId: string) {
  const headers = {
    Authorization: `Basic ${btoa(`${company}+${publicKey}:${privateKey}`)}`,
    clientId,
    Accept: 'application/vnd.connectwise.com+json; version=2019.1',
    'Content-Type': 'application/json',
  };
  const base = `${site}/v4_6_release/apis/3.0`;
  return {
    async getAll(resource: string, conditions?: string) {
      const out: Record<string, unknown>[] = [];
      let url: string | undefined =
        `${base}/${resource}?pageSize=50${conditions ? `&conditions=${encodeURIComponent(conditions)}` : ''}`;
      while (url) {
        const res: Response = await fetch(url, { headers });
        if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        out.push(...((await res.json()) as Record<string, unknown>[]));
        url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('Link') ?? '')?.[1];
      }
      return out;
    },
    async patch(resource: string, id: number, ops: unknown[]) {
      const res = await fetch(`${base}/${resource}/${id}`, { method: 'PATCH', headers, body: JSON.stringify(ops) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
  };
}

describe('an independent docs-based client against /sim/cw', () => {
  const client = () => docsClient(server.baseUrl, 'demo', 'demo-public-key', 'demo-private-key', CLIENT_ID);

  it('pages through the whole catalog by following rel="next"', async () => {
    const all = await client().getAll('procurement/catalog');
    const count = (await (
      await fetch(`${server.apiUrl}/procurement/catalog/count`, {
        headers: { Authorization: `Basic ${btoa('demo+demo-public-key:demo-private-key')}`, clientId: CLIENT_ID },
      })
    ).json()) as { count: number };
    expect(all).toHaveLength(count.count);
    expect(new Set(all.map((r) => r.id)).size).toBe(count.count);
  });
  it('filters with the documented conditions syntax', async () => {
    const open = await client().getAll('procurement/purchaseorders', 'status/name="Open" and closedFlag = false');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((po) => (po.status as { name: string }).name === 'Open')).toBe(true);
  });
  it('patches with a JSON-patch array as documented', async () => {
    const [po] = await client().getAll('procurement/purchaseorders', 'status/name="New"');
    const { status, body } = await client().patch('procurement/purchaseorders', po!.id as number, [
      { op: 'replace', path: 'vendorOrderNumber', value: 'SO-9912345' },
      { op: 'replace', path: 'status', value: { name: 'Open' } },
    ]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ vendorOrderNumber: 'SO-9912345', status: { name: 'Open' } });
  });
});
