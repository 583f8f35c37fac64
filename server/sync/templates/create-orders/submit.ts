/**
 * One TD SYNNEX PO number, sent at most once. The submission row is claimed, marked as sent BEFORE the call
 * (so a crash after it is an unknown outcome, never a silent resend), and anything that may have reached TD
 * SYNNEX is looked up by PO number before it is sent again — twice, a minute apart, because an order may take a
 * moment to show. TD SYNNEX's own duplicate-PO rejection is the last guard; only a PO number we sent before is
 * adopted from it, so an order placed elsewhere under the same number is never taken for ours.
 */

import type { Db } from '../../../../db/client.ts';
import type { OrderSubmissionRow } from '../../../../db/schema/orders.ts';
import type { TdsClient, TdsOrderInput } from '../../../connectors/tds/types.ts';
import { isUpstreamError } from '../../../connectors/upstream-error.ts';
import { claimSubmission, finishClaim, markSent } from '../../../orders/repo.ts';
import type { OrderHooks } from './hooks.ts';

/** Longer than the TD SYNNEX call can take, so a live sender's claim never lapses mid-call. */
export const CLAIM_MS = 120_000;
/** Gap between the two "not found" status answers needed before an unknown send is resent. */
export const CONFIRM_NOT_FOUND_MS = 60_000;
/** Wait after an unknown outcome before asking TD SYNNEX again. */
export const UNKNOWN_RETRY_MS = 30_000;

/** Codes meaning TD SYNNEX placed nothing because of our setup, not the PO: the order fails with the fix. */
export const NOT_PLACED_CODES = new Set([
  'tds_auth_failed',
  'tds_ip_refused',
  'tds_invalid_request',
  'po_number_in_use',
]);

export type SendOutcome =
  | { kind: 'accepted'; orderNumbers: string[]; adopted: boolean }
  | { kind: 'rejected'; code: string; reason: string }
  | { kind: 'unknown'; code: string; message: string }
  | { kind: 'waiting' }
  | { kind: 'busy' };

export interface SendEnv {
  db: Db;
  tds: TdsClient;
  now: () => Date;
  owner: string;
  hooks: OrderHooks;
}

const later = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

export const IP_REFUSED_MESSAGE =
  'TD SYNNEX refused the IP address tds-bridge sends from ("IP Address Invalid"); nothing was placed. Ask your TD SYNNEX rep to register the static IP tds-bridge calls TD SYNNEX from (on Cloudflare Workers: a relay with a fixed IP set as the TD SYNNEX XML URL, see docs/api.md), then send the PO again.';

function classify(error: unknown): { kind: 'rejected' | 'duplicate' | 'unknown'; code: string; message: string } {
  if (!isUpstreamError(error)) {
    return { kind: 'unknown', code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
  }
  if (error.code === 'tds_duplicate_po') return { kind: 'duplicate', code: error.code, message: error.message };
  if (error.code === 'tds_ip_refused') return { kind: 'rejected', code: error.code, message: IP_REFUSED_MESSAGE };
  if (
    ['tds_order_rejected', 'tds_not_authorized', 'tds_auth_failed', 'tds_ip_refused', 'tds_invalid_request'].includes(
      error.code,
    )
  )
    return { kind: 'rejected', code: error.code, message: error.message };
  if (error.code === 'tds_business_error' && !error.retryable)
    return { kind: 'rejected', code: error.code, message: error.message };
  // Timeouts, network errors, 5xx, 429, unreadable answers, temporary TD SYNNEX errors: it may have been placed.
  return { kind: 'unknown', code: error.code, message: error.message };
}

async function accept(claimed: OrderSubmissionRow, env: SendEnv, orderNumbers: string[], adopted: boolean) {
  const at = env.now().toISOString();
  await finishClaim(env.db, claimed, {
    state: 'accepted',
    tdsOrderNumbers: orderNumbers,
    resolvedAt: at,
    updatedAt: at,
    lastErrorCode: null,
    lastErrorMessage: null,
  });
  return { kind: 'accepted', orderNumbers, adopted } as const;
}

/** Asks TD SYNNEX whether the PO number exists; undefined = not found (yet). */
async function lookUp(env: SendEnv, poNumber: string): Promise<string[] | undefined> {
  const status = await env.tds.orderStatus(poNumber);
  if (!status.found) return undefined;
  return [...new Set(status.lines.map((l) => l.orderNumber).filter(Boolean))];
}

export async function sendSubmission(
  read: OrderSubmissionRow,
  order: TdsOrderInput,
  env: SendEnv,
): Promise<SendOutcome> {
  const claim = await claimSubmission(env.db, { read, owner: env.owner, now: env.now(), claimMs: CLAIM_MS });
  if (!claim) return { kind: 'busy' };
  let claimed = claim.row;
  env.hooks.reached('after_claim', { cwPoId: read.cwPoId, tdsPoNumber: read.tdsPoNumber });

  if (claimed.attempts > 0) {
    let found: string[] | undefined;
    try {
      found = await lookUp(env, claimed.tdsPoNumber);
    } catch (error) {
      const { code, message } = classify(error);
      await finishClaim(env.db, claimed, {
        state: 'unknown',
        statusChecks: claimed.statusChecks + 1,
        notBefore: later(env.now(), UNKNOWN_RETRY_MS),
        lastErrorCode: code,
        lastErrorMessage: message,
        updatedAt: env.now().toISOString(),
      });
      return { kind: 'unknown', code, message };
    }
    if (found) return accept(claimed, env, found, true);
    // Not found once: ask again a minute later before resending, in case the order is still being recorded.
    if (claimed.statusChecks < 1) {
      await finishClaim(env.db, claimed, {
        state: 'unknown',
        statusChecks: claimed.statusChecks + 1,
        notBefore: later(env.now(), CONFIRM_NOT_FOUND_MS),
        updatedAt: env.now().toISOString(),
      });
      return { kind: 'waiting' };
    }
  }

  const sentBefore = claimed.attempts > 0;
  const marked = await markSent(env.db, claimed, env.now());
  if (!marked) return { kind: 'busy' };
  claimed = marked;
  env.hooks.reached('after_mark_sent', { cwPoId: read.cwPoId, tdsPoNumber: read.tdsPoNumber });

  let outcome: SendOutcome;
  try {
    const result = await env.tds.submitOrder(order);
    env.hooks.reached('after_tds_answer', { cwPoId: read.cwPoId, tdsPoNumber: read.tdsPoNumber });
    return accept(claimed, env, result.orderNumbers, false);
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulatedCrash') throw error;
    const c = classify(error);
    if (c.kind === 'duplicate' && sentBefore) {
      // Our earlier send got there: adopt that order.
      const found = await lookUp(env, claimed.tdsPoNumber).catch(() => undefined);
      if (found) return accept(claimed, env, found, true);
      outcome = { kind: 'unknown', code: c.code, message: c.message };
    } else if (c.kind === 'duplicate') {
      outcome = {
        kind: 'rejected',
        code: 'po_number_in_use',
        reason: `TD SYNNEX already has an order under PO number ${claimed.tdsPoNumber} that tds-bridge did not place; use Re-order to send this PO under a new number.`,
      };
    } else if (c.kind === 'rejected') {
      outcome = { kind: 'rejected', code: c.code, reason: c.message };
    } else {
      outcome = { kind: 'unknown', code: c.code, message: c.message };
    }
  }
  const at = env.now().toISOString();
  if (outcome.kind === 'rejected') {
    await finishClaim(env.db, claimed, {
      state: 'rejected',
      rejectionCode: outcome.code,
      rejectionReason: outcome.reason,
      resolvedAt: at,
      updatedAt: at,
    });
  } else if (outcome.kind === 'unknown') {
    await finishClaim(env.db, claimed, {
      state: 'unknown',
      statusChecks: 0,
      notBefore: later(env.now(), UNKNOWN_RETRY_MS),
      lastErrorCode: outcome.code,
      lastErrorMessage: outcome.message,
      updatedAt: at,
    });
  }
  return outcome;
}
