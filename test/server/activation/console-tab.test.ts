/**
 * Activation's console Tab option against the ConnectWise simulator: off by default (no step), validated screens,
 * plan → apply → idempotent re-apply, a move to another screen updates the one Tab, turning it off disables it,
 * and a role without Manage Hosted API gets the step failed with its fix text. Also the console page's framing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Json, type SetupHarness, setupHarness, simCwConnection } from '../setup/harness.ts';

const STEP = 'hosted_setup:console:tab';
const step = (body: Json) => body.steps.find((s: Json) => s.id === STEP);

describe('activation: the console as a ConnectWise Tab', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());

  const plan = async () => (await h.admin('GET', `/api/admin/tenants/${DEMO}/activation/plan`)).body as Json;
  const apply = async () => (await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`)).body as Json;
  const options = (body: unknown) => h.admin('PUT', `/api/admin/tenants/${DEMO}/activation/options`, body);
  const consoleTabs = async () =>
    ((await h.cw('GET', 'system/connectwisehostedsetups?pageSize=100')).body as Json[]).filter((s) =>
      String(s.url).includes('/console/?host=cw'),
    );
  const screenId = async (key: string) =>
    ((await h.cw('GET', 'system/connectWiseHostedScreens?pageSize=100')).body as Json[]).find((s) => s.screenId === key)
      .id;

  it('is off by default: no console Tab step', async () => {
    expect((await h.admin('GET', `/api/admin/tenants/${DEMO}/activation/options`)).body).toEqual({
      consoleTab: { enabled: false, screen: 'company' },
    });
    expect(step(await plan())).toBeUndefined();
  });

  it('accepts only screens ConnectWise offers Tabs on, and defaults to the Company screen', async () => {
    const bad = await options({ consoleTab: { enabled: true, screen: 'invoice' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('company, contact, ticket');
    const good = await options({ consoleTab: { enabled: true } });
    expect(good.status).toBe(200);
    expect(good.body.consoleTab).toEqual({ enabled: true, screen: 'company' });
    const audit = (await h.admin('GET', `/api/admin/tenants/${DEMO}/audit?action=activation_options_changed`)).body;
    expect(JSON.stringify(audit)).toContain('activation_options_changed');
  });

  it('plans the Tab, creates it once, and a second apply changes nothing', async () => {
    const p = await plan();
    expect(step(p)).toMatchObject({ action: 'create', name: 'Tab "tds-bridge console" on the company screen' });
    const first = await apply();
    expect(first.ok).toBe(true);
    expect(step(first).status).toBe('applied');
    const tabs = await consoleTabs();
    expect(tabs).toHaveLength(1);
    expect(tabs[0]).toMatchObject({
      type: 'Tab',
      description: 'tds-bridge console',
      screenId: await screenId('company'),
      url: `${h.url}/console/?host=cw&tenant=${DEMO}&screen=[cw_screen]&id=[cw_id]`,
      origin: new URL(h.url).origin,
      disabledFlag: false,
    });
    expect(step(first).cwId).toBe(tabs[0].id);

    const second = await apply();
    expect(second.changed).toBe(0);
    expect(step(second)).toMatchObject({ status: 'unchanged', cwId: tabs[0].id });
    expect((await plan()).upToDate).toBe(true);
    expect(await consoleTabs()).toHaveLength(1);
  });

  it('moves the one Tab to another chosen screen, and disables it when turned off', async () => {
    const [before] = await consoleTabs();
    await options({ consoleTab: { enabled: true, screen: 'ticket' } });
    expect(step(await plan())).toMatchObject({ action: 'update', cwId: before.id });
    expect(step(await apply()).status).toBe('applied');
    const moved = await consoleTabs();
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ id: before.id, screenId: await screenId('ticket') });

    await options({ consoleTab: { enabled: false, screen: 'ticket' } });
    expect(step(await plan()).action).toBe('update');
    expect(step(await apply()).status).toBe('applied');
    expect((await consoleTabs())[0].disabledFlag).toBe(true);
    // Off and disabled: nothing more to do.
    expect(step(await plan())).toBeUndefined();
  });
});

describe('activation: console Tab with an API member lacking Manage Hosted API', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/activation/options`, { consoleTab: { enabled: true } });
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['restricted-public-key', 'restricted-private-key']),
    );
  });
  afterAll(() => h.close());

  it('reports the step failed with the fix, and succeeds once the keys may', async () => {
    const res = await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`);
    expect(res.status).toBe(200);
    const failed = step(res.body);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'cw_forbidden' } });
    expect(failed.fix).toContain('Manage Hosted API');
    expect(failed.fix).toContain('activate again');

    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, simCwConnection(h));
    const again = (await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`)).body as Json;
    expect(step(again).status).toBe('applied');
  });
});

describe('the console page: who may frame it', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());

  const csp = async (query: string) => {
    const res = await fetch(`${h.url}/console/${query}`);
    return { status: res.status, csp: res.headers.get('content-security-policy') ?? '', html: await res.text() };
  };

  it('standalone: nobody; in a Tab: exactly the tenant pod origins, which the page gets for the bridge', async () => {
    // Needs the console build (`npx vite build`), as the pod page's own tests do.
    const alone = await csp('');
    expect(alone.status).toBe(200);
    expect(alone.csp).toContain("frame-ancestors 'none'");
    expect(alone.html).not.toContain('pod-config');
    const origins = (await h.admin('GET', `/api/admin/tenants/${DEMO}/pod-origins`)).body.origins as string[];
    expect(origins.length).toBeGreaterThan(0);
    const tab = await csp(`?host=cw&tenant=${DEMO}&screen=company&id=1`);
    expect(tab.csp).toContain(`frame-ancestors ${[...origins].sort().join(' ')}`);
    expect(tab.html).toContain(`"allowedHostOrigins":${JSON.stringify([...origins].sort())}`);
    expect((await csp('?host=cw&tenant=no-such-tenant')).csp).toContain("frame-ancestors 'none'");
  });
});
