import { describe, expect, it } from 'vitest';
import { connectCwHosted } from '../../../pod/bridge/cw-hosted.ts';
import type { HostBridge } from '../../../pod/bridge/types.ts';
import { framePair, hostSays, sentMatching, tick } from './fake-frames.ts';

const HOST = 'https://na.myconnectwise.net';
const auth = {
  site: `${HOST}/`,
  companyid: 'acme',
  memberid: 'jsmith',
  memberHash: '0000000a-aaaa-bbbb-cccc-dddddddddddd',
  memberContext: 'web',
};

/** Connects with a host that answers `ready` like ConnectWise. */
async function connected(opts: { timeoutMs?: number; beforeSaveBudgetMs?: number } = {}) {
  const { host, pod } = framePair(HOST);
  const bridge = connectCwHosted({
    allowedOrigins: ['https://*.myconnectwise.net'],
    self: pod as unknown as Window,
    timeoutMs: opts.timeoutMs ?? 200,
    beforeSaveBudgetMs: opts.beforeSaveBudgetMs,
  });
  await tick();
  expect(pod.sent[0]).toEqual({ message: { message: 'ready' }, targetOrigin: HOST });
  hostSays(host, pod, { MessageFrameID: 'frame-7' });
  return { host, pod, bridge: await bridge };
}

describe('ConnectWise Hosted API transport', () => {
  it('handshakes with ready → MessageFrameID and takes screen and record from the URL tokens', async () => {
    const { bridge } = await connected();
    expect(bridge.context).toMatchObject({ transport: 'cw', screen: 'opportunity', recordId: 812, hostOrigin: HOST });
  });

  it('asks for member authentication with hosted_request and reads the lower-cased response', async () => {
    const { host, pod, bridge } = await connected();
    const pending = bridge.getMemberAuthentication();
    await tick();
    expect(pod.sent.at(-1)?.message).toEqual({ hosted_request: 'getMemberAuthentication', frameID: 'frame-7' });
    hostSays(host, pod, { response: 'getmemberauthentication', data: auth });
    await expect(pending).resolves.toMatchObject({
      companyid: 'acme',
      memberid: 'jsmith',
      memberHash: auth.memberHash,
    });
  });

  it('names the call that timed out', async () => {
    const { bridge } = await connected({ timeoutMs: 30 });
    await expect(bridge.getMemberAuthentication()).rejects.toMatchObject({
      code: 'bridge_timeout',
      call: 'getMemberAuthentication',
      message: expect.stringContaining('getMemberAuthentication'),
    });
  });

  it('says which setting to check when the host never answers ready', async () => {
    const { pod } = framePair(HOST);
    await expect(
      connectCwHosted({ allowedOrigins: [HOST], self: pod as unknown as Window, timeoutMs: 40 }),
    ).rejects.toMatchObject({
      code: 'bridge_timeout',
      call: 'ready',
      message: expect.stringMatching(/Hosted API setup/),
    });
  });

  it('refuses to run inside a page whose origin is not allowed', async () => {
    const { pod } = framePair('https://evil.example.com');
    await expect(connectCwHosted({ allowedOrigins: [HOST], self: pod as unknown as Window })).rejects.toMatchObject({
      code: 'bridge_origin_not_allowed',
    });
  });

  it('ignores messages from other origins and other windows', async () => {
    const { host, pod, bridge } = await connected({ timeoutMs: 60 });
    const pending = bridge.getMemberAuthentication();
    const stranger = framePair('https://evil.example.com').host;
    hostSays(host, pod, { response: 'getmemberauthentication', data: { ...auth, memberid: 'mallory' } }, stranger);
    await tick();
    hostSays(host, pod, { response: 'getmemberauthentication', data: auth });
    await expect(pending).resolves.toMatchObject({ memberid: 'jsmith' });
  });

  it('always acknowledges events, so the host save never hangs', async () => {
    const { host, pod, bridge } = await connected();
    const acks = () => pod.sent.filter((s) => s.message.event).map((s) => s.message);

    hostSays(host, pod, { event: 'beforeSave', _id: '1' });
    await tick();
    expect(acks().at(-1)).toEqual({ event: 'beforeSave', _id: '1', result: 'success', frameID: 'frame-7' });

    const off = bridge.on('beforeSave', () => ({ ok: false, errors: ['Choose a warehouse first.'] }));
    hostSays(host, pod, { event: 'beforeSave', _id: '2' });
    await tick();
    expect(acks().at(-1)).toMatchObject({ _id: '2', result: 'failure', errors: ['Choose a warehouse first.'] });
    off();

    bridge.on('beforeSave', () => {
      throw new Error('bug in a handler');
    });
    hostSays(host, pod, { event: 'beforeSave', _id: '3' });
    await tick();
    expect(acks().at(-1)).toMatchObject({ _id: '3', result: 'success' });

    hostSays(host, pod, { event: 'beforeBack', _id: '4' });
    await tick();
    expect(acks().at(-1)).toMatchObject({ event: 'beforeBack', _id: '4', result: 'success' });
  });

  it('answers before-save within its budget even when a handler never settles (the save is not held)', async () => {
    const { host, pod, bridge } = await connected({ beforeSaveBudgetMs: 20 });
    bridge.on('beforeSave', () => new Promise(() => undefined));
    const ack = sentMatching(pod, (m) => m.event === 'beforeSave');
    hostSays(host, pod, { event: 'beforeSave', _id: '9' });
    await expect(ack).resolves.toMatchObject({ _id: '9', result: 'success' });
  });

  it('updates the context from onLoad and tells load listeners', async () => {
    const { host, pod, bridge } = await connected();
    const seen: HostBridge['context'][] = [];
    bridge.on('load', (ctx) => seen.push(ctx));
    hostSays(host, pod, {
      event: 'onLoad',
      _id: '9',
      data: { screenObject: { screen: 'PurchaseOrder', id: 3301, hostedAs: 'Pod' } },
    });
    await tick();
    expect(seen[0]).toMatchObject({ screen: 'purchaseorder', recordId: 3301, hostedAs: 'pod' });
    expect(pod.sent.at(-1)?.message).toMatchObject({ event: 'onLoad', _id: '9', result: 'success' });
  });

  it('sends refresh, dirty and open-screen requests with their arguments', async () => {
    const { pod, bridge } = await connected();
    await bridge.setDirty(true);
    await bridge.openScreen({ screen: 'ticket', id: 444 });
    await bridge.refreshScreen();
    expect(pod.sent.slice(-3).map((s) => s.message)).toEqual([
      { hosted_request: 'setDirty', args: { dirty: true }, frameID: 'frame-7' },
      { hosted_request: 'openScreen', args: { newTab: true, screen: 'ticket', id: 444 }, frameID: 'frame-7' },
      { hosted_request: 'refreshScreen', args: {}, frameID: 'frame-7' },
    ]);
  });
});
