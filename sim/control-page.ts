/**
 * The simulators' own pages (`/sim/cw/`, `/sim/tds/`): what each one simulates, its call statistics, the faults
 * it injects, its clock, and plain HTML forms to break it, mend it, move its clock or reset it. The forms post to
 * `/_sim/form/*`, so the simulator guard (sim/guard.ts) lets only this machine, from this origin, use them; each
 * answers with a redirect back to the page (or to the landing page's tour, for the tour's own button).
 */
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import { page, SAME_ORIGIN_REFERRER } from '../server/pages/layout.ts';
import { parseDuration, type SimClock } from './clock.ts';
import type { FaultConfig, FaultInjector } from './faults.ts';
import type { SimStats } from './stats.ts';

export interface ControlPageTarget {
  /** `cw` or `tds`: the simulator's folder under /sim. */
  key: 'cw' | 'tds';
  title: string;
  /** One paragraph: what it stands in for and where its API answers. */
  about: ReturnType<typeof html>;
  stats: SimStats;
  faults: FaultInjector;
  clock: SimClock;
  reset(): Promise<void>;
}

/** The faults a person can switch on from a page; each merges into what is already configured. */
export const PAGE_FAULTS = {
  credentials: {
    label: 'Refuse the credentials',
    effect: 'every call is answered as with expired or wrong credentials',
    config: { expiredCredentials: true },
  },
  errors: {
    label: 'Fail every call (HTTP 500)',
    effect: 'every call answers a server error',
    config: { rates: { server_error: 1 } },
  },
  throttle: {
    label: 'Throttle every call (HTTP 429)',
    effect: 'every call is refused with Retry-After',
    config: { rates: { throttle: 1 } },
  },
  slow: {
    label: 'Answer slowly (3 s)',
    effect: 'every call waits 3 seconds before its answer',
    config: { latency: { distribution: 'fixed', ms: 3000 } },
  },
} as const satisfies Record<string, { label: string; effect: string; config: Partial<FaultConfig> }>;

const FaultForm = z.object({
  fault: z.enum(Object.keys(PAGE_FAULTS) as [keyof typeof PAGE_FAULTS]),
  return: z.enum(['page', 'tour']).default('page'),
});
const ClockForm = z.object({ advance: z.string().trim().min(1).max(20) });
const ReturnForm = z.object({ return: z.enum(['page', 'tour']).default('page') });

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function describeFaults(config: FaultConfig): string[] {
  const on: string[] = [];
  if (config.expiredCredentials) on.push('credentials refused');
  for (const [kind, rate] of Object.entries(config.rates ?? {}))
    if (rate) on.push(`${kind} on ${rate * 100}% of calls`);
  if (config.latency) on.push(`latency ${config.latency.distribution} ${config.latency.ms} ms`);
  for (const f of config.failNext) on.push(`next ${f.count} call(s) to ${f.route}: ${f.kind}`);
  return on;
}

/**
 * Routes for the simulators' app root: `GET /<key>` and `/<key>/` (the page; both, whatever the app's trailing-slash
 * rule) and `POST /<key>/_sim/form/*` (its forms).
 */
export function controlPageRoutes(target: ControlPageTarget): Hono {
  const app = new Hono();
  const base = `/sim/${target.key}/`;
  // Only a fixed set of notes: the page never echoes text from its URL.
  const notes: Record<string, string> = {
    cleared: `${target.title}: faults cleared; it answers normally.`,
    clock: `${target.title}: clock advanced.`,
    reset: `${target.title} reset: state re-seeded, faults and statistics cleared.`,
    ...Object.fromEntries(
      Object.entries(PAGE_FAULTS).map(([k, f]) => [
        `fault-${k}`,
        `${target.title}: ${f.label.toLowerCase()} is on (${f.effect}).`,
      ]),
    ),
  };
  const back = (c: Context, where: 'page' | 'tour', note: string) =>
    c.redirect(where === 'tour' ? `/?done=${target.key}-${note}#break` : `${base}?done=${note}`, 303);
  const refused = (c: Context, message: string) => c.json({ error: { code: 'invalid_form', message } }, 400);

  const root = `/${target.key}`;
  const showPage = (c: Context) => {
    c.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'");
    const snapshot = target.stats.snapshot();
    const faults = describeFaults(target.faults.config);
    const note = notes[c.req.query('done') ?? ''];
    return c.html(
      page(
        `${target.title} – simulator`,
        html`
          <p><a href="/">← tds-bridge tour</a></p>
          <h1>${target.title} <small>simulator</small></h1>
          ${note ? html`<p class="note" role="status">${note}</p>` : ''}
          <p>${target.about}</p>
          <h2>Faults</h2>
          <p>${faults.length ? html`<strong class="bad">On:</strong> ${faults.join('; ')}.` : html`<span class="ok">None: it answers normally.</span>`}</p>
          <div class="row">
            ${Object.entries(PAGE_FAULTS).map(
              ([key, f]) => html`<form method="post" action="${base}_sim/form/fault">
                <input type="hidden" name="fault" value="${key}" />
                <button type="submit" title="${f.effect}">${f.label}</button>
              </form>`,
            )}
            <form method="post" action="${base}_sim/form/clear-faults"><button type="submit">Clear faults</button></form>
          </div>
          <h2>Clock</h2>
          <p>Simulator time: <time>${target.clock.now().toISOString()}</time> (one clock for both simulators; TD SYNNEX order lifecycles and stock follow it).</p>
          <form method="post" action="${base}_sim/form/clock" class="row">
            <label>Advance by <input name="advance" value="1d" size="6" /></label>
            <button type="submit">Advance</button> <small>e.g. 90s, 15m, 2h, 3d</small>
          </form>
          <h2>Calls since ${snapshot.since}: ${snapshot.totalCalls}</h2>
          ${
            snapshot.routes.length
              ? html`<table>
                  <thead><tr><th scope="col">Route</th><th scope="col">Calls</th><th scope="col">Statuses</th><th scope="col">p50 ms</th><th scope="col">p95 ms</th></tr></thead>
                  <tbody>
                    ${snapshot.routes.slice(0, 25).map(
                      (r) =>
                        html`<tr><td><code>${r.route}</code></td><td>${r.calls}</td><td>${Object.entries(r.statuses)
                          .map(([s, n]) => `${s}×${n}`)
                          .join(' ')}</td><td>${r.latencyMs.p50}</td><td>${r.latencyMs.p95}</td></tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p><small>No calls yet.</small></p>`
          }
          <p><a href="${base}_sim/stats">Statistics as JSON</a> · <a href="${base}_sim/faults">fault configuration as JSON</a></p>
          <h2>Reset</h2>
          <form method="post" action="${base}_sim/form/reset" class="row">
            <button type="submit">Reset this simulator</button>
            <small>drops its state, re-seeds it, clears its faults and statistics</small>
          </form>
          <p><small>These controls answer only on this machine and only from this page's origin. Every endpoint and curl
          examples: <code>sim/README.md</code>.</small></p>
        `,
        SAME_ORIGIN_REFERRER,
      ),
    );
  };
  app.get(root, showPage);
  app.get(`${root}/`, showPage);

  app.post(`${root}/_sim/form/fault`, async (c) => {
    const parsed = FaultForm.safeParse(await formOf(c));
    if (!parsed.success) return refused(c, `Choose a fault: ${Object.keys(PAGE_FAULTS).join(', ')}.`);
    const fault = PAGE_FAULTS[parsed.data.fault];
    const current = target.faults.config;
    target.faults.configure({
      ...current,
      ...fault.config,
      rates: { ...current.rates, ...('rates' in fault.config ? fault.config.rates : {}) },
    });
    return back(c, parsed.data.return, `fault-${parsed.data.fault}`);
  });
  app.post(`${root}/_sim/form/clear-faults`, async (c) => {
    const parsed = ReturnForm.safeParse(await formOf(c));
    target.faults.clear();
    return back(c, parsed.success ? parsed.data.return : 'page', 'cleared');
  });
  app.post(`${root}/_sim/form/clock`, async (c) => {
    const parsed = ClockForm.safeParse(await formOf(c));
    if (!parsed.success) return refused(c, 'Say how far to advance the clock, e.g. 90s, 15m, 2h or 3d.');
    try {
      target.clock.advance(parseDuration(parsed.data.advance));
      return back(c, 'page', 'clock');
    } catch (error) {
      return refused(c, (error as Error).message);
    }
  });
  app.post(`${root}/_sim/form/reset`, async (c) => {
    await target.reset();
    target.stats.reset();
    target.faults.clear();
    return back(c, 'page', 'reset');
  });
  return app;
}
