/**
 * The Penpal method maps, shared by the pod and by any host page we control (the simulated
 * ConnectWise screens, other hosts). Penpal requires `type` aliases, not interfaces.
 */
import type { MemberAuthentication, OpenScreenArgs, SaveVerdict } from './types.ts';

export type ScreenObject = { screen: string; recordId: number | null; hostedAs: string };

export type HostMethods = {
  getContext(): ScreenObject;
  getMemberAuthentication(): MemberAuthentication;
  refreshScreen(): void;
  setDirty(dirty: boolean): void;
  openScreen(args: OpenScreenArgs): void;
};

export type PodMethods = {
  onLoad(screen: ScreenObject): void;
  beforeSave(): SaveVerdict | Promise<SaveVerdict>;
};
