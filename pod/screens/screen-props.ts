/** What every screen gets from the pod shell. */
import type { HostBridge, HostContext } from '../bridge/types.ts';
import type { PodSession } from '../session.ts';

export interface ScreenProps {
  bridge: HostBridge;
  context: HostContext;
  session: PodSession;
}
