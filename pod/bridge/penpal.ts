/** Penpal v7 transport: for our own host pages (simulated screens) and any other host that runs Penpal. */
import { CallOptions, connect, WindowMessenger } from 'penpal';
import { checkMemberAuthentication } from './cw-hosted.ts';
import { framingOrigin, isOriginAllowed } from './origins.ts';
import type { HostMethods, PodMethods, ScreenObject } from './penpal-api.ts';
import {
  BridgeError,
  type BridgeEvents,
  type ConnectOptions,
  DEFAULT_TIMEOUT_MS,
  type HostBridge,
  type HostContext,
  normaliseScreen,
  parseRecordId,
  type SaveVerdict,
} from './types.ts';

/** `https://*.myconnectwise.net` → a RegExp Penpal can check origins against. */
function toPenpalOrigin(rule: string): string | RegExp {
  if (!rule.includes('*')) return rule;
  const escaped = rule
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace('\\*\\.', '[a-z0-9-]+\\.')
    .replace('*.', '[a-z0-9-]+\\.');
  return new RegExp(`^${escaped}$`);
}

export async function connectPenpal(opts: ConnectOptions): Promise<HostBridge> {
  const self = opts.self ?? window;
  const parent = opts.parent ?? self.parent;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (parent === self) {
    throw new BridgeError('bridge_not_framed', 'connect', 'The pod runs inside a host screen; open it from the host.');
  }
  const known = framingOrigin(self);
  if (known && !isOriginAllowed(known, opts.allowedOrigins)) {
    throw new BridgeError('bridge_origin_not_allowed', 'connect', `tds-bridge is not set up for ${known}.`);
  }
  const url = new URL(opts.url ?? self.location.href);
  const context: HostContext = {
    transport: 'penpal',
    screen: normaliseScreen(url.searchParams.get('screen')),
    recordId: parseRecordId(url.searchParams.get('id')),
    hostedAs: 'pod',
    hostOrigin: known ?? '',
  };
  const handlers: { [E in keyof BridgeEvents]: Set<BridgeEvents[E]> } = { load: new Set(), beforeSave: new Set() };
  const apply = (screen: ScreenObject) => {
    context.screen = normaliseScreen(screen.screen) || context.screen;
    context.recordId = parseRecordId(screen.recordId) ?? context.recordId;
    context.hostedAs = screen.hostedAs || context.hostedAs;
  };

  const methods: PodMethods = {
    onLoad(screen) {
      apply(screen);
      for (const handler of handlers.load) handler({ ...context });
    },
    async beforeSave(): Promise<SaveVerdict> {
      const verdicts = await Promise.all([...handlers.beforeSave].map((h) => Promise.resolve().then(h))).catch(
        () => [],
      );
      const errors = verdicts.flatMap((v) => (v.ok ? [] : v.errors));
      return errors.length ? { ok: false, errors } : { ok: true };
    },
  };

  const connection = connect<HostMethods>({
    messenger: new WindowMessenger({ remoteWindow: parent, allowedOrigins: opts.allowedOrigins.map(toPenpalOrigin) }),
    methods,
    timeout: timeoutMs,
  });

  const call = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const timedOut = (error as { code?: string }).code === 'METHOD_CALL_TIMEOUT';
      throw new BridgeError(
        timedOut ? 'bridge_timeout' : 'bridge_call_failed',
        name,
        timedOut
          ? `The host did not answer ${name} within ${timeoutMs / 1000} s.`
          : `The host could not ${name}: ${(error as Error).message}`,
      );
    }
  };
  const options = () => new CallOptions({ timeout: timeoutMs });

  const host = await connection.promise.catch((error: Error) => {
    throw new BridgeError(
      'bridge_timeout',
      'connect',
      `The host page did not complete the Penpal handshake within ${timeoutMs / 1000} s (${error.message}).`,
    );
  });
  apply(await call('getContext', () => host.getContext(options())));

  return {
    context,
    getMemberAuthentication: async () =>
      checkMemberAuthentication(await call('getMemberAuthentication', () => host.getMemberAuthentication(options()))),
    refreshScreen: () => call('refreshScreen', () => host.refreshScreen(options())),
    setDirty: (dirty) => call('setDirty', () => host.setDirty(dirty, options())),
    openScreen: (args) => call('openScreen', () => host.openScreen(args, options())),
    on(event, handler) {
      const set = handlers[event] as Set<typeof handler>;
      set.add(handler);
      return () => set.delete(handler);
    },
    destroy: () => connection.destroy(),
  };
}
