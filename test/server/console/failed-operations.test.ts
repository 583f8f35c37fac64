/**
 * Retry from the log: a failed "TDS Sync Price" for one opportunity is queued; Retry re-runs just that
 * operation (one opportunity priced, nothing else), stays queued while TD SYNNEX still refuses, and leaves
 * the queue once it succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyActivation } from '../../../server/activation/activate.ts';
import { writeActivity } from '../../../server/sync/engine/index.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await applyActivation(server.deps, 'demo', server.url, 'test');
});
afterAll(async () => {
  await server?.close();
});

interface Queue {
  items: Array<{ activityId: number; entity: { type: string; id: string }; retryLabel: string }>;
}

describe('failed-operations queue', () => {
  it('retries just the failed operation, and keeps it queued until it succeeds', async () => {
    const opportunityId = 806;
    const other = 801;
    for (const id of [opportunityId, other]) {
      // As the intake logs a "TDS Sync Price" callback whose handler failed for good.
      await writeActivity(
        server.db,
        { tenantId: 'demo', templateId: 'price-availability' },
        'error',
        {
          code: 'tds_unavailable',
          message: 'ConnectWise opportunity callback (TDS Sync Price) failed: TD SYNNEX did not answer',
          entity: { type: 'opportunity', id: String(id) },
        },
        server.deps.now(),
      );
    }
    const queue = await server.api<Queue>('/api/admin/tenants/demo/failed-operations', { admin: true });
    const entry = queue.body.items.find((i) => i.entity.id === String(opportunityId));
    expect(entry).toMatchObject({ entity: { type: 'opportunity' }, retryLabel: 'Sync TD SYNNEX price' });
    expect(queue.body.items).toHaveLength(2);

    // Still failing: ConnectWise refuses the keys; the entry stays in the queue and the failure is logged.
    await fetch(`${server.url}/sim/cw/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expiredCredentials: true }),
    });
    const failed = await server.api<{ ok: boolean; code: string }>(
      `/api/admin/tenants/demo/failed-operations/${entry?.activityId}/retry`,
      { method: 'POST', admin: true },
    );
    expect(failed.body.ok).toBe(false);
    await fetch(`${server.url}/sim/cw/_sim/faults`, { method: 'DELETE' });
    const stillQueued = await server.api<Queue>('/api/admin/tenants/demo/failed-operations', { admin: true });
    const again = stillQueued.body.items.find((i) => i.entity.id === String(opportunityId));
    expect(again).toBeDefined();

    const retried = await server.api<{ ok: boolean; message: string }>(
      `/api/admin/tenants/demo/failed-operations/${again?.activityId}/retry`,
      { method: 'POST', admin: true },
    );
    expect(retried.status).toBe(200);
    expect(retried.body.ok).toBe(true);
    expect(retried.body.message).toContain(`opportunity ${opportunityId}`);
    // Just that operation: one retry entry, for that opportunity; the other is untouched.
    const retries = await server.api<{ items: Array<{ entity: { id: string } | null }> }>(
      '/api/admin/tenants/demo/activity?code=operation_retry_succeeded',
      { admin: true },
    );
    expect(retries.body.items.map((i) => i.entity?.id)).toEqual([String(opportunityId)]);

    const after = await server.api<Queue>('/api/admin/tenants/demo/failed-operations', { admin: true });
    expect(after.body.items.map((i) => i.entity.id)).toEqual([String(other)]);
    const log = await server.api<{ items: Array<{ code: string; entity: { id: string } | null }> }>(
      `/api/admin/tenants/demo/activity?entity=${opportunityId}`,
      { admin: true },
    );
    expect(log.body.items[0]?.code).toBe('operation_retry_succeeded');
  });

  it('refuses to retry an entry that is not a failed operation', async () => {
    const log = await server.api<{ items: Array<{ id: number; level: string }> }>(
      '/api/admin/tenants/demo/activity?level=info',
      { admin: true },
    );
    const info = log.body.items[0];
    const res = await server.api<{ error: { code: string } }>(
      `/api/admin/tenants/demo/failed-operations/${info?.id}/retry`,
      { method: 'POST', admin: true },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('operation_not_retryable');
  });
});
