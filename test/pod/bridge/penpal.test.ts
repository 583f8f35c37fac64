/**
 * The Penpal transport against a real Penpal host (the library's own WindowMessenger, as the simulated screens
 * use it), over two fake windows: Penpal listens on the global `window`, so a small bus delivers each posted
 * message there with its source, origin and transferred MessagePorts, as a browser does.
 */
import { connect, WindowMessenger } from 'penpal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectPenpal, toPenpalOrigin } from '../../../pod/bridge/penpal.ts';
import type { HostMethods } from '../../../pod/bridge/penpal-api.ts';
import type { HostBridge, SaveVerdict } from '../../../pod/bridge/types.ts';

const HOST = 'https://na.myconnectwise.net';
const POD = 'https://bridge.example.com';
const auth = {
  site: `${HOST}/`,
  companyid: 'acme',
  memberid: 'jsmith',
  memberHash: '0000000a-aaaa-bbbb-cccc-dddddddddddd',
  memberContext: 'web',
};

type MessageListener = (event: { source: unknown; origin: string; data: unknown; ports: MessagePort[] }) => void;
const listeners = new Set<MessageListener>();

class BusWindow {
  other?: BusWindow;
  location: { href: string; ancestorOrigins?: string[] };
  parent: BusWindow = this;
  constructor(
    readonly origin: string,
    href: string,
  ) {
    this.location = { href };
  }
  /** Called on the receiving window; the sender is the other one. Dropped when the target origin differs. */
  postMessage(data: unknown, options: { targetOrigin?: string; transfer?: unknown[] } | string) {
    const targetOrigin = typeof options === 'string' ? options : (options.targetOrigin ?? '/');
    if (targetOrigin !== '*' && targetOrigin !== this.origin) return;
    const ports = typeof options === 'string' ? [] : ((options.transfer ?? []) as MessagePort[]);
    const event = { source: this.other, origin: this.other?.origin ?? 'null', data: structuredClone(data), ports };
    setTimeout(() => {
      for (const fn of listeners) fn(event);
    }, 0);
  }
  addEventListener() {}
  removeEventListener() {}
}

/** The fake stands in for a browser window (only what Penpal and the bridge touch). */
const asWindow = (w: object): Window => w as Window;

let hostWindow: BusWindow;
let podWindow: BusWindow;
let bridge: HostBridge | undefined;
let hostConnection: { destroy(): void } | undefined;
const saves: Array<() => Promise<SaveVerdict>> = [];

beforeEach(() => {
  hostWindow = new BusWindow(HOST, `${HOST}/v4_6_release/ConnectWise.aspx`);
  podWindow = new BusWindow(POD, `${POD}/pod/?host=penpal&screen=opportunity&id=812`);
  hostWindow.other = podWindow;
  podWindow.other = hostWindow;
  podWindow.parent = hostWindow;
  podWindow.location.ancestorOrigins = [HOST];
  Object.assign(globalThis, {
    window: {
      origin: POD,
      setTimeout,
      clearTimeout,
      addEventListener: (_type: string, fn: MessageListener) => listeners.add(fn),
      removeEventListener: (_type: string, fn: MessageListener) => listeners.delete(fn),
    },
  });
});
afterEach(() => {
  bridge?.destroy();
  hostConnection?.destroy();
  bridge = undefined;
  listeners.clear();
  saves.length = 0;
});

/** The host side, as the simulated ConnectWise screen plays it over Penpal. */
function startHost(overrides: Partial<HostMethods> = {}) {
  const methods: HostMethods = {
    getContext: () => ({ screen: 'Opportunity', recordId: 812, hostedAs: 'Tab' }),
    getMemberAuthentication: () => auth,
    refreshScreen: () => undefined,
    setDirty: () => undefined,
    openScreen: () => undefined,
    ...overrides,
  };
  const connection = connect<{ onLoad(screen: unknown): void; beforeSave(): SaveVerdict }>({
    messenger: new WindowMessenger({ remoteWindow: asWindow(podWindow), allowedOrigins: [POD] }),
    methods,
    timeout: 2_000,
  });
  hostConnection = connection;
  saves.push(async () => (await connection.promise).beforeSave());
  return connection;
}

const connectPod = (opts: { allowed?: string[]; beforeSaveBudgetMs?: number } = {}) =>
  connectPenpal({
    allowedOrigins: opts.allowed ?? ['https://*.myconnectwise.net'],
    self: asWindow(podWindow),
    timeoutMs: 2_000,
    beforeSaveBudgetMs: opts.beforeSaveBudgetMs,
  });

describe('Penpal transport', () => {
  it('connects, takes the screen from the host and passes on the member authentication', async () => {
    startHost();
    bridge = await connectPod();
    expect(bridge.context).toMatchObject({
      transport: 'penpal',
      screen: 'opportunity',
      recordId: 812,
      hostedAs: 'tab',
    });
    await expect(bridge.getMemberAuthentication()).resolves.toMatchObject({ memberid: 'jsmith', memberContext: 'web' });
  });

  it('answers the host before-save with the handlers’ verdict, and within its budget when one never settles', async () => {
    startHost();
    bridge = await connectPod({ beforeSaveBudgetMs: 20 });
    const save = saves[0] as () => Promise<SaveVerdict>;
    await expect(save()).resolves.toEqual({ ok: true });
    const off = bridge.on('beforeSave', () => ({ ok: false, errors: ['Choose a warehouse first.'] }));
    await expect(save()).resolves.toEqual({ ok: false, errors: ['Choose a warehouse first.'] });
    off();
    bridge.on('beforeSave', () => new Promise<SaveVerdict>(() => undefined));
    await expect(save()).resolves.toEqual({ ok: true });
  });

  it('refuses a member authentication that lacks the member hash, naming the call', async () => {
    startHost({ getMemberAuthentication: () => ({ ...auth, memberHash: '' }) });
    bridge = await connectPod();
    await expect(bridge.getMemberAuthentication()).rejects.toMatchObject({
      code: 'bridge_call_failed',
      call: 'getMemberAuthentication',
    });
  });

  it('refuses to run inside a page whose origin is not allowed, before any message', async () => {
    await expect(connectPod({ allowed: ['https://*.example.org'] })).rejects.toMatchObject({
      code: 'bridge_origin_not_allowed',
      call: 'connect',
    });
    expect(listeners.size).toBe(0);
  });

  it('turns ConnectWise wildcard origins into patterns that match only that domain', () => {
    const rule = toPenpalOrigin('https://*.myconnectwise.net') as RegExp;
    expect(rule.test('https://na.myconnectwise.net')).toBe(true);
    expect(rule.test('https://evil.example/.myconnectwise.net')).toBe(false);
    expect(rule.test('http://na.myconnectwise.net')).toBe(false);
    expect(toPenpalOrigin(HOST)).toBe(HOST);
  });
});
