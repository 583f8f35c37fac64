/**
 * Secret canaries: credentials planted with unique markers are used for real (saved, tested, signed in
 * with) and must never appear in a log line, an answer, the database files outside ciphertext (WAL
 * included), or the pod bundle.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, start } from '../../server/entry/node.ts';
import { DIST_DIR } from '../../server/entry/node-assets.ts';

const tag = crypto.randomUUID().slice(0, 8);
const CANARIES = {
  cwPrivateKey: `CANARY-CW-${tag}`,
  tdsPassword: `CANARY-TDS-${tag}`,
  oauthSecret: `CANARY-OAUTH-${tag}`,
  memberHash: `CANARY-HASH-${tag}`,
};
const ADMIN_TOKEN = `canary-admin-token-${tag}-0123456789`;

let dir: string;
let server: RunningServer;
let closed = false;
const answers: string[] = [];
const logs: string[] = [];

async function call(path: string, init: RequestInit & { admin?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (init.admin) headers.set('authorization', `Bearer ${ADMIN_TOKEN}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  answers.push(`${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`);
  return { status: res.status, text };
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' ')));
  }
  dir = mkdtempSync(join(tmpdir(), 'tds-canary-'));
  server = await start({
    env: { PORT: '0', DATABASE_URL: `file:${join(dir, 'tds-bridge.db')}`, SIMULATORS: 'on', ADMIN_TOKEN },
    buildPod: false,
    catalogSize: 100,
    tickIntervalMs: 0,
  });
  const sim = `${server.url}/sim`;
  expect(
    (
      await call('/api/admin/tenants', {
        method: 'POST',
        admin: true,
        body: JSON.stringify({ id: 'canary', name: 'Canary', cwSite: 'http://127.0.0.1:9', cwCompanyId: 'canary' }),
      })
    ).status,
  ).toBe(201);
  const cw = {
    companyId: 'canary',
    publicKey: 'canary-public',
    privateKey: CANARIES.cwPrivateKey,
    clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    apiUrl: `${sim}/cw/v4_6_release/apis/3.0`,
  };
  expect(
    (await call('/api/admin/tenants/canary/connections/cw', { method: 'PUT', admin: true, body: JSON.stringify(cw) }))
      .status,
  ).toBe(200);
  const tds = {
    customerNo: '100001',
    user: 'canary@example.com',
    password: CANARIES.tdsPassword,
    environment: 'simulator',
    xmlUrl: `${sim}/tds`,
    restUrl: `${sim}/tds`,
    oauthClientId: 'canary-client',
    oauthClientSecret: CANARIES.oauthSecret,
  };
  expect(
    (await call('/api/admin/tenants/canary/connections/tds', { method: 'PUT', admin: true, body: JSON.stringify(tds) }))
      .status,
  ).toBe(200);
  await call('/api/admin/tenants/canary/connections', { admin: true });
  await call('/api/admin/tenants/canary/test-connection', {
    method: 'POST',
    admin: true,
    body: JSON.stringify({ timeoutMs: 5000 }),
  });
  await call('/api/admin/tenants/canary/activation/plan', { admin: true });
  await call('/api/session', {
    method: 'POST',
    body: JSON.stringify({
      memberAuthentication: {
        site: 'http://127.0.0.1:9',
        companyid: 'canary',
        memberid: 'jsmith',
        memberHash: CANARIES.memberHash,
      },
    }),
  });
  // A URL change without the secrets is refused, and the refusal must not echo them either.
  await call('/api/admin/tenants/canary/connections/cw', {
    method: 'PUT',
    admin: true,
    body: JSON.stringify({ ...cw, privateKey: undefined, apiUrl: 'https://169.254.169.254/' }),
  });
});
afterAll(async () => {
  if (server && !closed) await server.close();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Each canary as written and as it travels (Basic authorization is base64 of company+public:private). */
function forms(): string[] {
  return [
    ...Object.values(CANARIES),
    btoa(`canary+canary-public:${CANARIES.cwPrivateKey}`),
    btoa(`100001:${CANARIES.tdsPassword}`),
    ADMIN_TOKEN,
  ];
}

describe('secret canaries', () => {
  it('appear in no answer', () => {
    expect(answers.length).toBeGreaterThan(5);
    for (const form of forms()) for (const answer of answers) expect(answer).not.toContain(form);
  });

  it('appear in no log line', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const form of forms()) for (const line of logs) expect(line).not.toContain(form);
  });

  it('appear in no database file outside ciphertext (journal included)', async () => {
    await server.close();
    closed = true;
    const files = readdirSync(dir).filter((f) => f.startsWith('tds-bridge.db'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      for (const form of forms().slice(0, -1)) expect(raw.includes(form), `${file} holds ${form}`).toBe(false);
    }
  });

  it('appear nowhere in the pod bundle, and neither do the simulators\u2019 demo secrets', () => {
    const roots = [join(DIST_DIR, 'pod'), join(DIST_DIR, 'assets')].filter((d) => existsSync(d));
    if (!roots.length) return; // npm test builds the pod first; a bare vitest run may not have it.
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    for (const file of roots.flatMap(walk)) {
      const text = readFileSync(file, 'utf8');
      for (const secret of [...forms(), 'demo-private-key', 'demo-password']) expect(text, file).not.toContain(secret);
    }
  });
});
