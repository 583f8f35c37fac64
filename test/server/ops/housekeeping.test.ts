/**
 * The ops-housekeeping template deletes history past the tenant's retention and nothing else: recent rows,
 * unfinished runs, each template's last finished and last successful run, open alerts, another tenant's rows and
 * live sessions stay. Deletes go in batches (more rows than one batch are seeded) on a real libSQL file.
 */
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { syncActivity } from '../../../db/schema/activity.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { consoleSessions, consoleSignInLinks } from '../../../db/schema/console.ts';
import { upstreamCalls } from '../../../db/schema/metrics.ts';
import { alertDeliveries, alerts } from '../../../db/schema/ops.ts';
import { type RunCounts, syncRuns } from '../../../db/schema/runs.ts';
import type { Deps } from '../../../server/deps.ts';
import { PRUNE_BATCH } from '../../../server/ops/housekeeping/prune.ts';
import { opsHousekeepingTemplate } from '../../../server/ops/housekeeping/template.ts';
import { createEngine } from '../../../server/sync/engine/index.ts';
import { saveSettings } from '../../../server/sync/engine/settings.ts';
import { addTenant, type FakeClock, fakeClock, fileDb } from '../sync/engine/support.ts';

const ZERO: RunCounts = { added: 0, updated: 0, unchanged: 0, deactivated: 0, skipped: 0, errors: 0 };
const NOW = '2026-11-30T08:30:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

let files: Awaited<ReturnType<typeof fileDb>>;
let db: Db;
let clock: FakeClock;
beforeEach(async () => {
  files = await fileDb();
  db = await files.open();
  await addTenant(db, 'acme', 'UTC');
  await addTenant(db, 'other', 'UTC');
  clock = fakeClock(NOW);
});
afterEach(() => {
  db.$client.close();
  files.cleanup();
});

async function addRun(r: { tenantId?: string; template: string; state: string; at: string }) {
  const [row] = await db
    .insert(syncRuns)
    .values({
      tenantId: r.tenantId ?? 'acme',
      templateId: r.template,
      state: r.state as 'succeeded',
      trigger: 'schedule',
      settings: {},
      maxAttempts: 5,
      counts: ZERO,
      skippedReasons: {},
      warnings: [],
      createdAt: r.at,
      startedAt: r.at,
      finishedAt: ['scheduled', 'running'].includes(r.state) ? null : r.at,
      updatedAt: r.at,
    })
    .returning({ id: syncRuns.id });
  return row!.id;
}

const activityRow = (tenantId: string, at: string) => ({
  tenantId,
  templateId: 'product-sync',
  at,
  level: 'info' as const,
  scope: 'item' as const,
  code: 'sku_updated',
  message: 'updated',
});
const callRow = (tenantId: string, at: string) => ({
  tenantId,
  system: 'tds' as const,
  method: 'POST',
  route: 'pa',
  status: 200,
  ok: true,
  durationMs: 120,
  at,
});
async function insertMany<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}
const countOf = async (table: typeof syncActivity | typeof upstreamCalls, tenantId: string) =>
  (await db.select({ n: count() }).from(table).where(eq(table.tenantId, tenantId)))[0]!.n;

async function runHousekeeping() {
  const deps = { db, now: clock.now } as Deps;
  const engine = createEngine({
    db,
    templates: [opsHousekeepingTemplate],
    deps,
    now: clock.now,
    startOnRequest: false,
  });
  const { run } = await engine.runNow('acme', 'ops-housekeeping');
  for (let i = 0; i < 20 && !(await engine.run(run.id))?.finishedAt; i++) await engine.tick();
  const finished = await engine.run(run.id);
  await engine.stop();
  return finished;
}

describe('ops-housekeeping', () => {
  it('deletes history past the retention, in batches, and keeps what the product still reads', async () => {
    const old = PRUNE_BATCH * 2 + 150;
    await insertMany(
      Array.from({ length: old }, (_, i) => activityRow('acme', daysAgo(200 + (i % 50)))),
      (c) => db.insert(syncActivity).values(c),
    );
    await insertMany(
      Array.from({ length: 10 }, () => activityRow('acme', daysAgo(3))),
      (c) => db.insert(syncActivity).values(c),
    );
    await insertMany(
      Array.from({ length: 30 }, () => activityRow('other', daysAgo(300))),
      (c) => db.insert(syncActivity).values(c),
    );
    await insertMany(
      Array.from({ length: old }, () => callRow('acme', daysAgo(150))),
      (c) => db.insert(upstreamCalls).values(c),
    );
    await db.insert(upstreamCalls).values(callRow('acme', daysAgo(1)));

    // Runs: product-sync's last success is old and must stay; the failures after it stay as the last finished.
    const oldRuns = [];
    for (let i = 0; i < 5; i++)
      oldRuns.push(await addRun({ template: 'price-availability', state: 'succeeded', at: daysAgo(300 - i) }));
    const lastSuccess = await addRun({ template: 'product-sync', state: 'succeeded', at: daysAgo(250) });
    const lastFailure = await addRun({ template: 'product-sync', state: 'failed', at: daysAgo(240) });
    const stuck = await addRun({ template: 'create-orders', state: 'scheduled', at: daysAgo(400) });
    const recent = await addRun({ template: 'price-availability', state: 'succeeded_with_warnings', at: daysAgo(2) });

    const [resolved] = await db
      .insert(alerts)
      .values({
        tenantId: 'acme',
        ruleId: 'template_status',
        cause: 'template:product-sync',
        severity: 'red',
        title: 'Product Sync red',
        message: 'failed',
        openedAt: daysAgo(200),
        lastSeenAt: daysAgo(199),
        resolvedAt: daysAgo(199),
      })
      .returning({ id: alerts.id });
    await db.insert(alertDeliveries).values({
      tenantId: 'acme',
      alertId: resolved!.id,
      channel: 'webhook',
      event: 'opened',
      state: 'delivered',
      nextAttemptAt: daysAgo(200),
      createdAt: daysAgo(200),
    });
    const [open] = await db
      .insert(alerts)
      .values({
        tenantId: 'acme',
        ruleId: 'template_status',
        cause: 'template:order-status',
        severity: 'yellow',
        title: 'Order Status yellow',
        message: 'late',
        openedAt: daysAgo(200),
        lastSeenAt: daysAgo(0),
      })
      .returning({ id: alerts.id });

    await db.insert(auditLog).values([
      { tenantId: 'acme', at: daysAgo(800), actor: 'admin', action: 'settings_saved' },
      { tenantId: 'acme', at: daysAgo(400), actor: 'admin', action: 'settings_saved' },
    ]);
    await db.insert(consoleSessions).values([
      { idHash: 'expired', actor: 'operator:ann', createdAt: daysAgo(2), expiresAt: daysAgo(1) },
      { idHash: 'live', actor: 'operator:bob', createdAt: daysAgo(0), expiresAt: daysAgo(-1) },
    ]);
    await db.insert(consoleSignInLinks).values({
      tokenHash: 'old-link',
      operator: 'ann',
      createdBy: 'cli',
      createdAt: daysAgo(3),
      expiresAt: daysAgo(3),
    });

    const run = await runHousekeeping();
    expect(run?.state, JSON.stringify(run?.lastError)).toBe('succeeded');

    const acmeActivity = await db.select().from(syncActivity).where(eq(syncActivity.tenantId, 'acme'));
    expect(acmeActivity.filter((r) => r.code === 'sku_updated')).toHaveLength(10); // the recent entries
    expect(acmeActivity.filter((r) => r.at < daysAgo(120))).toHaveLength(0);
    expect(await countOf(syncActivity, 'other')).toBe(30); // another tenant's retention is its own
    expect(await countOf(upstreamCalls, 'acme')).toBe(1);
    const runIds = (await db.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.tenantId, 'acme')))
      .map((r) => r.id)
      .filter((id) => id !== run!.id);
    expect(runIds.sort((a, b) => a - b)).toEqual([lastSuccess, lastFailure, stuck, recent]);
    expect(oldRuns.some((id) => runIds.includes(id))).toBe(false);
    expect((await db.select().from(alerts)).map((a) => a.id)).toEqual([open!.id]);
    expect(await db.select().from(alertDeliveries)).toHaveLength(0);
    expect((await db.select().from(auditLog)).map((a) => a.at)).toEqual([daysAgo(400)]);
    expect((await db.select().from(consoleSessions)).map((s) => s.idHash)).toEqual(['live']);
    expect(await db.select().from(consoleSignInLinks)).toHaveLength(0);

    const [summary] = await db.select().from(syncActivity).where(eq(syncActivity.code, 'housekeeping_done'));
    expect(summary?.message).toContain(`Deleted ${old} activity log entries older than 120 days`);
    expect(summary?.message).toContain(`${old} upstream call records older than 120 days`);
    expect(summary?.message).toContain('5 finished runs older than 120 days');
  });

  it('follows the tenant’s retention, and refuses one too short for the quarterly report', async () => {
    await db.insert(syncActivity).values([activityRow('acme', daysAgo(40)), activityRow('acme', daysAgo(20))]);
    await saveSettings(db, opsHousekeepingTemplate, 'acme', { activityDays: 30 }, 'test', clock.now());
    expect((await runHousekeeping())?.state).toBe('succeeded');
    const left = await db.select().from(syncActivity).where(eq(syncActivity.code, 'sku_updated'));
    expect(left.map((r) => r.at)).toEqual([daysAgo(20)]);

    await expect(
      saveSettings(db, opsHousekeepingTemplate, 'acme', { runDays: 30 }, 'test', clock.now()),
    ).rejects.toMatchObject({ code: 'invalid_template_settings', message: expect.stringContaining('runDays') });
  });
});
