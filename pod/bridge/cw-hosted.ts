/**
 * ConnectWise Hosted API wire adapter, speaking the host's real protocol (ConnectWiseHostedAPI.1.0.js):
 * JSON-string messages; `{"message":"ready"}` → `{"MessageFrameID"}` echoed as `frameID`; `hosted_request`
 * calls answered under a lower-cased `response`; `onLoad`/`beforeSave` events that are ALWAYS acknowledged,
 * because ConnectWise holds its save until the pod answers. Checks, context and events live in core.ts.
 */
import { type BridgeCore, checkMemberAuthentication, createCore } from './core.ts';
import { isOriginAllowed } from './origins.ts';
import { BridgeError, type ConnectOptions, type HostBridge } from './types.ts';

export { checkMemberAuthentication };

type Json = Record<string, unknown>;
type Waiter = { resolve: (data: unknown) => void; timer: ReturnType<typeof setTimeout> };

const READY_RESEND_MS = 400;

export function connectCwHosted(opts: ConnectOptions): Promise<HostBridge> {
  let core: BridgeCore;
  try {
    core = createCore({ ...opts, transport: 'cw', call: 'ready' });
  } catch (error) {
    return Promise.reject(error);
  }
  const { self, parent, context, timeoutMs } = core;
  let frameId: string | undefined;
  const waiters = new Map<string, Waiter[]>();
  let onHandshake: (() => void) | undefined;

  const post = (message: Json) =>
    parent.postMessage(
      JSON.stringify(frameId === undefined ? message : { ...message, frameID: frameId }),
      context.hostOrigin || '*',
    );

  function onMessage(event: MessageEvent) {
    if (event.source !== parent || typeof event.data !== 'string') return;
    if (!isOriginAllowed(event.origin, core.allowedOrigins)) return;
    if (context.hostOrigin && event.origin !== context.hostOrigin) return;
    let message: Json;
    try {
      const parsed: unknown = JSON.parse(event.data);
      if (!parsed || typeof parsed !== 'object') return;
      message = parsed as Json;
    } catch {
      return; // not ours (other scripts on the host also post messages)
    }
    if (message.MessageFrameID !== undefined) {
      frameId = String(message.MessageFrameID);
      context.hostOrigin = event.origin;
      onHandshake?.();
    } else if (typeof message.response === 'string') {
      const waiter = waiters.get(message.response.toLowerCase())?.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(message.data);
      }
    } else if (typeof message.event === 'string') {
      void answerEvent(message);
    }
  }

  async function answerEvent(message: Json) {
    const ack = (result: 'success' | 'failure', errors?: string[]) =>
      post({ event: message.event, _id: message._id, result, ...(errors ? { errors } : {}) });
    if (message.event === 'onLoad') {
      core.loaded((message.data as Json | undefined)?.screenObject as Json | undefined);
      ack('success');
    } else if (message.event === 'beforeSave') {
      const verdict = await core.beforeSave();
      if (verdict.ok) ack('success');
      else ack('failure', verdict.errors);
    } else {
      ack('success'); // events we do not use (beforeBack, …) must still be answered
    }
  }

  function request(name: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const key = name.toLowerCase();
      const queue = waiters.get(key) ?? [];
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          waiters.set(
            key,
            (waiters.get(key) ?? []).filter((w) => w !== waiter),
          );
          reject(
            new BridgeError('bridge_timeout', name, `ConnectWise did not answer ${name} within ${timeoutMs / 1000} s.`),
          );
        }, timeoutMs),
      };
      queue.push(waiter);
      waiters.set(key, queue);
      post({ hosted_request: name });
    });
  }

  // Host actions with no documented answer: sent, not awaited (waiting would time out on real ConnectWise).
  const send = (name: string, args: Json) => {
    post({ hosted_request: name, args });
    return Promise.resolve();
  };

  const bridge = core.bridge({
    async getMemberAuthentication() {
      return checkMemberAuthentication(await request('getMemberAuthentication'));
    },
    refreshScreen: () => send('refreshScreen', {}),
    setDirty: (dirty) => send('setDirty', { dirty }),
    openScreen: ({ screen, id, newTab = true }) => send('openScreen', { newTab, screen, id }),
    destroy() {
      self.removeEventListener('message', onMessage);
      for (const queue of waiters.values()) for (const w of queue) clearTimeout(w.timer);
      waiters.clear();
    },
  });

  self.addEventListener('message', onMessage);
  return new Promise<HostBridge>((resolve, reject) => {
    // Keep saying ready until the host answers: it may attach its listener after our frame loads.
    const resend = setInterval(() => post({ message: 'ready' }), READY_RESEND_MS);
    const timer = setTimeout(() => {
      clearInterval(resend);
      bridge.destroy();
      reject(
        new BridgeError(
          'bridge_timeout',
          'ready',
          `The ConnectWise screen did not answer the pod within ${timeoutMs / 1000} s. Check the pod's Hosted API setup (URL ends with ?host=cw) and that this ConnectWise origin is allowed in tds-bridge.`,
        ),
      );
    }, timeoutMs);
    onHandshake = () => {
      onHandshake = undefined;
      clearInterval(resend);
      clearTimeout(timer);
      resolve(bridge);
    };
    post({ message: 'ready' });
  });
}
