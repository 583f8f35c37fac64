/**
 * A real tds-bridge over HTTP with both simulators mounted and the demo tenant connected to them, for the
 * connect & activate tests: admin calls with the token, simulator fault control, direct ConnectWise calls.
 */
import { type RunningServer, start } from '../../../server/entry/node.ts';
import { noDnsInTests } from '../../support/test-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely and assert on every field they use
export type Json = any;

export const ADMIN_TOKEN = 'setup-tests-admin-token-0123456789';
export const DEMO = 'demo';

export interface SetupHarness {
  server: RunningServer;
  url: string;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** ConnectWise simulator REST API, as the demo API member (or other Basic keys / a cookie). */
  cw(
    method: string,
    path: string,
    opts?: { body?: unknown; keys?: [string, string]; cookie?: string },
  ): Promise<{ status: number; body: Json }>;
  cwFaults(config: unknown): Promise<void>;
  tdsFaults(config: unknown): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export async function setupHarness(): Promise<SetupHarness> {
  const server = await start({
    env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on', ADMIN_TOKEN, PUBLIC_URL: undefined },
    quiet: true,
    buildPod: false,
    catalogSize: 5000,
    callbackRetryDelaysMs: [50, 100],
    tickIntervalMs: 0,
    resolveHost: noDnsInTests,
  });
  const url = server.url;
  const json = async (res: Response) => {
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    server,
    url,
    async admin(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await json(res) };
    },
    async cw(method, path, opts = {}) {
      const [pub, priv] = opts.keys ?? ['demo-public-key', 'demo-private-key'];
      const headers: Record<string, string> = { clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' };
      if (opts.cookie) headers.cookie = opts.cookie;
      else headers.authorization = `Basic ${btoa(`demo+${pub}:${priv}`)}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}/sim/cw/v4_6_release/apis/3.0/${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      return { status: res.status, body: await json(res) };
    },
    async cwFaults(config) {
      await post('/sim/cw/_sim/faults', config);
    },
    async tdsFaults(config) {
      await post('/sim/tds/_sim/faults', config);
    },
    async clearFaults() {
      await fetch(`${url}/sim/cw/_sim/faults`, { method: 'DELETE' });
      await fetch(`${url}/sim/tds/_sim/faults`, { method: 'DELETE' });
    },
    close: () => server.close(),
  };
}

export const DEMO_CLIENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** Body of PUT connections/cw for the simulator, with the given keys. */
export function simCwConnection(h: SetupHarness, keys: [string, string] = ['demo-public-key', 'demo-private-key']) {
  return {
    site: h.server.screensUrl,
    apiUrl: `${h.url}/sim/cw/v4_6_release/apis/3.0`,
    companyId: 'demo',
    publicKey: keys[0],
    privateKey: keys[1],
    clientId: DEMO_CLIENT_ID,
  };
}

/** Body of PUT connections/tds for the simulator. */
export function simTdsConnection(h: SetupHarness, overrides: Record<string, unknown> = {}) {
  return {
    customerNo: '100001',
    user: 'demo@tds-bridge.test',
    password: 'demo-password',
    environment: 'simulator',
    xmlUrl: `${h.url}/sim/tds`,
    restUrl: `${h.url}/sim/tds`,
    oauthClientId: 'tds-bridge-demo',
    oauthClientSecret: 'demo-client-secret',
    ...overrides,
  };
}

export function byId(checks: Json[]): Record<string, Json> {
  return Object.fromEntries(checks.map((c: Json) => [c.id, c]));
}
