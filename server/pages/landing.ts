/**
 * `/`: the guided tour a newcomer sees after `npm start`: what tds-bridge is, then each built feature as a short
 * task (where to click, what to look for), then where everything else lives. Only features that exist are listed;
 * every link here is followed by test/server/pages/landing-links.test.ts and test/e2e/tour.test.ts.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app.ts';
import type { SampleRecord, SampleRecords } from '../deps.ts';
import { page, SAME_ORIGIN_REFERRER } from './layout.ts';

/** Notes the simulator forms may ask us to show after they redirect back (a fixed set: no text from the URL). */
const NOTES: Record<string, string> = {
  'tds-fault-credentials':
    "TD SYNNEX now refuses tds-bridge's credentials. Follow the steps below to watch tds-bridge find it, then mend it.",
  'tds-cleared': 'TD SYNNEX answers normally again.',
};

export async function landingPage(c: Context<AppEnv>) {
  const deps = c.var.deps;
  c.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'");
  const samples = deps.simulators?.samples();
  const note = NOTES[c.req.query('done') ?? ''];
  return c.html(
    page(
      'tds-bridge – start here',
      html`
        <h1>tds-bridge <small>${deps.version}</small></h1>
        <p class="lead">
          tds-bridge puts the distributor TD SYNNEX inside the ConnectWise PSA screens an MSP's techs and buyers already
          use: live cost, stock and margin on opportunities, purchase orders sent to TD SYNNEX and followed to delivery,
          and TD SYNNEX's catalog synced into ConnectWise. It runs as small "pods" that ConnectWise frames in its
          screens, and a backend that keeps both systems in step.
        </p>
        ${note ? html`<p class="note" role="status">${note}</p>` : ''}
        ${samples ? tour(deps.simulatorScreenOrigins[0] ?? '', samples) : liveIntro()}
        <h2>Everything else</h2>
        <ul>
          <li><a href="/console/">Operations console</a> <small>status of every sync, activity log, diagnostics, alerts,
            reports, setup; sign in with the one-time link <code>npx tds-bridge console --as "Your Name"</code> prints, or
            the admin token</small></li>
          <li><a href="/api/reference">API reference</a> <small>every route of this server, and where each is documented</small></li>
          <li><a href="/api/health">Health</a> <small>(<code>/api/health</code>: version, database, simulator mode)</small></li>
          ${
            samples
              ? html`<li><a href="/sim/cw/">ConnectWise simulator</a> and <a href="/sim/tds/">TD SYNNEX simulator</a>
                  <small>what each simulates, its calls, faults, clock and reset</small></li>`
              : ''
          }
          <li><small>Command line (with the server running): <code>npx tds-bridge status</code>,
            <code>npx tds-bridge test-connection --tenant demo</code>, <code>npx tds-bridge --help</code>.
            Going live with your own ConnectWise and TD SYNNEX: <code>docs/go-live.md</code>.</small></li>
        </ul>
      `,
      SAME_ORIGIN_REFERRER,
    ),
  );
}

function liveIntro() {
  return html`<p>
    The simulators are off (this server connects to a real ConnectWise or TD SYNNEX, see <a href="/api/health">health</a>),
    so there is no demo to tour: open an opportunity in your ConnectWise PSA and find the tds-bridge pod beside it.
  </p>`;
}

type ScreenLink = (kind: string, r: SampleRecord | undefined, query?: string) => string | undefined;
type OrderSample = SampleRecords['ordersToTds'][number];

function ordersTasks(screen: ScreenLink, ready: OrderSample, problem: OrderSample | undefined) {
  return html`<section class="task" id="send-to-tds">
      <h3>4. Send to TDS on a purchase order, and follow it to delivery</h3>
      <p>With the demo activated (task 3's <code>npx tds-bridge activate --tenant demo</code>), open purchase order
        <a href="${screen('purchaseorder', ready)}">${ready.label}</a> and press <em>Send to TDS</em> in its pod.</p>
      <p class="look">Look for: the pod checks the PO, sends it, and shows the TD SYNNEX order number, which is also written
        onto the PO; pressing again never places a second order.
        ${
          problem
            ? html`Purchase order <a href="${screen('purchaseorder', problem)}">${problem.label}</a> has a problem: the pod
              names what to fix and keeps <em>Send to TDS</em> disabled until it is fixed.`
            : ''
        }
        Then let time pass at TD SYNNEX: on the <a href="/sim/tds/">TD SYNNEX simulator's page</a>, advance its clock by
        <code>2d</code> (stock ships within a day; drop-shipped or backordered lines take up to ten days), and run <code>npx tds-bridge run order-status --tenant demo</code> (it also runs every 15 minutes).
        The PO pod's progress shows the status, carriers with tracking links, serial numbers and, once invoiced, the invoice.</p>
    </section>
    ${
      ready.ticket
        ? html`<section class="task" id="ticket-badge">
            <h3>5. The ticket badge</h3>
            <p>Open ticket <a href="${screen('ticket', ready.ticket)}">${ready.ticket.label}</a>, the ticket that purchase
              order was raised for.</p>
            <p class="look">Look for: a compact badge per TD SYNNEX order tied to the ticket: PO number, status (e.g.
              <em>TDS Shipped</em>), ETA and a tracking link. A ticket without orders shows none.</p>
          </section>`
        : ''
    }`;
}

function tour(screens: string, samples: SampleRecords) {
  const screen: ScreenLink = (kind, r, query = '') =>
    r ? `${screens}/sim/cw/screens/${kind}/${r.id}${query}` : undefined;
  const opportunity = samples.opportunities[0];
  const opportunityUrl = screen('opportunity', opportunity);
  // Another opportunity than task 1's: its prices are not in the pricing cache, so the fault shows at once.
  const brokenUrl = screen('opportunity', samples.opportunities[1] ?? opportunity);
  const syncPriceUrl = screen('opportunity', samples.opportunities[2] ?? opportunity);
  // The order demo's POs are seeded in plan order: ready ones first, then ones with a problem to fix.
  const ready = samples.ordersToTds[0];
  const problem = samples.ordersToTds[3];
  return html`
    <p>
      No real credentials are configured, so this server runs against <strong>simulated</strong> ConnectWise PSA and
      TD SYNNEX. Each simulated ConnectWise screen frames the tds-bridge pod from another origin, exactly as ConnectWise
      does. Ten minutes, in this order:
    </p>
    ${
      opportunityUrl
        ? html`<section class="task" id="pa">
            <h3>1. Price and availability on an opportunity</h3>
            <p>Open <a href="${opportunityUrl}">opportunity “${opportunity?.label}”</a>. The pod sits in ConnectWise's narrow
              pod panel (300 px); the screen's <em>TD SYNNEX</em> tab shows the same view full width, as a ConnectWise Tab
              (<a href="${screen('opportunity', opportunity, '?view=tab')}">open it as a Tab</a>).</p>
            <p class="look">Look for: for each product line, TD SYNNEX's live cost, stock per warehouse and the margin it
              leaves, a card per line in the panel and a table in the Tab; lines below the minimum margin are flagged.
              <em>Update cost in PSA</em> shows the margin each line would have and writes the TD SYNNEX cost onto the
              ConnectWise lines you confirm.</p>
          </section>
          <section class="task" id="menus">
            <h3>2. Who is signed in, and a refused sign-in</h3>
            <p>On the same screen, the top bar's <em>Member</em> menu switches the ConnectWise member the pod signs in as;
              <em>Act as</em> › <em>forged member hash</em> or <em>member of another company</em> shows what the pod does when
              ConnectWise's member check fails. <em>Save</em> plays ConnectWise's save.</p>
            <p class="look">Look for: the member's name in the pod's corner; a refusal screen that says why and what to do;
              after <em>Save</em>, the screen's host log reads “pod acknowledged before-save”.
              (<a href="${screen('opportunity', opportunity, '?transport=penpal')}">The same screen over the Penpal transport</a>.)</p>
          </section>`
        : ''
    }
    ${
      syncPriceUrl
        ? html`<section class="task" id="sync-price">
            <h3>3. TDS Sync Price from the opportunity's field</h3>
            <p>Run <code>npx tds-bridge activate --tenant demo</code> once: it creates, in the simulated ConnectWise, what
              tds-bridge needs there, among it the opportunity field <em>TDS Sync Price</em> and the callbacks. Then open
              <a href="${syncPriceUrl}">this opportunity</a>, set <em>TDS Sync Price</em> to <em>Get TDS Price</em> and
              press <em>Save field</em>, as a member would in ConnectWise.</p>
            <p class="look">Look for: ConnectWise calls tds-bridge back; reload the screen after a moment and the field reads
              <em>TDS Price Updated</em>, and the pod shows each line's PSA cost equal to TD SYNNEX's. The console's
              <em>Activity</em> lists it (<code>sync_price_done</code>). Without the callback, the Price &amp; Availability
              template finds such opportunities every 15 minutes.</p>
          </section>`
        : ''
    }
    ${ready ? ordersTasks(screen, ready, problem) : ''}
    <section class="task" id="break">
      <h3>${ready ? 6 : 4}. Break TD SYNNEX on purpose</h3>
      <p>Make the simulated TD SYNNEX refuse tds-bridge's credentials, as when a password expires:</p>
      <div class="row">
        <form method="post" action="/sim/tds/_sim/form/fault">
          <input type="hidden" name="fault" value="credentials" /><input type="hidden" name="return" value="tour" />
          <button type="submit" class="danger">Break TD SYNNEX</button>
        </form>
        <form method="post" action="/sim/tds/_sim/form/clear-faults">
          <input type="hidden" name="return" value="tour" />
          <button type="submit">Mend it</button>
        </form>
      </div>
      <p class="look">Look for: ${brokenUrl ? html`open <a href="${brokenUrl}">another opportunity</a> (or press <em>Refresh</em> in the pod: prices it just read are kept a few minutes): the pod shows no TD SYNNEX cost and says “TD SYNNEX refused the login”; ` : ''}
        the <a href="/console/">operations console</a> finds it: sign in with the link
        <code>npx tds-bridge console --as "Your Name"</code> prints (or the admin token); <em>Status</em> shows the
        TD SYNNEX connection red, and <em>Diagnostics</em> names the cause (credentials refused) and the fix. Press
        <em>Mend it</em>, then <em>Verify</em> in Diagnostics: it turns green. From the command line,
        <code>npx tds-bridge test-connection --tenant demo</code> names the same failing check and exits 1. Other faults
        (errors, throttling, slow answers) are on the <a href="/sim/tds/">TD SYNNEX simulator's page</a>.</p>
    </section>
    <section class="task" id="product-sync">
      <h3>${ready ? 7 : 5}. Product Sync from TD SYNNEX's price file</h3>
      <p>Run <code>npx tds-bridge run product-sync --tenant demo</code> (a progress bar, then a summary), or press
        <em>Run Product Sync now</em> on the console's <em>Status</em> to watch its progress live.</p>
      <p class="look">Look for: <em>Source: the TD SYNNEX full price file delivered over FTP</em> (the simulated TD SYNNEX
        serves its price file on a real FTP server, as TD SYNNEX does), and about 850 products added to the ConnectWise
        catalog: the demo syncs two small networking categories, not the whole catalog (up to 20,000 products from the
        categories you choose; the README's “Product Sync in the demo” says how to widen it). A second run changes
        only what changed.</p>
    </section>
    <h2>The simulated screens</h2>
    <div class="columns">
      ${screenLinks('Opportunities', 'opportunity', screens, samples.opportunities)}
      ${screenLinks('Purchase orders', 'purchaseorder', screens, samples.purchaseOrders)}
      ${screenLinks('Service tickets', 'ticket', screens, samples.tickets)}
    </div>
    <p><small>Each opens the simulated ConnectWise screen with the tds-bridge pod beside the record.</small></p>
  `;
}

function screenLinks(title: string, kind: string, screens: string, records: SampleRecord[]) {
  return html`<section>
    <h3>${title}</h3>
    <ul>
      ${records.map((r) => html`<li><a href="${screens}/sim/cw/screens/${kind}/${r.id}">${r.label}</a></li>`)}
    </ul>
  </section>`;
}
