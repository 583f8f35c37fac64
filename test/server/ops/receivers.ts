/**
 * Local receivers for alert channel tests: an HTTP webhook receiver that records every request (and can be
 * told to fail the next N), and an SMTP server (smtp-server) that records every mail. Both on port 0, both
 * awaited on close.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface WebhookHit {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: { event: string; alert: { id: number; cause: string; severity: string; title: string } };
}

export interface WebhookReceiver {
  url: string;
  hits: WebhookHit[];
  /** Answer the next `n` requests with this status. */
  failNext(n: number, status: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hits: WebhookHit[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A sender that hangs up mid-body is simply not a hit; without a listener the error would be uncaught.
    req.on('error', () => {});
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failures.left > 0) {
        failures.left--;
        res.writeHead(failures.status).end('not now');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tds-bridge`,
    hits,
    failNext(n, status) {
      failures = { left: n, status };
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((done) => server.close(() => done())) };
}
