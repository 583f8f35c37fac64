/**
 * Penpal v7 wire adapter: for our own host pages (the simulated screens) and any other host that runs Penpal.
 * Checks, context, events and the capped before-save answer live in core.ts, shared with cw-hosted.ts.
 */
import { CallOptions, connect, WindowMessenger } from 'penpal';
import { checkMemberAuthentication, createCore } from './core.ts';
import type { HostMethods, PodMethods } from './penpal-api.ts';
import { BridgeError, type ConnectOptions, type HostBridge } from './types.ts';

/** `https://*.myconnectwise.net` → a RegExp Penpal can check origins against. */
export function toPenpalOrigin(rule: string): string | RegExp {
  if (!rule.includes('*')) return rule;
  const escaped = rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\*\\.', '[a-z0-9-]+\\.');
  return new RegExp(`^${escaped}$`);
}

export async function connectPenpal(opts: ConnectOptions): Promise<HostBridge> {
  const core = createCore({ ...opts, transport: 'penpal', call: 'connect' });
  const { timeoutMs } = core;
  const methods: PodMethods = {
    onLoad: (screen) => core.loaded({ screen: screen.screen, id: screen.recordId, hostedAs: screen.hostedAs }),
    beforeSave: () => core.beforeSave(),
  };
  const connection = connect<HostMethods>({
    messenger: new WindowMessenger({
      remoteWindow: core.parent,
      allowedOrigins: core.allowedOrigins.map(toPenpalOrigin),
    }),
    methods,
    timeout: timeoutMs,
  });

  const call = async <T>(name: string, fn: (options: CallOptions) => Promise<T>): Promise<T> => {
    try {
      return await fn(new CallOptions({ timeout: timeoutMs }));
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

  const host = await connection.promise.catch((error: Error) => {
    throw new BridgeError(
      'bridge_timeout',
      'connect',
      `The host page did not complete the Penpal handshake within ${timeoutMs / 1000} s (${error.message}).`,
    );
  });
  const screen = await call('getContext', (o) => host.getContext(o));
  // The host's answer updates the context as a load event does (no listener is registered yet).
  core.loaded({ screen: screen.screen, id: screen.recordId, hostedAs: screen.hostedAs });

  return core.bridge({
    getMemberAuthentication: async () =>
      checkMemberAuthentication(await call('getMemberAuthentication', (o) => host.getMemberAuthentication(o))),
    refreshScreen: () => call('refreshScreen', (o) => host.refreshScreen(o)),
    setDirty: (dirty) => call('setDirty', (o) => host.setDirty(dirty, o)),
    openScreen: (args) => call('openScreen', (o) => host.openScreen(args, o)),
    destroy: () => connection.destroy(),
  });
}
