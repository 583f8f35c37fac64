/** The order repository's guarantees: one row per PO, conditional writes, one claim per submission at a time. */
import { describe, expect, it } from 'vitest';
import {
  claimSubmission,
  ensureSubmissions,
  finishClaim,
  getOrder,
  getSubmission,
  markSent,
  recordRequest,
  updateOrder,
} from '../../../server/orders/repo.ts';
import { addTenant, memoryDb } from '../sync/engine/support.ts';

const at = new Date('2026-03-02T12:00:00.000Z');
const request = {
  tenantId: 'acme',
  cwPoId: 7,
  cwPoNumber: '1007',
  tdsPoNumber: 'CW-1007',
  source: 'button' as const,
  memberId: 'jsmith',
  at,
  mayRestart: true,
};

describe('orders repo', () => {
  it('records one order per PO however often it is requested, and never restarts an accepted one', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const first = await recordRequest(db, request);
    const again = await recordRequest(db, { ...request, source: 'callback' });
    expect(first.outcome).toBe('created');
    expect(again.outcome).toBe('in_progress');
    expect(again.order.requestCount).toBe(2);
    const accepted = await updateOrder(db, again.order, { state: 'accepted' });
    expect(accepted?.state).toBe('accepted');
    const reset = await recordRequest(db, { ...request, source: 'callback' });
    expect(reset.outcome).toBe('already_placed');
    expect((await getOrder(db, request))?.ignoredRequests).toBe(1);
  });

  it('lets a buyer restart a rejected order but not the sweep', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const { order } = await recordRequest(db, request);
    await updateOrder(db, order, { state: 'rejected', rejectionReason: 'Bad SKU' });
    expect((await recordRequest(db, { ...request, source: 'sweep', mayRestart: false })).outcome).toBe('left_settled');
    const restarted = await recordRequest(db, request);
    expect(restarted.outcome).toBe('restarted');
    expect(restarted.order.restartedFrom).toBe('rejected');
  });

  it('refuses a write from a stale version', async () => {
    const db = await memoryDb();
    await addTenant(db);
    const { order } = await recordRequest(db, request);
    expect(await updateOrder(db, order, { state: 'validated' })).toBeDefined();
    expect(await updateOrder(db, order, { state: 'invalid' })).toBeUndefined();
    expect((await getOrder(db, request))?.state).toBe('validated');
  });

  it('claims a submission once, and a claim that expired after a send must check TD SYNNEX first', async () => {
    const db = await memoryDb();
    await addTenant(db);
    await ensureSubmissions(
      db,
      [{ tenantId: 'acme', cwPoId: 7, tdsPoNumber: 'CW-1007', generation: 0, batch: 1, lineIds: [1], testMode: false }],
      at,
    );
    const read = await getSubmission(db, { tenantId: 'acme', tdsPoNumber: 'CW-1007' });
    if (!read) throw new Error('submission missing');
    const a = await claimSubmission(db, { read, owner: 'a', now: at, claimMs: 60_000 });
    const b = await claimSubmission(db, { read, owner: 'b', now: at, claimMs: 60_000 });
    expect(a?.mustCheckFirst).toBe(false);
    expect(b).toBeUndefined();
    if (!a) throw new Error('no claim');
    const sent = await markSent(db, a.row, at);
    expect(sent?.attempts).toBe(1);
    // Process a dies here. After its claim expires, b may take over but must ask TD SYNNEX before sending.
    const later = new Date(at.getTime() + 61_000);
    const stale = await getSubmission(db, { tenantId: 'acme', tdsPoNumber: 'CW-1007' });
    if (!stale || !sent) throw new Error('submission missing');
    const takeover = await claimSubmission(db, { read: stale, owner: 'b', now: later, claimMs: 60_000 });
    expect(takeover?.mustCheckFirst).toBe(true);
    // a's late answer cannot settle what b now holds.
    expect(await finishClaim(db, sent, { state: 'accepted' })).toBeUndefined();
  });
});
