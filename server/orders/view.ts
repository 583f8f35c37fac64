/** The order as the pod, the admin API and the CLI show it (no internal claim columns). */
import type { OrderRow, OrderState, OrderSubmissionRow } from '../../db/schema/orders.ts';

/** States after which nothing moves without a person. */
export const SETTLED_STATES: readonly OrderState[] = ['accepted', 'rejected', 'failed', 'invalid', 'withdrawn'];

export interface OrderView {
  cwPoId: number;
  cwPoNumber: string;
  state: OrderState;
  /** True once the order is accepted, rejected, failed, invalid or withdrawn and its PO write-back is done. */
  settled: boolean;
  tdsPoNumber: string;
  poNumbers: string[];
  tdsOrderNumbers: string[];
  generation: number;
  testMode: boolean;
  issues: OrderRow['issues'];
  rejection: { code: string; reason: string } | null;
  lastError: { code: string; message: string } | null;
  approvals: OrderRow['approvals'];
  amount: number | null;
  changes: OrderRow['changes'];
  requestedBy: string | null;
  requestedVia: OrderRow['requestedVia'];
  requestCount: number;
  ignoredRequests: number;
  writeback: OrderRow['writeback'];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  resolvedAt: string | null;
  submissions?: Array<{
    tdsPoNumber: string;
    generation: number;
    batch: number;
    state: OrderSubmissionRow['state'];
    attempts: number;
    tdsOrderNumbers: string[];
    rejectionReason: string | null;
  }>;
}

export function orderView(order: OrderRow, submissions?: OrderSubmissionRow[]): OrderView {
  const current = submissions?.filter((s) => s.generation === order.generation) ?? [];
  return {
    cwPoId: order.cwPoId,
    cwPoNumber: order.cwPoNumber,
    state: order.state,
    settled: SETTLED_STATES.includes(order.state) && order.writeback !== 'pending',
    tdsPoNumber: order.tdsPoNumber,
    poNumbers: current.length ? current.map((s) => s.tdsPoNumber) : [order.tdsPoNumber],
    tdsOrderNumbers: order.tdsOrderNumbers,
    generation: order.generation,
    testMode: order.testMode,
    issues: order.issues,
    rejection: order.rejectionCode ? { code: order.rejectionCode, reason: order.rejectionReason ?? '' } : null,
    lastError: order.lastErrorCode ? { code: order.lastErrorCode, message: order.lastErrorMessage ?? '' } : null,
    approvals: order.approvals,
    amount: order.amount,
    changes: order.changes,
    requestedBy: order.requestedBy,
    requestedVia: order.requestedVia,
    requestCount: order.requestCount,
    ignoredRequests: order.ignoredRequests,
    writeback: order.writeback,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    submittedAt: order.submittedAt,
    resolvedAt: order.resolvedAt,
    ...(submissions
      ? {
          submissions: submissions.map((s) => ({
            tdsPoNumber: s.tdsPoNumber,
            generation: s.generation,
            batch: s.batch,
            state: s.state,
            attempts: s.attempts,
            tdsOrderNumbers: s.tdsOrderNumbers,
            rejectionReason: s.rejectionReason,
          })),
        }
      : {}),
  };
}
