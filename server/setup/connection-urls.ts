/**
 * The two rules that keep stored secrets from following a URL: every URL of a connection passes the URL
 * policy (server/security/url-policy.ts), and a save that changes any URL must carry the connection's
 * secrets again. Otherwise an admin token alone could repoint ConnectWise at an internal service and have
 * test-connection send it the stored private key.
 */
import type { Deps } from '../deps.ts';
import { AppError, badRequest } from '../errors.ts';
import { checkUrl, parseAllowlist, type UrlKind } from '../security/url-policy.ts';

type PolicyDeps = Pick<Deps, 'env' | 'resolveHost'>;

/** Checks every URL; answers the warnings to show (plain ftp, unresolvable hosts). */
export async function assertUrlsAllowed(
  deps: PolicyDeps,
  urls: Array<{ field: string; url: string | undefined; kind?: UrlKind }>,
): Promise<string[]> {
  const allowlist = parseAllowlist(deps.env.UPSTREAM_PRIVATE_ALLOWLIST);
  const warnings: string[] = [];
  for (const { field, url, kind } of urls) {
    if (url === undefined) continue;
    const verdict = await checkUrl(url, kind ?? 'api', { allowlist, resolve: safeResolver(deps) });
    if (!verdict.ok) {
      throw badRequest('url_not_allowed', `"${field}" ${verdict.problem}.`, { field });
    }
    if (verdict.warning) warnings.push(`${field}: ${verdict.warning}`);
  }
  return warnings;
}

/**
 * A host that does not resolve now cannot be reached now either: accepted (the test connection re-checks
 * it before sending anything), so connections can be prepared on a machine without DNS.
 */
function safeResolver(deps: PolicyDeps) {
  const resolve = deps.resolveHost;
  if (!resolve) return undefined;
  return async (host: string) => {
    try {
      return await resolve(host);
    } catch {
      return [];
    }
  };
}

/** The URL fields whose value differs between the stored config and the new one. */
export function changedUrls(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  fields: string[],
): string[] {
  if (!before) return [];
  return fields.filter((f) => (before[f] ?? undefined) !== (after[f] ?? undefined));
}

export function secretsRequired(changed: string[], missing: string[]): AppError {
  return new AppError(
    'secrets_required_for_url_change',
    `Changing ${changed.join(', ')} needs the connection's secrets again in the same request (${missing.join(', ')}): stored secrets never follow a new address.`,
    { status: 400, details: { changed, missing } },
  );
}
