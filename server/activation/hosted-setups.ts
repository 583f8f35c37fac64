/**
 * The pods' registrations in ConnectWise's Hosted API setup table (`system/connectwisehostedsetups`):
 * one pod per screen, pointing at our pod URL with ConnectWise's `[cw_screen]`/`[cw_id]` tokens, and the
 * opportunity and purchase-order views a second time as Tabs: ConnectWise's Hosted API readme marks pods on those
 * screens "Not Done", so a full-width Tab makes the view reachable whichever the tenant's version shows (the P&A
 * Tab shows the full table where a narrow pod shows cards).
 * Planned first, applied idempotently: an existing registration with our URL is left alone. The URL carries
 * the tenant (`&tenant=`) so the pod page's CSP can name that tenant's ConnectWise origins only; a pod
 * registered before that (or at an old address) is repointed.
 */
import type { CwClient } from '../connectors/cw/index.ts';

export type HostedSetupType = 'Pod' | 'Tab';

export const POD_REGISTRATIONS: ReadonlyArray<{ screen: string; description: string; type: HostedSetupType }> = [
  { screen: 'opportunity', description: 'TD SYNNEX Price & Availability', type: 'Pod' },
  { screen: 'opportunity', description: 'TD SYNNEX Price & Availability', type: 'Tab' },
  { screen: 'purchaseorder', description: 'TD SYNNEX Order', type: 'Pod' },
  { screen: 'purchaseorder', description: 'TD SYNNEX Order', type: 'Tab' },
  { screen: 'ticket', description: 'TD SYNNEX Orders', type: 'Pod' },
];

/** Step key of a registration: `purchaseorder` for the pod, `purchaseorder:tab` for the tab. */
export const registrationKey = (r: { screen: string; type: string }) =>
  r.type === 'Pod' ? r.screen : `${r.screen}:${r.type.toLowerCase()}`;

export const POD_HEIGHT = 300;

/** Where the pods are served and for which tenant. */
export interface PodTarget {
  origin: string;
  tenantId: string;
}

export function podUrl(target: PodTarget): string {
  const base = target.origin.replace(/\/+$/, '');
  return `${base}/pod/?host=cw&tenant=${encodeURIComponent(target.tenantId)}&screen=[cw_screen]&id=[cw_id]`;
}

export interface HostedSetupStep {
  screen: string;
  description: string;
  type: HostedSetupType;
  action: 'create' | 'update' | 'exists' | 'unavailable';
  /** ConnectWise's hosted-screen id, when the screen exists there. */
  screenId?: number;
  existingId?: number;
  detail?: string;
}

const norm = (v: unknown) =>
  String(v ?? '')
    .toLowerCase()
    .replace(/[\s_-]/g, '');

export async function planHostedSetups(cw: CwClient, target: PodTarget): Promise<HostedSetupStep[]> {
  const url = podUrl(target);
  const [screens, setups] = await Promise.all([
    cw.list('system/connectWiseHostedScreens', { pageSize: 1000 }),
    cw.list('system/connectwisehostedsetups', { pageSize: 1000 }),
  ]);
  return POD_REGISTRATIONS.map((pod): HostedSetupStep => {
    const screen = screens.find((s) => norm(s.screenId) === pod.screen || norm(s.name) === pod.screen);
    if (!screen) {
      return {
        ...pod,
        action: 'unavailable',
        detail: `This ConnectWise offers no Hosted API ${pod.type === 'Tab' ? 'tabs' : 'pods'} on the ${pod.screen} screen.`,
      };
    }
    // A setup without a type is a pod (ConnectWise's default display).
    const onScreen = setups.filter(
      (s) => Number(s.screenId) === screen.id && String(s.type ?? 'Pod').toLowerCase() === pod.type.toLowerCase(),
    );
    const exact = onScreen.find((s) => String(s.url ?? '') === url);
    if (exact) return { ...pod, action: 'exists', screenId: screen.id, existingId: exact.id };
    // Ours, but pointing at an old address (the server moved): repoint it rather than add a second pod.
    const moved = onScreen.find((s) => s.description === pod.description && /\/pod\/\?host=/.test(String(s.url ?? '')));
    if (moved) {
      return {
        ...pod,
        action: 'update',
        screenId: screen.id,
        existingId: moved.id,
        detail: `now at ${String(moved.url)}`,
      };
    }
    return { ...pod, action: 'create', screenId: screen.id };
  });
}

export async function applyHostedSetups(cw: CwClient, target: PodTarget): Promise<HostedSetupStep[]> {
  const plan = await planHostedSetups(cw, target);
  for (const step of plan) await applyHostedSetupStep(cw, target, step);
  return plan;
}

/** Applies one planned step (create or repoint); sets and returns its ConnectWise id (undefined when nothing to do). */
export async function applyHostedSetupStep(
  cw: CwClient,
  target: PodTarget,
  step: HostedSetupStep,
): Promise<number | undefined> {
  if (step.action === 'update' && step.existingId !== undefined) {
    await cw.patch('system/connectwisehostedsetups', step.existingId, [
      { op: 'replace', path: 'url', value: podUrl(target) },
      { op: 'replace', path: 'origin', value: new URL(target.origin).origin },
    ]);
    return step.existingId;
  }
  if (step.action !== 'create' || step.screenId === undefined) return step.existingId;
  const created = await cw.create('system/connectwisehostedsetups', {
    screenId: step.screenId,
    description: step.description,
    url: podUrl(target),
    type: step.type,
    origin: new URL(target.origin).origin,
    ...(step.type === 'Pod' ? { podHeight: POD_HEIGHT } : {}),
    disabledFlag: false,
  });
  step.existingId = created.id;
  return created.id;
}
