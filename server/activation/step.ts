/** One activation step: found or to be created/updated in ConnectWise, and how to apply it. */
import type { CwSetupKind } from '../../db/schema/activation.ts';

/** `blocked`: ConnectWise would not even let us look (e.g. a missing permission); applying reports it as failed. */
export type StepAction = 'create' | 'update' | 'exists' | 'unavailable' | 'blocked';

export interface ActivationStep {
  /** Stable id, e.g. `po_status:TDS Shipped`. */
  id: string;
  kind: CwSetupKind;
  /** For people: `PO status "TDS Shipped"`. */
  name: string;
  /** Key in tenant_cw_setup (cw-setup-ids.ts). */
  key: string;
  action: StepAction;
  /** ConnectWise id of what exists (or will be updated). */
  cwId?: number;
  detail: string;
}

export interface PlannedStep extends ActivationStep {
  /** Makes the change; returns the ConnectWise id. Absent for `exists` and `unavailable`. */
  apply?: () => Promise<number>;
  /** Why a `blocked` step could not be planned. */
  blockedBy?: unknown;
}

export const lower = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();
