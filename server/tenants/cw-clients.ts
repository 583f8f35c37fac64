/**
 * ConnectWise clients per tenant, built from the tenant's encrypted connection, with the shared
 * per-tenant limiter and call recorder. Pods get the interactive retry policy; syncs pass their own.
 */
import { type CwClient, HttpCwClient } from '../connectors/cw/index.ts';
import { INTERACTIVE, type RetryPolicy } from '../connectors/retry.ts';
import { isUpstreamError } from '../connectors/upstream-error.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { writeActivity } from '../sync/engine/activity-log.ts';
import type { CwConfig, CwSecrets } from './connections.ts';
import { clientWithStandby } from './failover.ts';

export interface ClientOptions {
  retry?: RetryPolicy | false;
  timeoutMs?: number;
}

/** A client for one stored ConnectWise key (test connection checks each key on its own). */
export function cwClientFromConnection(
  deps: Deps,
  tenantId: string,
  conn: { config: CwConfig; secrets: CwSecrets },
  opts: ClientOptions = {},
): HttpCwClient {
  return new HttpCwClient({
    apiUrl: conn.config.apiUrl,
    companyId: conn.config.companyId,
    publicKey: conn.config.publicKey,
    privateKey: conn.secrets.privateKey,
    clientId: conn.config.clientId,
    tenantId,
    fetch: deps.fetch,
    recorder: deps.recorder,
    limiter: deps.limiters.for(tenantId, 'cw'),
    retry: opts.retry ?? INTERACTIVE,
    timeoutMs: opts.timeoutMs ?? 20_000,
  });
}

export async function cwClientFor(deps: Deps, tenantId: string, opts: ClientOptions = {}): Promise<CwClient> {
  // The standby key (when stored) takes over if ConnectWise refuses the primary: server/tenants/failover.ts.
  return clientWithStandby(deps, tenantId, 'cw', (conn) => cwClientFromConnection(deps, tenantId, conn, opts));
}

export interface VerifiedMember {
  id: number;
  identifier: string;
  firstName?: string;
  lastName?: string;
  fullName?: string;
  email?: string;
}

/** Asks the tenant's ConnectWise whether this member authentication is real (cookie auth). */
export async function verifyMemberForTenant(
  deps: Deps,
  tenantId: string,
  auth: { companyid: string; memberid: string; memberHash: string; memberContext?: string },
): Promise<VerifiedMember> {
  const client = await cwClientFor(deps, tenantId);
  try {
    // The site was already matched against the tenant's ConnectWise site by the caller.
    const info = await client.verifyMember({
      companyid: auth.companyid,
      memberid: auth.memberid,
      memberHash: auth.memberHash,
      memberContext: auth.memberContext,
    });
    if (info.cookieForm === 'url-encoded') {
      // The variant met is worth knowing: this ConnectWise refused the raw cookie values public integrations send.
      await writeActivity(
        deps.db,
        { tenantId },
        'info',
        {
          code: 'cw_member_cookie_encoded',
          message: `ConnectWise accepted member ${auth.memberid} only with URL-encoded cookie values (the raw form was refused); sign-in works, at one extra call per new session.`,
          details: { cookieForm: info.cookieForm },
        },
        deps.now(),
      );
    }
    if (info.inactiveFlag) {
      throw new AppError(
        'member_inactive',
        `ConnectWise member ${auth.memberid} is inactive; ask your administrator.`,
        {
          status: 403,
        },
      );
    }
    // ConnectWise marks API members with licence class "A": they cannot sign in to its screens, so a pod
    // session for one can only come from someone replaying an API member's cookie.
    if (String(info.licenseClass ?? '').toUpperCase() === 'A') {
      throw new AppError(
        'member_not_allowed',
        `ConnectWise member ${auth.memberid} is an API member; open the pod as a member who signs in to ConnectWise.`,
        { status: 403 },
      );
    }
    return {
      id: info.id,
      identifier: info.identifier ?? auth.memberid,
      firstName: info.firstName ?? undefined,
      lastName: info.lastName ?? undefined,
      fullName: info.fullName ?? undefined,
      email: info.defaultEmail ?? undefined,
    };
  } catch (error) {
    if (isUpstreamError(error) && error.code === 'cw_member_unverified') {
      throw new AppError('member_not_verified', error.message, { status: 401, details: error.details });
    }
    throw error;
  }
}
