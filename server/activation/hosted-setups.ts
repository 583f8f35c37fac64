/**
 * The pods' registrations in ConnectWise's Hosted API setup table (`system/connectwisehostedsetups`):
 * one pod per screen, pointing at our pod URL with ConnectWise's `[cw_screen]`/`[cw_id]` tokens.
 * Planned first, applied idempotently: an existing registration with our URL is left alone.
 */
import type { CwClient } from '../connectors/cw/index.ts';

/**
 * ConnectWise's Hosted API readme marks pods on the purchase-order screen "(Not Done)": the PO screen also gets a
 * Tab (full width), so the order is reachable there whichever the tenant's ConnectWise version shows.
 */
export const POD_REGISTRATIONS = [
  { screen: 'opportunity', description: 'TD SYNNEX Price & Availability', type: 'Pod' },
  { screen: 'purchaseorder', description: 'TD SYNNEX Order', type: 'Pod' },
  { screen: 'purchaseorder', description: 'TD SYNNEX Order', type: 'Tab' },
  { screen: 'ticket', description: 'TD SYNNEX Orders', type: 'Pod' },
] as const;

/** Step key of a registration: `purchaseorder` for the pod, `purchaseorder:tab` for the tab. */
export const registrationKey = (r: { screen: string; type: string }) =>
  r.type === 'Pod' ? r.screen : `${r.screen}:${r.type.toLowerCase()}`;

export const POD_HEIGHT = 300;

export function podUrl(podOrigin: string): string {
  return `${podOrigin.replace(/\/+$/, '')}/pod/?host=cw&screen=[cw_screen]&id=[cw_id]`;
}

export interface HostedSetupStep {
  screen: string;
  description: string;
  type: 'Pod' | 'Tab';
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

export async function planHostedSetups(cw: CwClient, podOrigin: string): Promise<HostedSetupStep[]> {
  const url = podUrl(podOrigin);
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
        detail: `This ConnectWise offers no Hosted API pods on the ${pod.screen} screen.`,
      };
    }
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

export async function applyHostedSetups(cw: CwClient, podOrigin: string): Promise<HostedSetupStep[]> {
  const plan = await planHostedSetups(cw, podOrigin);
  for (const step of plan) await applyHostedSetupStep(cw, podOrigin, step);
  return plan;
}

/** Applies one planned step (create or repoint); sets and returns its ConnectWise id (undefined when nothing to do). */
export async function applyHostedSetupStep(
  cw: CwClient,
  podOrigin: string,
  step: HostedSetupStep,
): Promise<number | undefined> {
  if (step.action === 'update' && step.existingId !== undefined) {
    await cw.patch('system/connectwisehostedsetups', step.existingId, [
      { op: 'replace', path: 'url', value: podUrl(podOrigin) },
      { op: 'replace', path: 'origin', value: new URL(podOrigin).origin },
    ]);
    return step.existingId;
  }
  if (step.action !== 'create' || step.screenId === undefined) return step.existingId;
  const created = await cw.create('system/connectwisehostedsetups', {
    screenId: step.screenId,
    description: step.description,
    url: podUrl(podOrigin),
    type: step.type,
    origin: new URL(podOrigin).origin,
    podHeight: POD_HEIGHT,
    disabledFlag: false,
  });
  step.existingId = created.id;
  return created.id;
}
