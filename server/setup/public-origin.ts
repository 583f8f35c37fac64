/** The origin ConnectWise uses to reach this server: pods and callbacks are registered under it. */
import type { Deps } from '../deps.ts';

export function publicOrigin(deps: Pick<Deps, 'publicOrigin' | 'env'>, requestUrl?: string): string {
  const configured = deps.publicOrigin ?? deps.env.PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  if (requestUrl) return new URL(requestUrl).origin;
  throw new Error('No public origin: set PUBLIC_URL to the address ConnectWise reaches tds-bridge at.');
}

export function callbackUrl(origin: string, tenantId: string): string {
  return `${origin.replace(/\/+$/, '')}/api/callbacks/cw/${encodeURIComponent(tenantId)}`;
}
