/**
 * Named points on the order path where a process can die. Production passes no hooks; the fault suite passes
 * one that throws at chosen points to prove that a crash anywhere never places a second order or loses one.
 */
export const CRASH_POINTS = [
  'after_request',
  'after_validate',
  'after_claim',
  'after_mark_sent',
  'after_tds_answer',
  'after_settle',
  'before_writeback',
  'after_writeback',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export interface OrderHooks {
  /** Called when the path reaches `point`; throwing here is a crash at that point. */
  reached(point: CrashPoint, where: { cwPoId: number; tdsPoNumber?: string }): void;
}

export const NO_HOOKS: OrderHooks = { reached: () => {} };

/** What a hook throws to simulate the process dying (the engine sees a failed step and retries). */
export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint) {
    super(`simulated crash at ${point}`);
    this.name = 'SimulatedCrash';
  }
}
