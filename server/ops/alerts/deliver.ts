/**
 * Sends due alert deliveries. Each row is claimed with a short lease by a conditional UPDATE (two engines
 * never send the same one), attempted once, and either marked delivered (with what the channel made of it)
 * or put back with a backoff; after MAX_ATTEMPTS, or on a refusal that retrying cannot fix, it is failed.
 * Every attempt lands in the activity log.
 */
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { type AlertDeliveryRow, alertChannels, alertDeliveries, alerts } from '../../../db/schema/ops.ts';
import type { Deps } from '../../deps.ts';
import { writeActivity } from '../../sync/engine/activity-log.ts';
import { ChannelError, sendOn } from './channels/index.ts';
import { ALERTS_TEMPLATE_ID } from './state.ts';

/** Waits after the 1st, 2nd… failed attempt. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const LEASE_MS = 2 * 60_000;

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
  waiting: number;
}

export async function deliverDue(input: {
  deps: Deps;
  tenantId: string;
  now: Date;
  runId?: number | null;
  limit?: number;
}): Promise<DeliveryReport> {
  const { deps, tenantId, now } = input;
  const db = deps.db;
  const at = now.toISOString();
  const due = await db
    .select()
    .from(alertDeliveries)
    .where(
      and(
        eq(alertDeliveries.tenantId, tenantId),
        eq(alertDeliveries.state, 'pending'),
        lte(alertDeliveries.nextAttemptAt, at),
        or(isNull(alertDeliveries.leaseUntil), lte(alertDeliveries.leaseUntil, at)),
      ),
    )
    .orderBy(asc(alertDeliveries.id))
    .limit(input.limit ?? 50);
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0, waiting: 0 };
  const log = (
    level: 'info' | 'warn' | 'error',
    code: string,
    row: AlertDeliveryRow,
    message: string,
    details?: unknown,
  ) =>
    writeActivity(
      db,
      { tenantId, templateId: ALERTS_TEMPLATE_ID, runId: input.runId ?? null },
      level,
      {
        code,
        message,
        entity: { type: 'alert', id: String(row.alertId) },
        details: { channel: row.channel, event: row.event, attempt: row.attempts + 1, ...(details ?? {}) },
      },
      now,
    );

  for (const row of due) {
    const opened = row.event === 'opened' ? undefined : await openedDelivery(db, row);
    // A follow-up (note on the ticket) waits for the ticket it follows.
    if (opened && opened.state === 'pending') {
      report.waiting++;
      continue;
    }
    const claimed = await db
      .update(alertDeliveries)
      .set({ leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where(
        and(
          eq(alertDeliveries.id, row.id),
          eq(alertDeliveries.state, 'pending'),
          or(isNull(alertDeliveries.leaseUntil), lte(alertDeliveries.leaseUntil, at)),
        ),
      )
      .returning({ id: alertDeliveries.id });
    if (claimed.length === 0) continue;
    const [alert] = await db.select().from(alerts).where(eq(alerts.id, row.alertId));
    const [channel] = await db
      .select()
      .from(alertChannels)
      .where(and(eq(alertChannels.tenantId, tenantId), eq(alertChannels.name, row.channel)));
    const attempts = row.attempts + 1;
    try {
      if (!alert) throw new ChannelError('The alert no longer exists.', false);
      if (!channel) throw new ChannelError(`The channel "${row.channel}" was removed.`, false);
      const secrets = channel.secretCiphertext ? await deps.secrets.open(channel.secretCiphertext) : {};
      const result = await sendOn(channel.kind, {
        deps,
        tenantId,
        channelName: channel.name,
        config: channel.config,
        secrets,
        alert,
        event: row.event,
        deliveryId: row.id,
        openedRef: opened?.state === 'delivered' ? opened.externalRef : null,
      });
      await db
        .update(alertDeliveries)
        .set({
          state: 'delivered',
          attempts,
          deliveredAt: at,
          externalRef: result.externalRef ?? null,
          lastError: null,
          leaseUntil: null,
        })
        .where(eq(alertDeliveries.id, row.id));
      report.delivered++;
      await log(
        'info',
        'alert_delivered',
        row,
        `Alert #${row.alertId} (${row.event}) delivered by ${channel.kind} channel "${channel.name}"${result.externalRef ? ` (${result.externalRef})` : ''}.`,
        { externalRef: result.externalRef ?? null },
      );
    } catch (error) {
      const retryable = error instanceof ChannelError ? error.retryable : true;
      const message = (error as Error).message;
      const giveUp = !retryable || attempts >= MAX_ATTEMPTS;
      const delay = RETRY_DELAYS_MS[attempts - 1] ?? RETRY_DELAYS_MS.at(-1) ?? 60_000;
      await db
        .update(alertDeliveries)
        .set({
          state: giveUp ? 'failed' : 'pending',
          attempts,
          lastError: message.slice(0, 1_000),
          nextAttemptAt: giveUp ? at : new Date(now.getTime() + delay).toISOString(),
          leaseUntil: null,
        })
        .where(eq(alertDeliveries.id, row.id));
      if (giveUp) {
        report.failed++;
        await log(
          'error',
          'alert_delivery_failed',
          row,
          `Alert #${row.alertId} (${row.event}) could not be delivered on "${row.channel}" after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message}`,
        );
      } else {
        report.retrying++;
        await log(
          'warn',
          'alert_delivery_retrying',
          row,
          `Alert #${row.alertId} (${row.event}) on "${row.channel}" failed (${message}); trying again after ${new Date(now.getTime() + delay).toISOString()}.`,
        );
      }
    }
  }
  return report;
}

async function openedDelivery(db: Db, row: AlertDeliveryRow): Promise<AlertDeliveryRow | undefined> {
  const [opened] = await db
    .select()
    .from(alertDeliveries)
    .where(
      and(
        eq(alertDeliveries.alertId, row.alertId),
        eq(alertDeliveries.channel, row.channel),
        eq(alertDeliveries.event, 'opened'),
      ),
    );
  return opened;
}
