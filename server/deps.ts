/**
 * Everything the app needs from its runtime, built once per process (Node) or per isolate (Worker)
 * and passed to `createApp`. Tests build their own with real libSQL and the simulators.
 */

import type { Hono } from 'hono';
import type { Db } from '../db/client.ts';
import type { LimiterRegistry } from './connectors/limiter.ts';
import type { FileTransfer } from './connectors/tds/price-file-delivery.ts';
import type { UpstreamRecorder } from './connectors/upstream.ts';
import type { Env } from './env.ts';
import type { MailSender } from './ops/alerts/channels/email.ts';
import type { SecretBox } from './security/secrets.ts';
import type { SimulatorDecision } from './security/simulator-mode.ts';
import type { HostResolver } from './security/url-policy.ts';

/** Static files of the built pod (Vite output). Node reads dist/, the Worker asks its ASSETS binding. */
export type AssetFetcher = (path: string) => Promise<Response | null>;

/** What the app needs of the mounted simulators (see sim/index.ts). */
export interface SimulatorMount {
  app: Hono;
  /** Sample records for the landing page's links. */
  samples(): SampleRecords;
}
export interface SampleRecords {
  opportunities: SampleRecord[];
  purchaseOrders: SampleRecord[];
  tickets: SampleRecord[];
  /** Purchase orders to TD SYNNEX (the order demo), each with the ticket it was raised for, in seeding order. */
  ordersToTds: Array<SampleRecord & { ticket?: SampleRecord }>;
}
export interface SampleRecord {
  id: number;
  label: string;
}

export interface Deps {
  env: Env;
  db: Db;
  secrets: SecretBox;
  /** HMAC secret for the pod's session tokens. */
  sessionSecret: string;
  /** Bearer token for admin routes and the CLI. */
  adminToken: string;
  version: string;
  now: () => Date;
  /**
   * Resolves host names for the connection URL policy (Node: dns.lookup). Unset on Workers, which check the
   * literal host only. Tests inject one so no check ever sends traffic anywhere.
   */
  resolveHost?: HostResolver;
  /** Used for every upstream call (ConnectWise, TD SYNNEX, or their simulators). */
  fetch: typeof fetch;
  recorder: UpstreamRecorder;
  limiters: LimiterRegistry;
  assets?: AssetFetcher;
  simulators?: SimulatorMount;
  /** How the start decided to mount the simulators or not (shown by /api/health). */
  simulatorMode?: SimulatorDecision;
  /** Origins of the simulated ConnectWise screens, allowed to frame the pod while simulators run. */
  simulatorScreenOrigins: string[];
  /**
   * Where ConnectWise reaches this server (pods, callbacks), e.g. https://bridge.example.com. Node sets the
   * pod origin; unset means PUBLIC_URL, then the origin of the admin request (see server/setup/public-origin.ts).
   */
  publicOrigin?: string;
  /** FTP/FTPS downloads of the TD SYNNEX price file; only the Node entry provides one (never the Worker). */
  fileTransfer?: FileTransfer;
  /** SMTP for email alerts (Node only: nodemailer); absent on Workers, where webhook and ticket are the channels. */
  mailSender?: MailSender;
}
