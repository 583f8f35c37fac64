/** Callback signatures: a real simulator delivery verifies over its raw bytes; the documented vector holds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeyCache, signatureMatches } from '../../../../server/callbacks/signing-keys.ts';
import { checkKeyUrl, trustedKeyOrigins } from '../../../../server/callbacks/trust.ts';
import { computeCallbackSignature } from '../../../../server/connectors/cw/index.ts';
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

describe('ConnectWise callback signatures', () => {
  it('verifies a simulator delivery over its raw bytes with the key from its key URL, and not a tampered one', async () => {
    const { body, signature } = deliveries[0]!;
    const payload = JSON.parse(new TextDecoder().decode(body));
    expect(payload).toMatchObject({ Type: 'ticket', Action: 'updated', ID: 5001 });
    const trusted = trustedKeyOrigins({
      tenant: { cwSite: server.origin, cwCompanyId: 'demo', callbackKeyHosts: null },
      connectionUrls: [server.apiUrl],
      serverOrigin: server.origin,
      simulatorTenant: true,
    });
    const checked = checkKeyUrl(payload.Metadata.key_url, trusted, 'demo');
    if (!checked.ok) throw new Error(checked.why);
    const keys = new SigningKeyCache({ fetch: globalThis.fetch, now: () => 0 });
    const key = await keys.fetch(checked.key, CLIENT_ID);
    expect(keys.cached(checked.key)).toBe(key);
    expect(await signatureMatches(key, body, signature!)).toBe(true);
    const tampered = new TextEncoder().encode(new TextDecoder().decode(body).replace('Ordered', 'Cancelled'));
    expect(await signatureMatches(key, tampered, signature!)).toBe(false);
  });

  it('computes the documented signature (known vector from node:crypto)', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    const key = createHash('sha256').update('secret').digest();
    const expected = createHmac('sha256', key).update('{"a":1}').digest('base64');
    expect(await computeCallbackSignature('secret', '{"a":1}')).toBe(expected);
  });
});
