/**
 * Picks the transport from the URL the pod is registered with: `?host=cw` (ConnectWise Hosted API,
 * the default) or `?host=penpal`. Penpal is loaded only when asked for, keeping the ConnectWise bundle small.
 */
import { connectCwHosted } from './cw-hosted.ts';
import type { ConnectOptions, HostBridge } from './types.ts';

export type Transport = 'cw' | 'penpal';

export function transportFromUrl(url: string): Transport {
  return new URL(url).searchParams.get('host') === 'penpal' ? 'penpal' : 'cw';
}

export async function connectHost(opts: ConnectOptions): Promise<HostBridge> {
  const url = opts.url ?? window.location.href;
  if (transportFromUrl(url) === 'penpal') {
    const { connectPenpal } = await import('./penpal.ts');
    return connectPenpal({ ...opts, url });
  }
  return connectCwHosted({ ...opts, url });
}
