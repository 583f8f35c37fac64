/**
 * Two fake windows wired like a host page and the pod's iframe: enough of `postMessage`, `message`
 * events and `location` for the bridge transports, with no browser. Messages are delivered
 * asynchronously, with the sender's origin, as browsers do.
 */
type Listener = (event: { source: unknown; origin: string; data: unknown }) => void;

export class FakeWindow {
  readonly listeners = new Set<Listener>();
  parent: FakeWindow = this;
  location: { href: string; ancestorOrigins?: string[] };
  /** What this window posted, parsed when it was a JSON string. */
  readonly sent: Array<{ message: Record<string, unknown>; targetOrigin: string }> = [];
  /** Told of every message this window posts (see sentMatching). */
  readonly onSent = new Set<(message: Record<string, unknown>) => void>();
  peer?: FakeWindow;

  constructor(
    readonly origin: string,
    href: string,
  ) {
    this.location = { href };
  }

  addEventListener(_type: 'message', fn: Listener) {
    this.listeners.add(fn);
  }
  removeEventListener(_type: 'message', fn: Listener) {
    this.listeners.delete(fn);
  }

  /** Called on the *receiving* window by the sender. */
  postMessage(data: unknown, targetOrigin: string, from: FakeWindow = this.peer as FakeWindow) {
    const message = typeof data === 'string' ? JSON.parse(data) : (data as Record<string, unknown>);
    from.sent.push({ message, targetOrigin });
    for (const fn of from.onSent) fn(message);
    if (targetOrigin !== '*' && targetOrigin !== this.origin) return; // the browser drops it
    setTimeout(() => {
      for (const fn of this.listeners) fn({ source: from, origin: from.origin, data });
    }, 0);
  }
}

/** host (parent) ⇄ pod (child) */
export function framePair(
  hostOrigin = 'https://na.myconnectwise.net',
  podUrl = 'https://bridge.example.com/pod/?host=cw&screen=Opportunity&id=812',
) {
  const host = new FakeWindow(hostOrigin, `${hostOrigin}/v4_6_release/ConnectWise.aspx`);
  const pod = new FakeWindow(new URL(podUrl).origin, podUrl);
  pod.parent = host;
  pod.peer = host;
  host.peer = pod;
  pod.location.ancestorOrigins = [hostOrigin];
  return { host, pod };
}

/** The host sends a JSON-string message to the pod, as ConnectWise does. */
export function hostSays(host: FakeWindow, pod: FakeWindow, message: Record<string, unknown>, from: FakeWindow = host) {
  pod.postMessage(JSON.stringify(message), pod.origin, from);
}

export const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the next message `win` posts that matches (an event to wait for, instead of a sleep). */
export function sentMatching(
  win: FakeWindow,
  match: (message: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (message: Record<string, unknown>) => {
      if (!match(message)) return;
      win.onSent.delete(listener);
      resolve(message);
    };
    win.onSent.add(listener);
  });
}
