/** The alert channels by kind, their config and secret schemas, and one `send` that picks the right one. */
import type { AlertChannelKind } from '../../../../db/schema/ops.ts';
import type { ChannelMessage, ChannelResult } from './channel.ts';
import { EmailConfig, EmailSecrets, sendEmail } from './email.ts';
import { sendTicket, TicketConfig } from './ticket.ts';
import { sendWebhook, WebhookConfig, WebhookSecrets } from './webhook.ts';

export { ChannelError } from './channel.ts';
export type { MailSender, MailToSend } from './email.ts';
export { signWebhook } from './webhook.ts';

export const CHANNEL_SCHEMAS = {
  webhook: { config: WebhookConfig, secrets: WebhookSecrets },
  ticket: { config: TicketConfig, secrets: undefined },
  email: { config: EmailConfig, secrets: EmailSecrets },
} as const;

/** Channels that still work when ConnectWise is unreachable (setup recommends one). */
export const INDEPENDENT_OF_CONNECTWISE: readonly AlertChannelKind[] = ['webhook', 'email'];

export function sendOn(kind: AlertChannelKind, msg: ChannelMessage): Promise<ChannelResult> {
  if (kind === 'webhook') return sendWebhook(msg);
  if (kind === 'ticket') return sendTicket(msg);
  return sendEmail(msg);
}
