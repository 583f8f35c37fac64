import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen, startSim, type TestSim } from './helpers.ts';

interface Received {
  url: string;
  body: string;
  signature: string | null;
}

let t: TestSim;
let receiver: Awaited<ReturnType<typeof listen>>;
let received: Received[];
let statuses: number[];

beforeEach(async () => {
  received = [];
  statuses = [];
  receiver = await listen(async (req) => {
    received.push({ url: req.url, body: await req.text(), signature: req.headers.get('x-content-signature') });
    return new Response(null, { status: statuses.shift() ?? 200 });
  });
  t = await startSim({ callbackRetryDelaysMs: [20, 40] });
});
afterEach(async () => {
  await t.close();
  await receiver.close();
});

type Row = Record<string, unknown> & { id: number };
const register = (json: Record<string, unknown>) => t.call('system/callbacks', { method: 'POST', json });
const poCallback = () =>
  register({
    url: `${receiver.url}/cw/callback`,
    type: 'PurchaseOrder',
    level: 'Owner',
    objectId: 1,
    description: 'tds-bridge',
  });
const touchPo = async () => {
  const po = (await t.json<Row[]>('procurement/purchaseorders?pageSize=1'))[0]!;
  await t.call(`procurement/purchaseorders/${po.id}`, {
    method: 'PATCH',
    json: [{ op: 'replace', path: 'vendorOrderNumber', value: 'SO-1' }],
  });
  await t.sim.flushCallbacks();
  return po;
};

/** Independent implementation of ConnectWise's documented signature, with node:crypto. */
function expectedSignature(signingKey: string, rawBody: string): string {
  const key = createHash('sha256').update(signingKey, 'utf8').digest();
  return createHmac('sha256', key).update(Buffer.from(rawBody, 'utf8')).digest('base64');
}

describe('callback registration', () => {
  it('registers with the caller as member and refuses a duplicate with ObjectExists', async () => {
    const first = await poCallback();
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      type: 'PurchaseOrder',
      level: 'Owner',
      memberId: expect.any(Number),
      inactiveFlag: false,
    });
    const again = await poCallback();
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      code: 'InvalidObject',
      errors: [expect.objectContaining({ code: 'ObjectExists' })],
    });
  });
  it('refuses unknown types and relative urls', async () => {
    const res = await register({ url: '/relative', type: 'Spaceship', level: 'Owner' });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { errors: Row[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['type', 'url']));
  });
});

describe('callback delivery', () => {
  it('POSTs the documented payload with recordId and action appended and a verifiable signature', async () => {
    await poCallback();
    const po = await touchPo();
    expect(received).toHaveLength(1);
    const { url, body, signature } = received[0]!;
    expect(url).toBe(`${receiver.url}/cw/callback?recordId=${po.id}&action=updated`);
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      FromUrl: 'sim.test',
      CompanyId: 'demo',
      MemberId: 'tds-api',
      Action: 'updated',
      Type: 'purchaseorder',
      ID: po.id,
      CallbackObjectRecId: expect.any(Number),
      Metadata: { key_url: expect.stringContaining('//system/callbackkey/index.rails?companyName=demo&id=') },
    });
    expect(JSON.parse(payload.Entity)).toMatchObject({ id: po.id, vendorOrderNumber: 'SO-1' });
    const keyRes = await t.sim.app.request(
      new URL(payload.Metadata.key_url).pathname + new URL(payload.Metadata.key_url).search,
    );
    const { signing_key } = (await keyRes.json()) as { signing_key: string };
    expect(signature).toBe(expectedSignature(signing_key, body));
    expect(signature).not.toBe(expectedSignature(`${signing_key}x`, body));
  });
  it('sends Entity null on delete and honours a URL ending in "="', async () => {
    await t.call('system/callbacks', {
      method: 'POST',
      json: { url: `${receiver.url}/hook?id=`, type: 'ProductCatalog', level: 'Owner' },
    });
    const made = (await (
      await t.call('procurement/catalog', {
        method: 'POST',
        json: {
          identifier: 'DEL-1',
          description: 'x',
          customerDescription: 'x',
          subcategory: { id: 1 },
          type: { id: 1 },
        },
      })
    ).json()) as Row;
    await t.call(`procurement/catalog/${made.id}`, { method: 'DELETE' });
    await t.sim.flushCallbacks();
    expect(received.map((r) => r.url)).toEqual([
      `${receiver.url}/hook?id=${made.id}&action=added`,
      `${receiver.url}/hook?id=${made.id}&action=deleted`,
    ]);
    expect(JSON.parse(received[1]!.body)).toMatchObject({ Action: 'deleted', Entity: null });
  });
  it('retries on 404, 409, 419 and 429, twice at most', async () => {
    await poCallback();
    for (const status of [404, 409, 419, 429]) {
      received = [];
      statuses = [status, 200];
      await touchPo();
      expect(received.map(() => 1)).toEqual([1, 1]);
    }
    received = [];
    statuses = [429, 429, 429, 429];
    await touchPo();
    expect(received).toHaveLength(3);
    const log = (await t.json<Row[]>('/_sim/callbacks/deliveries')).at(-1)!;
    expect(log).toMatchObject({ outcome: 'failed', attempts: [{ status: 429 }, { status: 429 }, { status: 429 }] });
  });
  it('does not retry a 500', async () => {
    await poCallback();
    statuses = [500];
    await touchPo();
    expect(received).toHaveLength(1);
  });
  it('skips inactive entries and changes by the registering member when self-suppressed', async () => {
    await register({ url: `${receiver.url}/a`, type: 'PurchaseOrder', level: 'Owner', inactiveFlag: true });
    await register({ url: `${receiver.url}/b`, type: 'PurchaseOrder', level: 'Owner', isSelfSuppressedFlag: true });
    await touchPo();
    expect(received).toEqual([]);
  });
  it('matches Status-level entries only for records in that status', async () => {
    const open = (await t.json<Row[]>('procurement/purchaseorderstatuses?conditions=name%3D%22Open%22'))[0]!;
    await register({ url: `${receiver.url}/open`, type: 'PurchaseOrder', level: 'Status', objectId: open.id });
    await touchPo(); // the first PO is New
    expect(received).toEqual([]);
    const po = (await t.json<Row[]>('procurement/purchaseorders?conditions=status/name%3D%22Open%22&pageSize=1'))[0]!;
    await t.call(`procurement/purchaseorders/${po.id}`, {
      method: 'PATCH',
      json: [{ op: 'replace', path: 'trackingNumber', value: 'T' }],
    });
    await t.sim.flushCallbacks();
    expect(received).toHaveLength(1);
  });
  it('signs with a new key after rotation while the old key_url still answers', async () => {
    await poCallback();
    await touchPo();
    const oldKeyUrl = JSON.parse(received[0]!.body).Metadata.key_url as string;
    await t.call('/_sim/callbacks/rotate-key', { method: 'POST' });
    await touchPo();
    const newKeyUrl = JSON.parse(received[1]!.body).Metadata.key_url as string;
    expect(newKeyUrl).not.toBe(oldKeyUrl);
    const path = (u: string) => new URL(u).pathname + new URL(u).search;
    expect((await t.sim.app.request(path(oldKeyUrl))).status).toBe(200);
  });
});
