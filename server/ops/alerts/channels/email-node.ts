/**
 * Node only: the SMTP transport behind email alerts (nodemailer). Imported by server/entry/node.ts alone, so
 * the Worker bundle never includes it.
 */
import nodemailer from 'nodemailer';
import type { MailSender } from './email.ts';

export const nodemailerSender: MailSender = async (mail) => {
  const transport = nodemailer.createTransport({
    host: mail.smtp.host,
    port: mail.smtp.port,
    secure: mail.smtp.secure,
    auth: mail.smtp.user ? { user: mail.smtp.user, pass: mail.smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
};
