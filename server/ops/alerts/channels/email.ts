/**
 * Email channel: the alert as a plain-text mail through the tenant's SMTP relay. Sending needs a mail
 * transport that only the Node entry attaches (nodemailer, in email-node.ts); on Workers there is none and the
 * channel says so, since webhook and ticket are the channels there.
 */
import * as z from 'zod';
import { bodyOf, ChannelError, type ChannelMessage, type ChannelResult, subjectOf } from './channel.ts';

export const EmailConfig = z.strictObject({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535).default(587),
  /** true = TLS from the first byte (port 465); false = STARTTLS when the relay offers it. */
  secure: z.boolean().default(false),
  user: z.string().max(200).optional(),
  from: z.email(),
  to: z.array(z.email()).min(1).max(20),
});
export const EmailSecrets = z.strictObject({ password: z.string().max(500).optional() });

export interface MailToSend {
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string };
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Sends one mail; resolves to the relay's message id. */
export type MailSender = (mail: MailToSend) => Promise<{ messageId: string }>;

export async function sendEmail(msg: ChannelMessage): Promise<ChannelResult> {
  const config = EmailConfig.parse(msg.config);
  const { password } = EmailSecrets.parse(msg.secrets);
  const sender = msg.deps.mailSender;
  if (!sender) {
    throw new ChannelError(
      'Email alerts need the Node server (no SMTP on Cloudflare Workers); use a webhook or ticket channel here.',
      false,
    );
  }
  try {
    const { messageId } = await sender({
      smtp: { host: config.host, port: config.port, secure: config.secure, user: config.user, password },
      from: config.from,
      to: config.to,
      subject: subjectOf(msg.alert, msg.event),
      text: bodyOf(msg.alert, msg.event, msg.deps.now().toISOString()),
    });
    return { externalRef: messageId };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // 5xx from the relay is a permanent refusal (bad recipient, auth); anything else may pass later.
    throw new ChannelError(
      `The SMTP relay ${config.host} did not take the mail: ${(error as Error).message}`,
      !(code && code >= 500),
    );
  }
}
