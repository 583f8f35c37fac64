/**
 * The simulators' pages (`/sim/cw/`, `/sim/tds/`) and their forms, in-process: the page shows what is switched on,
 * each form does what its button says and comes back to the page, bad forms are refused with 400, and the guard
 * keeps other sites and other machines out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulators, type Simulators } from '../../sim/index.ts';

let sims: Simulators;
beforeAll(async () => {
  sims = await createSimulators({ dbUrl: ':memory:', origin: 'http://127.0.0.1:8787', catalogSize: 500 });
});
afterAll(async () => {
  await sims?.close();
});

const ORIGIN = 'http://127.0.0.1:8787';
const get = (path: string) => sims.app.request(`${ORIGIN}${path}`);
const post = (path: string, form: Record<string, string>, origin = ORIGIN) =>
  sims.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  });

describe("the simulators' pages", () => {
  it('answer at /cw/ and /tds/ with what each simulates and normal service', async () => {
    for (const [path, title] of [
      ['/cw/', 'ConnectWise PSA'],
      ['/tds/', 'TD SYNNEX'],
    ] as const) {
      const response = await get(path);
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain(`<h1>${title} <small>simulator</small></h1>`);
      expect(page).toContain('None: it answers normally.');
    }
  });

  it('switch a fault on and off, and say so on the page', async () => {
    const on = await post('/tds/_sim/form/fault', { fault: 'errors' });
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toBe('/sim/tds/?done=fault-errors');
    expect(sims.tds.faults.config.rates?.server_error).toBe(1);
    const page = await (await get('/tds/?done=fault-errors')).text();
    expect(page).toContain('server_error on 100% of calls');
    expect(page).toContain('fail every call (http 500) is on');

    const off = await post('/tds/_sim/form/clear-faults', {});
    expect(off.headers.get('location')).toBe('/sim/tds/?done=cleared');
    expect(sims.tds.faults.config.rates).toBeUndefined();
  });

  it('advance the shared clock and reset a simulator', async () => {
    const before = sims.clock.now().getTime();
    expect((await post('/cw/_sim/form/clock', { advance: '2d' })).status).toBe(303);
    expect(sims.clock.now().getTime() - before).toBeGreaterThanOrEqual(2 * 86_400_000);

    await post('/cw/_sim/form/fault', { fault: 'slow' });
    const reset = await post('/cw/_sim/form/reset', {});
    expect(reset.headers.get('location')).toBe('/sim/cw/?done=reset');
    expect(sims.cw.faults.config.latency).toBeUndefined();
  });

  it('refuse forms they do not know, and never echo text from the URL', async () => {
    expect((await post('/tds/_sim/form/fault', { fault: 'meteor' })).status).toBe(400);
    expect((await post('/tds/_sim/form/clock', { advance: 'soon' })).status).toBe(400);
    const page = await (await get('/tds/?done=<script>alert(1)</script>')).text();
    expect(page).not.toContain('alert(1)');
  });

  it('refuse changes from another site and from another machine', async () => {
    expect((await post('/tds/_sim/form/fault', { fault: 'errors' }, 'http://evil.example')).status).toBe(403);
    const remote = await sims.app.request('http://tds.example.com/tds/_sim/form/reset', { method: 'POST' });
    expect(remote.status).toBe(403);
    expect(sims.tds.faults.config.rates).toBeUndefined();
  });
});
