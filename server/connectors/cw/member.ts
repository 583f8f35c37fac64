/**
 * Server-side check of a Hosted API member session. The pod hands us what ConnectWise gave it
 * (`getMemberAuthentication`); we call `system/myMembers/info` with ConnectWise's member cookie and require
 * a 200 whose identifier is the claimed member. The tenant's own API URL is used, never the `site` the
 * browser sent (it is only compared), and the company must be this tenant's.
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

export async function verifyMember(
  tenant: { apiUrl: string; companyId: string; clientId: string },
  auth: CwMemberAuth,
  get: (path: string, headers: Record<string, string>) => Promise<unknown>,
): Promise<CwMyMemberInfo> {
  if (!auth.memberid || !auth.memberHash || !auth.companyid) throw unverified('incomplete member authentication');
  if (auth.companyid.toLowerCase() !== tenant.companyId.toLowerCase()) {
    throw unverified(`company "${auth.companyid}" is not this tenant's ("${tenant.companyId}")`);
  }
  if (auth.site && hostOf(auth.site) !== hostOf(tenant.apiUrl)) {
    throw unverified(`site ${auth.site} is not this tenant's ConnectWise`);
  }
  const cookie = [
    `companyName=${encodeURIComponent(auth.companyid)}`,
    `memberHash=${encodeURIComponent(auth.memberHash)}`,
    `memberId=${encodeURIComponent(auth.memberid)}`,
    `memberContext=${encodeURIComponent(auth.memberContext ?? 'web')}`,
  ].join('; ');
  let json: unknown;
  try {
    json = await get('system/myMembers/info', { Cookie: cookie });
  } catch (error) {
    if (error instanceof UpstreamError && (error.code === 'cw_unauthorized' || error.code === 'cw_forbidden')) {
      throw unverified('the member session was refused', error);
    }
    throw error;
  }
  const parsed = MemberSchema.safeParse(json);
  if (!parsed.success) throw unverified('unexpected member info');
  if (String(parsed.data.identifier ?? '').toLowerCase() !== auth.memberid.toLowerCase()) {
    throw unverified(`the session belongs to ${String(parsed.data.identifier)}, not ${auth.memberid}`);
  }
  return parsed.data;
}
