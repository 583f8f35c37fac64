import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, startSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeAll(async () => {
  t = await startSim({ sizes: { catalogItems: 1300 } });
});
afterAll(() => t.close());

type Row = { id: number; identifier?: string };
const links = (res: Response) => {
  const out: Record<string, string> = {};
  for (const part of (res.headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const m = /<([^>]+)>; rel="(\w+)"/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
};

describe('navigable paging', () => {
  it('returns a bare array of 25 by default with next and last links only on the first page', async () => {
    const res = await t.call('procurement/catalog');
    const body = (await res.json()) as Row[];
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(25);
    const l = links(res);
    expect(Object.keys(l).sort()).toEqual(['last', 'next']);
    expect(l.next).toBe(`${BASE}/v4_6_release/apis/3.0/procurement/catalog?pageSize=25&page=2`);
    expect(l.last).toBe(`${BASE}/v4_6_release/apis/3.0/procurement/catalog?pageSize=25&page=52`);
  });
  it('keeps conditions in the links and gives first, prev and last (no next) on the last page (Link always carries last: amp-labs/connectors captures)', async () => {
    const res = await t.call('procurement/catalog?conditions=inactiveFlag%3Dfalse&pageSize=500&page=3');
    const body = (await res.json()) as Row[];
    expect(body).toHaveLength(300);
    const l = links(res);
    expect(Object.keys(l).sort()).toEqual(['first', 'last', 'prev']);
    expect(l.last).toContain('page=3');
    expect(l.prev).toBe(
      `${BASE}/v4_6_release/apis/3.0/procurement/catalog?conditions=inactiveFlag%3Dfalse&pageSize=500&page=2`,
    );
  });
  it('returns an empty array and no next link past the end', async () => {
    const res = await t.call('procurement/catalog?pageSize=1000&page=9');
    expect(await res.json()).toEqual([]);
    expect(links(res).next).toBeUndefined();
  });
  it('links only last when everything fits on one page (Link always carries last)', async () => {
    const res = await t.call('procurement/purchaseorderstatuses');
    expect(Object.keys(links(res))).toEqual(['last']);
    expect(links(res).last).toContain('page=1');
  });
  it('accepts pageSize 1000 and refuses 1001 with InvalidObject OutOfRange', async () => {
    expect(((await (await t.call('procurement/catalog?pageSize=1000')).json()) as Row[]).length).toBe(1000);
    const res = await t.call('procurement/catalog?pageSize=1001');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'InvalidObject',
      message: 'pageSize object is invalid',
      errors: [
        {
          code: 'OutOfRange',
          message: 'The field pageSize must be between 1 and 1000.',
          resource: 'pageSize',
          field: 'pageSize',
        },
      ],
    });
    expect((await t.call('procurement/catalog?pageSize=0')).status).toBe(400);
  });
  it('counts with the same conditions', async () => {
    expect(await t.json('procurement/catalog/count')).toEqual({ count: 1300 });
    const services = await t.json<{ count: number }>(
      'procurement/catalog/count?conditions=productClass%3D%22Service%22',
    );
    expect(services.count).toBe(7);
  });
});

describe('forward-only paging', () => {
  const fo = { headers: { 'pagination-type': 'forward-only' } };
  it('walks ids upward from pageId and links the next pageId while pages are full', async () => {
    const seen: number[] = [];
    let url = 'procurement/catalog?pageSize=1000';
    for (let guard = 0; guard < 5; guard++) {
      const res = await t.call(url, fo);
      const page = (await res.json()) as Row[];
      seen.push(...page.map((r) => r.id));
      const next = links(res).next;
      if (!next) break;
      expect(next).toContain(`pageId=${page.at(-1)!.id}`);
      url = next.replace(BASE, '');
    }
    expect(seen).toHaveLength(1300);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
  it('links a full last page to an empty one (no look-ahead) and always sends Link, empty after a short page (PSmod Invoke-CWMAllResult tests its presence)', async () => {
    const all = await t.json<{ count: number }>('procurement/purchaseorderstatuses/count');
    const first = await t.call(`procurement/purchaseorderstatuses?pageSize=${all.count}`, fo);
    const next = links(first).next!;
    expect(next).toBeDefined();
    const empty = await t.call(next.replace(BASE, ''), fo);
    expect(await empty.json()).toEqual([]);
    expect(empty.headers.get('link')).toBe('');
    const short = await t.call(`procurement/purchaseorderstatuses?pageSize=${all.count + 1}`, fo);
    expect(((await short.json()) as Row[]).length).toBe(all.count);
    expect(short.headers.get('link')).toBe('');
  });
  it('refuses orderBy in forward-only mode', async () => {
    const res = await t.call('procurement/catalog?orderBy=identifier%20asc', fo);
    expect(res.status).toBe(400);
  });
});
