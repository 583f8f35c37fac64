/**
 * What every alert channel gets and returns. A channel sends one event of one alert; it throws
 * `ChannelError` saying whether trying again later can help (network, 5xx, 429) or not (4xx, bad config).
 */
import type { AlertEvent, AlertRow } from '../../../../db/schema/ops.ts';
import type { Deps } from '../../../deps.ts';

export interface ChannelMessage {
  deps: Deps;
  tenantId: string;
  channelName: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  alert: AlertRow;
  event: AlertEvent;
  deliveryId: number;
  /** What this channel made of the alert's `opened` event (the ticket id), for follow-ups. */
  openedRef: string | null;
}

export interface ChannelResult {
  externalRef?: string;
}

export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** The subject line every channel uses, so a ticket, a mail and a webhook read the same. */
export function subjectOf(alert: AlertRow, event: AlertEvent): string {
  const prefix = event === 'resolved' ? 'RECOVERED' : alert.severity === 'red' ? 'RED' : 'YELLOW';
  return `[tds-bridge ${alert.tenantId}] ${prefix}: ${alert.title}`;
}

export function bodyOf(alert: AlertRow, event: AlertEvent, at: string): string {
  const lines =
    event === 'resolved'
      ? [`Recovered at ${at}: ${alert.title}.`, `The alert was open since ${alert.openedAt}.`]
      : [alert.message, '', `Severity: ${alert.severity}`, `Open since: ${alert.openedAt}`];
  return [...lines, `Cause: ${alert.cause} (rule ${alert.ruleId}, alert #${alert.id})`].join('\n');
}
