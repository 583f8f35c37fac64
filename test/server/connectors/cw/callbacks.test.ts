import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CW_CLOUD_KEY_URL_ORIGINS,
  CwCallbackVerifier,
  computeCallbackSignature,
  isTrustedKeyUrl,
} from '../../../../server/connectors/cw/index.ts';
import { UpstreamError } from '../../../../server/connectors/upstream-error.ts';
import { listen } from '../../../sim/cw/helpers.ts';
import { CLIENT_ID, type SimServer, serveSim } from './sim-server.ts';

let server: SimServer;
let receiver: Awaited<ReturnType<typeof listen>>;
const deliveries: { body: Uint8Array; signature: string | null }[] = [];

beforeAll(async () => {
  receiver = await listen(async (req) => {
    deliveries.push({
      body: new Uint8Array(await req.arrayBuffer()),
      signature: req.headers.get('x-content-signature'),
    });
    return new Response(null, { status: 204 });
  });
  server = await serveSim();
  const headers = {
    Authorization: `Basic ${btoa('demo+demo-public-key:demo-private-key')}`,
    clientId: CLIENT_ID,
    'content-type': 'application/json',
  };
  await fetch(`${server.apiUrl}/system/callbacks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: `${receiver.url}/cb`, type: 'Ticket', level: 'Owner', objectId: 1 }),
  });
  await fetch(`${server.apiUrl}/service/tickets/5001`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify([{ op: 'replace', path: 'summary', value: 'Ordered the replacement' }]),
  });
  await server.sim.flushCallbacks();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const errorCode = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof UpstreamError ? e.code : String(e)),
  );

describe('CwCallbackVerifier', () => {
  it('accepts a simulator delivery when the simulator origin is trusted, over the raw bytes', async () => {
    const verifier = new CwCallbackVerifier({ trustedKeyUrlOrigins: [...CW_CLOUD_KEY_URL_ORIGINS, server.origin] });
    const { body, signature } = deliveries[0]!;
    const payload = await verifier.verify(body, signature);
    expect(payload).toMatchObject({ Type: 'ticket', Action: 'updated', ID: 5001 });
    expect(JSON.parse(payload.Entity!)).toMatchObject({ summary: 'Ordered the replacement' });
  });
  it('refuses a tampered body or a missing signature', async () => {
    const verifier = new CwCallbackVerifier({ trustedKeyUrlOrigins: [server.origin] });
    const { body, signature } = deliveries[0]!;
    const tampered = new TextEncoder().encode(new TextDecoder().decode(body).replace('Ordered', 'Cancelled'));
    expect(await errorCode(verifier.verify(tampered, signature))).toBe('cw_callback_invalid');
    expect(await errorCode(verifier.verify(body, null))).toBe('cw_callback_invalid');
  });
  it('refuses to fetch a key_url from an untrusted host', async () => {
    const verifier = new CwCallbackVerifier();
    const { body, signature } = deliveries[0]!;
    expect(await errorCode(verifier.verify(body, signature))).toBe('cw_untrusted_key_url');
  });
  it('matches wildcard cloud hosts by scheme, host suffix and port', () => {
    expect(
      isTrustedKeyUrl(
        'https://api-na.myconnectwise.net/v2025_1//system/callbackkey/index.rails?id=1',
        CW_CLOUD_KEY_URL_ORIGINS,
      ),
    ).toBe(true);
    expect(isTrustedKeyUrl('http://na.myconnectwise.net/x', CW_CLOUD_KEY_URL_ORIGINS)).toBe(false);
    expect(isTrustedKeyUrl('https://myconnectwise.net.evil.com/x', CW_CLOUD_KEY_URL_ORIGINS)).toBe(false);
    expect(isTrustedKeyUrl('http://127.0.0.1:8787/sim/cw/x', ['http://127.0.0.1:8787'])).toBe(true);
    expect(isTrustedKeyUrl('http://127.0.0.1:9999/sim/cw/x', ['http://127.0.0.1:8787'])).toBe(false);
  });
  it('trusts a key_url on another ConnectWise host than the API (sandbox-na vs na, amp-labs/connectors captures)', () => {
    const keyUrl =
      'https://sandbox-na.myconnectwise.net/v2025_1//system/callbackkey/index.rails?companyName=myCompany&id=89966c04';
    expect(isTrustedKeyUrl(keyUrl, CW_CLOUD_KEY_URL_ORIGINS)).toBe(true);
  });
  it('computes the documented signature (known vector from node:crypto)', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    const key = createHash('sha256').update('secret').digest();
    const expected = createHmac('sha256', key).update('{"a":1}').digest('base64');
    expect(await computeCallbackSignature('secret', '{"a":1}')).toBe(expected);
  });
});
