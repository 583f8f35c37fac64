/**
 * Server-side check of a Hosted API member session. The pod hands us what ConnectWise gave it
 * (`getMemberAuthentication`); we call `system/myMembers/info` with ConnectWise's member cookies and require
 * a 200 whose identifier is the claimed member. The tenant's own API URL is used, never the `site` the
 * browser sent (it is only compared), and the company must be this tenant's.
 *
 * Cookie values go out raw first, as public integrations send them; real member hashes carry `+`, `/` and
 * `=`, and a ConnectWise that reads cookie values URL-decoded turns a raw `+` into a space and refuses it.
 * Only then are the URL-encoded values tried. `memberContext` is always sent: ConnectWise refuses the
 * check without it (Ingenio-Tech/ticketwise: src/lib/session.ts; connectwise-psa.md corrections).
 */
import { UpstreamError } from '../upstream-error.ts';
import { cwError } from './errors.ts';
import { type CwMyMemberInfo, CwMyMemberInfo as MemberSchema } from './schemas.ts';

export interface CwMemberAuth {
  site?: string;
  companyid: string;
  memberid: string;
  memberHash: string;
  memberContext?: string;
}

/** How the member cookies were written when ConnectWise accepted them. */
export type CwCookieForm = 'raw' | 'url-encoded';

export type CwVerifiedMember = CwMyMemberInfo & { cookieForm: CwCookieForm };

const unverified = (why: string, cause?: unknown) =>
  cwError(
    'cw_member_unverified',
    `ConnectWise did not confirm this member (${why}). Reopen the screen in ConnectWise and try again.`,
    {
      cause,
    },
  );

const hostOf = (url: string) => {
  try {
    return new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`).hostname.toLowerCase().replace(/^api-/, '');
  } catch {
    return '';
  }
};

/** A cookie value can be sent raw only if it is printable ASCII without the cookie separators. */
const RAW_SAFE = /^[\x21-\x7E]+$/;
const RAW_UNSAFE = /[;,"\\]/;
const rawSafe = (value: string) => RAW_SAFE.test(value) && !RAW_UNSAFE.test(value);

/** A refusal of the member session: 401/403, or 404, which cloud ConnectWise can answer for bad auth. */
const refused = (error: unknown) =>
  error instanceof UpstreamError &&
  (error.code === 'cw_unauthorized' || error.code === 'cw_forbidden' || error.code === 'cw_not_found');

function cookieHeader(values: [string, string][], form: CwCookieForm): string {
  return values.map(([name, value]) => `${name}=${form === 'raw' ? value : encodeURIComponent(value)}`).join('; ');
}

export async function verifyMember(
  tenant: { apiUrl: string; companyId: string; clientId: string },
  auth: CwMemberAuth,
  get: (path: string, headers: Record<string, string>) => Promise<unknown>,
): Promise<CwVerifiedMember> {
  if (!auth.memberid || !auth.memberHash || !auth.companyid) throw unverified('incomplete member authentication');
  if (auth.companyid.toLowerCase() !== tenant.companyId.toLowerCase()) {
    throw unverified(`company "${auth.companyid}" is not this tenant's ("${tenant.companyId}")`);
  }
  if (auth.site && hostOf(auth.site) !== hostOf(tenant.apiUrl)) {
    throw unverified(`site ${auth.site} is not this tenant's ConnectWise`);
  }
  const values: [string, string][] = [
    ['companyName', auth.companyid],
    ['memberHash', auth.memberHash],
    ['memberId', auth.memberid],
    ['memberContext', auth.memberContext || 'web'],
  ];
  // The encoded form is a second try only where encoding changes something: a refused session whose values read
  // the same either way (a forged hash, say) costs ConnectWise one call, not two.
  const encodingChanges = values.some(([, v]) => encodeURIComponent(v) !== v);
  const forms: CwCookieForm[] = !values.every(([, v]) => rawSafe(v))
    ? ['url-encoded']
    : encodingChanges
      ? ['raw', 'url-encoded']
      : ['raw'];
  let json: unknown;
  let accepted: CwCookieForm | undefined;
  let lastRefusal: unknown;
  for (const form of forms) {
    try {
      json = await get('system/myMembers/info', { Cookie: cookieHeader(values, form) });
      accepted = form;
      break;
    } catch (error) {
      if (!refused(error)) throw error;
      lastRefusal = error;
    }
  }
  if (!accepted) throw unverified('the member session was refused', lastRefusal);
  const parsed = MemberSchema.safeParse(json);
  if (!parsed.success) throw unverified('unexpected member info');
  if (String(parsed.data.identifier ?? '').toLowerCase() !== auth.memberid.toLowerCase()) {
    throw unverified(`the session belongs to ${String(parsed.data.identifier)}, not ${auth.memberid}`);
  }
  return { ...parsed.data, cookieForm: accepted };
}
