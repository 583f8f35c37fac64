/**
 * TD SYNNEX connection checks: the XML services answer, the EC login is accepted, this server's IP is
 * registered, the account may buy a known product, and the REST catalogue login (Product Sync) works.
 * The probe is a price & availability request for one SKU: it reads, never orders.
 */

import type { TdsClient, TdsPriceLine } from '../../connectors/tds/types.ts';
import { isUpstreamError } from '../../connectors/upstream-error.ts';
import type { Deps } from '../../deps.ts';
import type { ConnectionOf } from '../../tenants/failover.ts';
import { tdsClientFromConnection } from '../../tenants/tds-clients.ts';
import { describeExpiry, expiryOf } from '../expiry.ts';
import { type Check, type CheckStatus, check, errorText, timed } from './check.ts';

/** A Dell monitor every US account may buy (also in the simulator's catalogue). */
export const DEFAULT_PROBE_SKU = '6544282';

export interface TdsCheckContext {
  deps: Deps;
  tenantId: string;
  conn: ConnectionOf<'tds'>;
  timeoutMs: number;
  probeSku?: string;
}

const c = (id: string, name: string, status: CheckStatus, detail: string, fix: string | null = null, ms?: number) =>
  check('tds', id, name, status, detail, fix, ms);

const NAMES = {
  expiry: 'TD SYNNEX password expiry',
  reachable: 'TD SYNNEX reachable',
  credentials: 'XML credentials valid',
  ip: 'Server IP registered',
  account: 'Account authorised',
  catalogue: 'Catalogue API login (Product Sync)',
};

function client(ctx: TdsCheckContext): TdsClient {
  return tdsClientFromConnection(ctx.deps, ctx.tenantId, ctx.conn, { retry: false, timeoutMs: ctx.timeoutMs });
}

export function tdsExpiryCheck(conn: ConnectionOf<'tds'>, now: Date, tenantId: string): Check {
  const e = expiryOf(conn.expiresAt, now);
  const text = describeExpiry({ name: 'TD SYNNEX password', plural: false }, e);
  const renew = `Change the EC password at TD SYNNEX (ec.synnex.com > My Account) and save it with PUT /api/admin/tenants/${tenantId}/connections/tds including the new expiresAt.`;
  if (e.state === 'expired') return c('tds_credential_expiry', NAMES.expiry, 'fail', text, renew);
  if (e.state === 'warning') return c('tds_credential_expiry', NAMES.expiry, 'warn', text, renew);
  if (e.state === 'none') {
    return c(
      'tds_credential_expiry',
      NAMES.expiry,
      'skipped',
      text,
      "Record the password's expiry date (expiresAt) to be warned 14 days ahead.",
    );
  }
  return c('tds_credential_expiry', NAMES.expiry, 'pass', text);
}

export async function tdsChecks(ctx: TdsCheckContext): Promise<Check[]> {
  const { conn, tenantId } = ctx;
  const sku = ctx.probeSku ?? DEFAULT_PROBE_SKU;
  const tds = client(ctx);
  const checks: Check[] = [tdsExpiryCheck(conn, ctx.deps.now(), tenantId)];
  const save = `PUT /api/admin/tenants/${tenantId}/connections/tds`;

  const pna = await timed(() => tds.priceAvailability([sku]));
  const code = isUpstreamError(pna.error) ? pna.error.code : undefined;
  const said = pna.error ? errorText(pna.error) : '';
  if (
    pna.error &&
    (!code ||
      [
        'tds_timeout',
        'tds_network',
        'tds_server_error',
        'tds_http_error',
        'tds_malformed_response',
        'tds_rate_limited',
      ].includes(code))
  ) {
    const timedOut = code === 'tds_timeout';
    checks.push(
      c(
        'tds_reachable',
        NAMES.reachable,
        'fail',
        timedOut ? `TD SYNNEX did not answer ${conn.config.xmlUrl} in time.` : `TD SYNNEX XML services failed: ${said}`,
        timedOut || code === 'tds_server_error' || code === 'tds_rate_limited'
          ? 'TD SYNNEX may be slow or in maintenance; run the test again in a few minutes. If it persists, call TD SYNNEX EC support.'
          : `Check xmlUrl (${conn.config.xmlUrl}; production https://ec.us.tdsynnex.com) and that this server can reach it.`,
        pna.ms,
      ),
      c('tds_credentials', NAMES.credentials, 'skipped', 'Skipped: TD SYNNEX did not answer.'),
      c('tds_ip', NAMES.ip, 'skipped', 'Skipped.'),
      c('tds_account', NAMES.account, 'skipped', 'Skipped.'),
    );
  } else {
    checks.push(
      c(
        'tds_reachable',
        NAMES.reachable,
        'pass',
        `${conn.config.xmlUrl} answers (${Math.round(pna.ms)} ms).`,
        null,
        pna.ms,
      ),
    );
    if (code === 'tds_ip_refused') {
      checks.push(
        c(
          'tds_credentials',
          NAMES.credentials,
          'skipped',
          "Skipped: TD SYNNEX refused this server's IP address before checking the login.",
        ),
        c(
          'tds_ip',
          NAMES.ip,
          'fail',
          'TD SYNNEX answered "IP Address Invalid": this server\'s IP address is not registered for XML access.',
          'Ask your TD SYNNEX account rep (or EC support) to register the static public IP address tds-bridge calls from for XML services on customer ' +
            `${conn.config.customerNo}.`,
          pna.ms,
        ),
        c('tds_account', NAMES.account, 'skipped', 'Skipped.'),
      );
    } else if (code === 'tds_auth_failed') {
      const expired =
        expiryOf(conn.expiresAt, ctx.deps.now()).state === 'expired'
          ? ' The recorded password expiry date has passed.'
          : '';
      checks.push(
        c(
          'tds_credentials',
          NAMES.credentials,
          'fail',
          `TD SYNNEX refused the EC login of user ${conn.config.user} on customer ${conn.config.customerNo}.${expired}`,
          `Check the customer number, EC user name and password (sign in at ec.synnex.com to confirm them; reset an expired password there), then save them with ${save}.`,
          pna.ms,
        ),
        c('tds_ip', NAMES.ip, 'skipped', 'Skipped: the login was refused.'),
        c('tds_account', NAMES.account, 'skipped', 'Skipped.'),
      );
    } else if (pna.error) {
      checks.push(
        c(
          'tds_credentials',
          NAMES.credentials,
          'warn',
          `TD SYNNEX answered with an error: ${said}`,
          'Run the test again; if it persists, send this message to TD SYNNEX EC support.',
          pna.ms,
        ),
        c('tds_ip', NAMES.ip, 'skipped', 'Skipped.'),
        c('tds_account', NAMES.account, 'skipped', 'Skipped.'),
      );
    } else {
      checks.push(
        c(
          'tds_credentials',
          NAMES.credentials,
          'pass',
          `TD SYNNEX accepted user ${conn.config.user} on customer ${conn.config.customerNo}.`,
        ),
        c('tds_ip', NAMES.ip, 'pass', "TD SYNNEX accepted requests from this server's IP address."),
        accountCheck(sku, pna.value?.[0]),
      );
    }
  }
  checks.push(await catalogueCheck(ctx, tds, sku, save));
  return checks;
}

function accountCheck(sku: string, line: TdsPriceLine | undefined): Check {
  if (!line)
    return c(
      'tds_account',
      NAMES.account,
      'warn',
      `TD SYNNEX returned no line for SKU ${sku}.`,
      'Run the test again with another SKU ("probeSku").',
    );
  if (line.status === 'Not authorized') {
    return c(
      'tds_account',
      NAMES.account,
      'fail',
      `TD SYNNEX says account is "Not authorized" for SKU ${sku} (${line.description || line.mfgPN}).`,
      'Ask your TD SYNNEX account rep to authorise the account for this manufacturer (reseller authorisation), or test with a SKU you are allowed to buy ("probeSku").',
    );
  }
  if (line.status === 'Not found') {
    return c(
      'tds_account',
      NAMES.account,
      'warn',
      `TD SYNNEX does not know SKU ${sku}.`,
      'Run the test again with a SKU from your TD SYNNEX catalogue ("probeSku").',
    );
  }
  const price = line.price === null ? 'no price' : `$${line.price.toFixed(2)}`;
  return c(
    'tds_account',
    NAMES.account,
    'pass',
    `SKU ${sku} (${line.mfgPN}): ${line.status}, ${price}, ${line.totalQuantity} in stock.`,
  );
}

async function catalogueCheck(ctx: TdsCheckContext, tds: TdsClient, sku: string, save: string): Promise<Check> {
  const { config } = ctx.conn;
  if (!config.oauthClientId || !ctx.conn.secrets.oauthClientSecret) {
    return c(
      'tds_catalogue',
      NAMES.catalogue,
      'warn',
      'No catalogue API client is stored; Product Sync cannot read the TD SYNNEX catalogue.',
      `Ask TD SYNNEX for Digital Bridge API client credentials and save oauthClientId and oauthClientSecret with ${save}.`,
    );
  }
  const result = await timed(async () => {
    for await (const page of tds.catalogueSearch({ tdsynnexPartNumber: [sku], pageSize: 1 })) return page;
    return undefined;
  });
  if (!result.error)
    return c(
      'tds_catalogue',
      NAMES.catalogue,
      'pass',
      `The catalogue API accepted client ${config.oauthClientId}.`,
      null,
      result.ms,
    );
  const code = isUpstreamError(result.error) ? result.error.code : undefined;
  if (code === 'tds_auth_failed') {
    return c(
      'tds_catalogue',
      NAMES.catalogue,
      'fail',
      `TD SYNNEX refused catalogue API client ${config.oauthClientId}.`,
      `Check oauthClientId and oauthClientSecret (the Digital Bridge API credentials, not the EC login) and save them with ${save}.`,
      result.ms,
    );
  }
  return c(
    'tds_catalogue',
    NAMES.catalogue,
    'fail',
    `The catalogue API failed: ${errorText(result.error)}`,
    `Check restUrl (${config.restUrl ?? config.xmlUrl}); if it is right, run the test again later.`,
    result.ms,
  );
}
