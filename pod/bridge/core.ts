/**
 * What both host transports share, so they cannot drift apart: the framing and origin checks, the context read
 * from the registered URL (`[cw_screen]`/`[cw_id]`) and updated by the host's load event, the event handlers,
 * the before-save answer (capped: ConnectWise holds its save until the pod answers) and the check of the
 * member authentication. cw-hosted.ts and penpal.ts only speak their wire protocol.
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

/** ConnectWise waits for our before-save answer; never make a member wait longer than this. */
export const BEFORE_SAVE_BUDGET_MS = 5_000;

/** What the host says about the screen on load (ConnectWise's screenObject, Penpal's ScreenObject). */
export interface ScreenInfo {
  screen?: unknown;
  id?: unknown;
  hostedAs?: unknown;
}

export interface BridgeCore {
  self: Window;
  parent: Window;
  timeoutMs: number;
  allowedOrigins: string[];
  context: HostContext;
  /** The host's load event: update the context from what it says, tell the handlers. */
  loaded(screen: ScreenInfo | undefined): void;
  /** The answer to the host's before-save event, within BEFORE_SAVE_BUDGET_MS; a broken handler never blocks a save. */
  beforeSave(): Promise<SaveVerdict>;
  /** The transport-independent part of a HostBridge. */
  bridge(wire: Omit<HostBridge, 'context' | 'on'>): HostBridge;
}

/**
 * Checks that we are framed by an allowed origin (when the browser tells us who frames us) and reads the
 * context from the URL; throws a BridgeError naming `call` otherwise.
 */
export function createCore(opts: ConnectOptions & { transport: HostContext['transport']; call: string }): BridgeCore {
  const self = opts.self ?? window;
  const parent = opts.parent ?? self.parent;
  if (parent === self) {
    throw new BridgeError(
      'bridge_not_framed',
      opts.call,
      'The pod runs inside a ConnectWise screen; open it from ConnectWise.',
    );
  }
  const known = framingOrigin(self);
  if (known && !isOriginAllowed(known, opts.allowedOrigins)) {
    throw new BridgeError(
      'bridge_origin_not_allowed',
      opts.call,
      `tds-bridge is not set up for ${known}. An administrator adds this ConnectWise origin to the tenant in tds-bridge.`,
    );
  }
  const url = new URL(opts.url ?? self.location.href);
  const context: HostContext = {
    transport: opts.transport,
    screen: normaliseScreen(url.searchParams.get('screen')),
    recordId: parseRecordId(url.searchParams.get('id')),
    hostedAs: 'pod',
    hostOrigin: known ?? '',
  };
  const handlers: { [E in keyof BridgeEvents]: Set<BridgeEvents[E]> } = { load: new Set(), beforeSave: new Set() };
  const budgetMs = opts.beforeSaveBudgetMs ?? BEFORE_SAVE_BUDGET_MS;

  return {
    self,
    parent,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowedOrigins: opts.allowedOrigins,
    context,
    loaded(screen) {
      if (screen) {
        // The URL tokens stay authoritative when the host sends nothing usable (ConnectWise marks some screens "Not Done").
        context.screen = normaliseScreen(String(screen.screen ?? '')) || context.screen;
        context.recordId = parseRecordId(screen.id) ?? context.recordId;
        context.hostedAs = String(screen.hostedAs || context.hostedAs).toLowerCase();
      }
      for (const handler of handlers.load) handler({ ...context });
    },
    async beforeSave() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), budgetMs);
      });
      try {
        const verdicts = await Promise.race([
          Promise.all([...handlers.beforeSave].map((h) => Promise.resolve().then(h))),
          late,
        ]);
        if (verdicts === 'late') return { ok: true };
        const errors = verdicts.flatMap((v) => (v.ok ? [] : v.errors));
        return errors.length ? { ok: false, errors } : { ok: true };
      } catch {
        return { ok: true };
      } finally {
        clearTimeout(timer);
      }
    },
    bridge(wire) {
      return {
        ...wire,
        context,
        on(event, handler) {
          const set = handlers[event] as Set<typeof handler>;
          set.add(handler);
          return () => set.delete(handler);
        },
      };
    },
  };
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
