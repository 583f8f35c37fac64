/** `/`: what a newcomer sees after `npm start`: the simulated ConnectWise screens and the API. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app.ts';
import type { SampleRecord } from '../deps.ts';
import { page } from './layout.ts';

export async function landingPage(c: Context<AppEnv>) {
  const deps = c.var.deps;
  c.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'");
  const screenOrigin = deps.simulatorScreenOrigins[0];
  const samples = deps.simulators?.samples();
  const links = (title: string, screen: string, records: SampleRecord[]) => html`
    <section>
      <h2>${title}</h2>
      <ul>
        ${records.map(
          (r) => html`<li>
            <a href="${screenOrigin}/sim/cw/screens/${screen}/${r.id}">${r.label}</a>
            <small>(<a href="${screenOrigin}/sim/cw/screens/${screen}/${r.id}?transport=penpal">over Penpal</a>)</small>
          </li>`,
        )}
      </ul>
    </section>`;
  return c.html(
    page(
      'tds-bridge',
      html`
        <h1>tds-bridge <small>${deps.version}</small></h1>
        <p>
          TD SYNNEX price, stock and ordering inside ConnectWise PSA.
          ${
            samples
              ? html`This server runs against <strong>simulated</strong> ConnectWise PSA and TD SYNNEX systems (no real credentials
                are configured). Open a simulated ConnectWise screen: the tds-bridge pod loads inside it, in a cross-origin
                iframe, exactly as ConnectWise would host it.`
              : html`Simulators are off; open the pod from your ConnectWise screens.`
          }
        </p>
        ${
          samples
            ? html`<div class="columns">
              ${links('Opportunities', 'opportunity', samples.opportunities)}
              ${links('Purchase orders', 'purchaseorder', samples.purchaseOrders)} ${links('Service tickets', 'ticket', samples.tickets)}
            </div>
            <h2>Simulators</h2>
            <ul>
              <li><a href="/sim/cw/_sim/stats">ConnectWise simulator statistics</a> (API at <code>/sim/cw/v4_6_release/apis/3.0/</code>)</li>
              <li><a href="/sim/tds/_sim/stats">TD SYNNEX simulator statistics</a> (XML at <code>/sim/tds/SynnexXML/</code>)</li>
            </ul>`
            : ''
        }
        <h2>Operations</h2>
        <ul>
          <li><a href="/console/">Operations console</a> <small>(sign in with <code>npx tds-bridge console --as "Your Name"</code> or the admin token)</small></li>
        </ul>
        <h2>API</h2>
        <ul>
          <li><a href="/api/health">/api/health</a></li>
        </ul>
      `,
    ),
  );
}
