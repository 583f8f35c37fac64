/**
 * ConnectWise connection checks, in the order an admin would fix them: the site answers, the company id
 * exists, the clientId is accepted, the API keys sign in, the API member is active, then (in
 * cw-permissions.ts) what the member's security role allows. A check that cannot be judged because an
 * earlier one failed is `skipped`, so exactly the first problem is named as failing.
 */
import { isUpstreamError } from '../../connectors/upstream-error.ts';
import type { Deps } from '../../deps.ts';
import type { ConnectionOf } from '../../tenants/failover.ts';
import { describeExpiry, expiryOf } from '../expiry.ts';
import { type Check, type CheckStatus, check, errorText, timed } from './check.ts';
import { permissionChecks } from './cw-permissions.ts';
import { companyInfo, cwHostRoot, myMemberInfo, type RawAnswer } from './cw-probe.ts';

export interface CwCheckContext {
  deps: Deps;
  tenantId: string;
  conn: ConnectionOf<'cw'>;
  timeoutMs: number;
}

const c = (id: string, name: string, status: CheckStatus, detail: string, fix: string | null = null, ms?: number) =>
  check('cw', id, name, status, detail, fix, ms);

const NAMES = {
  expiry: 'API key expiry',
  reachable: 'ConnectWise reachable',
  company: 'Company id',
  clientId: 'clientId accepted',
  keys: 'API keys valid',
  member: 'API member active',
};
const IDS: Record<keyof typeof NAMES, string> = {
  expiry: 'cw_key_expiry',
  reachable: 'cw_reachable',
  company: 'cw_company',
  clientId: 'cw_client_id',
  keys: 'cw_keys',
  member: 'cw_member_active',
};

const skip = (which: keyof typeof NAMES, why: string) => c(IDS[which], NAMES[which], 'skipped', why);

export function cwExpiryCheck(conn: ConnectionOf<'cw'>, now: Date, tenantId: string): Check {
  const e = expiryOf(conn.expiresAt, now);
  const text = describeExpiry({ name: 'ConnectWise API keys', plural: true }, e);
  const renew = `Generate new keys in ConnectWise (System > Members > API Members > the API member > API Keys), then save them with PUT /api/admin/tenants/${tenantId}/connections/cw including the new expiresAt.`;
  if (e.state === 'expired') return c('cw_key_expiry', NAMES.expiry, 'fail', text, renew);
  if (e.state === 'warning') return c('cw_key_expiry', NAMES.expiry, 'warn', text, renew);
  if (e.state === 'none') {
    return c(
      'cw_key_expiry',
      NAMES.expiry,
      'skipped',
      text,
      "Record the keys' expiry date (expiresAt) to be warned 14 days ahead.",
    );
  }
  return c('cw_key_expiry', NAMES.expiry, 'pass', text);
}

export async function cwChecks(ctx: CwCheckContext): Promise<Check[]> {
  const { deps, tenantId, conn, timeoutMs } = ctx;
  const checks: Check[] = [cwExpiryCheck(conn, deps.now(), tenantId)];
  const { apiUrl, companyId } = conn.config;
  const host = cwHostRoot(apiUrl);

  const info = await timed(() => companyInfo(deps, tenantId, conn, timeoutMs));
  const unreachable = unreachableReason(info.error, info.value, `${host}/login/companyinfo/${companyId}`);
  if (unreachable) {
    checks.push(c('cw_reachable', NAMES.reachable, 'fail', unreachable.detail, unreachable.fix, info.ms));
    return [
      ...checks,
      skip('company', 'Skipped: ConnectWise did not answer.'),
      skip('clientId', 'Skipped.'),
      skip('keys', 'Skipped.'),
      skip('member', 'Skipped.'),
    ];
  }
  const me = await timed(() => myMemberInfo(deps, tenantId, conn, timeoutMs));
  const apiDown = unreachableReason(me.error, me.value, `${apiUrl}/system/myMembers/info`);
  if (apiDown) {
    checks.push(c('cw_reachable', NAMES.reachable, 'fail', apiDown.detail, apiDown.fix, me.ms));
  } else {
    checks.push(
      c('cw_reachable', NAMES.reachable, 'pass', `${host} answers (${Math.round(info.ms)} ms).`, null, info.ms),
    );
  }
  checks.push(companyCheck(info.value!, companyId));
  if (apiDown)
    return [
      ...checks,
      skip('clientId', 'Skipped: the REST API did not answer.'),
      skip('keys', 'Skipped.'),
      skip('member', 'Skipped.'),
    ];

  const answer = me.value!;
  const said = upstreamMessage(answer);
  const keysFix = `In ConnectWise open System > Members > API Members > your API member > API Keys, generate a new key pair and save the public and private key with PUT /api/admin/tenants/${tenantId}/connections/cw. Check that the public and private key are not swapped and that the company id is "${companyId}".`;
  if (answer.status === 401 && /clientid/i.test(said)) {
    checks.push(
      c(
        'cw_client_id',
        NAMES.clientId,
        'fail',
        `ConnectWise refused the clientId ${conn.config.clientId}: "${said}".`,
        'Register tds-bridge at https://developer.connectwise.com (Manage > Client IDs) and save the GUID it issues as clientId.',
        me.ms,
      ),
      skip('keys', 'Skipped: ConnectWise refused the clientId before looking at the keys.'),
      skip('member', 'Skipped.'),
    );
    return checks;
  }
  if (answer.status === 401 && /UserNotAuthenticated/i.test(said)) {
    checks.push(
      c('cw_client_id', NAMES.clientId, 'pass', 'ConnectWise accepted the clientId.'),
      skip(
        'keys',
        'Skipped: ConnectWise found the keys\' API member but would not sign it in (see "API member active").',
      ),
      c(
        'cw_member_active',
        NAMES.member,
        'fail',
        `ConnectWise answered "UserNotAuthenticated": the API member of these keys is inactive or has no API access.`,
        'In ConnectWise open System > Members > API Members, open the member these keys belong to and clear "Inactive" (or generate keys for an active API member and save them).',
        me.ms,
      ),
    );
    return checks;
  }
  // Cloud ConnectWise can answer refused credentials with 404 (Developer Guide), on an endpoint that always exists.
  const cloudRefusal = answer.status === 404 && answer.json !== undefined;
  if (answer.status === 401 || cloudRefusal) {
    const expired = expiryOf(conn.expiresAt, deps.now());
    const extra =
      expired.state === 'expired' ? ` The recorded expiry date ${conn.expiresAt?.slice(0, 10)} has passed.` : '';
    checks.push(
      c('cw_client_id', NAMES.clientId, 'skipped', 'Cannot be confirmed until the API keys are accepted.'),
      c(
        'cw_keys',
        NAMES.keys,
        'fail',
        `ConnectWise refused the API keys (HTTP ${answer.status}${said ? `: "${said}"` : ''}${cloudRefusal ? '; cloud ConnectWise answers refused credentials with 404' : ''}).${extra}`,
        keysFix,
        me.ms,
      ),
      skip('member', 'Skipped: the keys were refused.'),
    );
    return checks;
  }
  if (answer.status !== 200 || !answer.json) {
    checks.push(
      c('cw_client_id', NAMES.clientId, 'skipped', 'Cannot be judged.'),
      c(
        'cw_keys',
        NAMES.keys,
        'warn',
        `ConnectWise answered the sign-in check with HTTP ${answer.status}${said ? `: "${said}"` : ''}.`,
        'Run the test again; if it persists, check the API URL and that the API member may read its own member record.',
        me.ms,
      ),
      skip('member', 'Skipped.'),
    );
    return checks;
  }
  const member = answer.json as { id?: number; identifier?: string; inactiveFlag?: boolean; licenseClass?: string };
  checks.push(
    c('cw_client_id', NAMES.clientId, 'pass', `ConnectWise accepted clientId ${conn.config.clientId}.`),
    c('cw_keys', NAMES.keys, 'pass', `The keys sign in as API member ${member.identifier ?? member.id}.`, null, me.ms),
    member.inactiveFlag
      ? c(
          'cw_member_active',
          NAMES.member,
          'fail',
          `API member ${member.identifier} is inactive.`,
          `In ConnectWise open System > Members > API Members > ${member.identifier} and clear "Inactive".`,
        )
      : c('cw_member_active', NAMES.member, 'pass', `API member ${member.identifier} is active.`),
  );
  if (member.inactiveFlag) return checks;
  return [...checks, ...(await permissionChecks({ ...ctx, memberId: member.id, memberIdentifier: member.identifier }))];
}

function companyCheck(info: RawAnswer, companyId: string): Check {
  if (info.status === 404) {
    return c(
      'cw_company',
      NAMES.company,
      'fail',
      `ConnectWise does not know company id "${companyId}".`,
      'Use the "Company" value of the ConnectWise login screen (not the company name) as companyId, for the tenant and the connection.',
    );
  }
  const name = info.json?.CompanyName;
  if (info.status === 200 && name) {
    const version = info.json?.VersionCode ? `, ConnectWise ${String(info.json.VersionCode)}` : '';
    return c('cw_company', NAMES.company, 'pass', `Company "${companyId}" is ${String(name)}${version}.`);
  }
  return c(
    'cw_company',
    NAMES.company,
    'warn',
    `ConnectWise answered the company lookup with HTTP ${info.status}; the company id could not be confirmed.`,
    'Check that companyId is the "Company" value of the ConnectWise login screen.',
  );
}

/**
 * ConnectWise's own error message, only from an answer shaped like ConnectWise's errors (`code` and
 * `message`), cut short: another service's body is never relayed into a check.
 */
function upstreamMessage(answer: RawAnswer): string {
  const m = answer.json?.message;
  const code = answer.json?.code;
  return typeof m === 'string' && typeof code === 'string' ? m.slice(0, 160) : '';
}

/** Why ConnectWise cannot be used at all (no answer, an error page, an outage), or undefined. */
function unreachableReason(
  error: unknown,
  answer: RawAnswer | undefined,
  url: string,
): { detail: string; fix: string } | undefined {
  if (error) {
    const timedOut = isUpstreamError(error) && error.code === 'cw_timeout';
    return {
      detail: timedOut
        ? `ConnectWise did not answer ${url} in time.`
        : `ConnectWise could not be reached at ${url}: ${errorText(error)}`,
      fix: timedOut
        ? 'ConnectWise may be slow or in maintenance: check https://status.connectwise.com and try again. If it persists, check the API URL.'
        : 'Check the site and API URL (cloud API hosts start with "api-", e.g. https://api-na.myconnectwise.net) and that this server can reach it (firewall, DNS).',
    };
  }
  if (!answer) return undefined;
  if (answer.html) {
    return {
      detail: `${url} answered with an HTML page instead of the API (HTTP ${answer.status}).`,
      fix: 'Point apiUrl at the API host: cloud API hosts start with "api-", e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0.',
    };
  }
  if (answer.status >= 500) {
    return {
      detail: `ConnectWise answered HTTP ${answer.status} at ${url}${upstreamMessage(answer) ? `: "${upstreamMessage(answer)}"` : ''}.`,
      fix: 'ConnectWise is failing or in maintenance: check https://status.connectwise.com and run the test again later.',
    };
  }
  if (answer.status === 429) {
    return {
      detail: 'ConnectWise is throttling this server (HTTP 429).',
      fix: 'Wait a minute and run the test again; if syncs are running, they share the same ConnectWise quota.',
    };
  }
  return undefined;
}
