/**
 * ConnectWise Hosted API transport, speaking the host's real protocol (ConnectWiseHostedAPI.1.0.js):
 * JSON-string messages; `{"message":"ready"}` → `{"MessageFrameID"}` echoed as `frameID`; `hosted_request`
 * calls answered under a lower-cased `response`; `onLoad`/`beforeSave` events that are ALWAYS acknowledged,
 * because ConnectWise holds its save until the pod answers.
 */
import { framingOrigin, isOriginAllowed } from './origins.ts';
import {
  BridgeError,
  type BridgeEvents,
  type ConnectOptions,
  DEFAULT_TIMEOUT_MS,
  type HostBridge,
  type HostContext,
  type MemberAuthentication,
  normaliseScreen,
  parseRecordId,
  type SaveVerdict,
} from './types.ts';

type Json = Record<string, unknown>;
type Waiter = {
  resolve: (data: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

const READY_RESEND_MS = 400;
/** ConnectWise waits for our beforeSave answer; never make a member wait longer than this. */
const BEFORE_SAVE_BUDGET_MS = 5_000;

export function connectCwHosted(opts: ConnectOptions): Promise<HostBridge> {
  const self = opts.self ?? window;
  const parent = opts.parent ?? self.parent;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (parent === self) {
    return Promise.reject(
      new BridgeError(
        'bridge_not_framed',
        'ready',
        'The pod runs inside a ConnectWise screen; open it from ConnectWise.',
      ),
    );
  }
  const known = framingOrigin(self);
  if (known && !isOriginAllowed(known, opts.allowedOrigins)) {
    return Promise.reject(notAllowed(known));
  }

  const url = new URL(opts.url ?? self.location.href);
  const context: HostContext = {
    transport: 'cw',
    screen: normaliseScreen(url.searchParams.get('screen')),
    recordId: parseRecordId(url.searchParams.get('id')),
    hostedAs: 'pod',
    hostOrigin: known ?? '',
  };
  let frameId: string | undefined;
  const waiters = new Map<string, Waiter[]>();
  const handlers: { [E in keyof BridgeEvents]: Set<BridgeEvents[E]> } = { load: new Set(), beforeSave: new Set() };

  const post = (message: Json) =>
    parent.postMessage(
      JSON.stringify(frameId === undefined ? message : { ...message, frameID: frameId }),
      context.hostOrigin || '*',
    );

  let onHandshake: (() => void) | undefined;

  function onMessage(event: MessageEvent) {
    if (event.source !== parent || typeof event.data !== 'string') return;
    if (!isOriginAllowed(event.origin, opts.allowedOrigins)) return;
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
      const queue = waiters.get(message.response.toLowerCase());
      const waiter = queue?.shift();
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
      const screenObject = (message.data as Json | undefined)?.screenObject as Json | undefined;
      if (screenObject) {
        context.screen = normaliseScreen(String(screenObject.screen ?? context.screen));
        context.recordId = parseRecordId(screenObject.id) ?? context.recordId;
        context.hostedAs = String(screenObject.hostedAs ?? context.hostedAs).toLowerCase();
      }
      for (const handler of handlers.load) handler({ ...context });
      ack('success');
      return;
    }
    if (message.event === 'beforeSave') {
      const verdict = await beforeSaveVerdict([...handlers.beforeSave]);
      if (verdict.ok) ack('success');
      else ack('failure', verdict.errors);
      return;
    }
    ack('success'); // events we do not use (beforeBack, …) must still be answered
  }

  function request(name: string, args?: Json): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const key = name.toLowerCase();
      const timer = setTimeout(() => {
        const queue = waiters.get(key) ?? [];
        waiters.set(
          key,
          queue.filter((w) => w.timer !== timer),
        );
        reject(
          new BridgeError('bridge_timeout', name, `ConnectWise did not answer ${name} within ${timeoutMs / 1000} s.`),
        );
      }, timeoutMs);
      const queue = waiters.get(key) ?? [];
      queue.push({ resolve, reject, timer });
      waiters.set(key, queue);
      post({ hosted_request: name, ...(args ? { args } : {}) });
    });
  }

  // Host actions with no documented answer: sent, not awaited (waiting would time out on real ConnectWise).
  const send = (name: string, args: Json) => {
    post({ hosted_request: name, args });
    return Promise.resolve();
  };

  const bridge: HostBridge = {
    context,
    async getMemberAuthentication() {
      return checkMemberAuthentication(await request('getMemberAuthentication'));
    },
    refreshScreen: () => send('refreshScreen', {}),
    setDirty: (dirty) => send('setDirty', { dirty }),
    openScreen: ({ screen, id, newTab = true }) => send('openScreen', { newTab, screen, id }),
    on(event, handler) {
      const set = handlers[event] as Set<typeof handler>;
      set.add(handler);
      return () => set.delete(handler);
    },
    destroy() {
      self.removeEventListener('message', onMessage);
      for (const queue of waiters.values()) for (const w of queue) clearTimeout(w.timer);
      waiters.clear();
    },
  };

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

async function beforeSaveVerdict(handlers: BridgeEvents['beforeSave'][]): Promise<SaveVerdict> {
  const all = Promise.all(handlers.map((h) => Promise.resolve().then(h)));
  const budget = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), BEFORE_SAVE_BUDGET_MS));
  try {
    const verdicts = await Promise.race([all, budget]);
    if (verdicts === 'late') return { ok: true };
    const errors = verdicts.flatMap((v) => (v.ok ? [] : v.errors));
    return errors.length ? { ok: false, errors } : { ok: true };
  } catch {
    // A broken handler must not block the member's save.
    return { ok: true };
  }
}

function notAllowed(origin: string) {
  return new BridgeError(
    'bridge_origin_not_allowed',
    'ready',
    `tds-bridge is not set up for ${origin}. An administrator adds this ConnectWise origin to the tenant in tds-bridge.`,
  );
}

export function checkMemberAuthentication(data: unknown): MemberAuthentication {
  const d = (data ?? {}) as Record<string, unknown>;
  const required = ['site', 'companyid', 'memberid', 'memberHash'] as const;
  const missing = required.filter((key) => typeof d[key] !== 'string' || d[key] === '');
  if (missing.length) {
    throw new BridgeError(
      'bridge_call_failed',
      'getMemberAuthentication',
      `ConnectWise's member authentication lacks ${missing.join(', ')}; sign in to ConnectWise again.`,
    );
  }
  return {
    site: String(d.site),
    companyid: String(d.companyid),
    memberid: String(d.memberid),
    memberHash: String(d.memberHash),
    memberContext: typeof d.memberContext === 'string' ? d.memberContext : 'web',
    ...(typeof d.memberEmail === 'string' ? { memberEmail: d.memberEmail } : {}),
    ...(typeof d.codeBase === 'string' ? { codeBase: d.codeBase } : {}),
  };
}
