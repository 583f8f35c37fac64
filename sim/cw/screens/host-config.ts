/** What the simulated screen page tells its host script (embedded as JSON in the page). */
import type { MemberAuthentication } from '../../../pod/bridge/types.ts';

export interface HostPageConfig {
  /** Origin the pod is served from; every message to and from the frame is checked against it. */
  podOrigin: string;
  transport: 'cw' | 'penpal';
  /** ConnectWise's MessageFrameID for this pod frame. */
  frameId: string;
  screen: string;
  /** How ConnectWise hosts this frame: a pod in the side panel or a Tab. */
  hostedAs: 'pod' | 'tab';
  recordId: number;
  memberAuthentication: MemberAuthentication;
}
