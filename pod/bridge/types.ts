/**
 * The pod's one view of its host (ConnectWise or any other page that frames it). Two transports
 * implement it: the ConnectWise Hosted API postMessage protocol (cw-hosted.ts) and Penpal (penpal.ts).
 * Only context and our own session token ever cross the frame; no ConnectWise or TD SYNNEX secret.
 */

/** What ConnectWise's `getMemberAuthentication` answers (keys exactly as ConnectWise sends them). */
export interface MemberAuthentication {
  site: string;
  companyid: string;
  memberid: string;
  memberHash: string;
  memberContext: string;
  memberEmail?: string;
  codeBase?: string;
}

export interface HostContext {
  transport: 'cw' | 'penpal';
  /** Normalised screen name: 'opportunity' | 'purchaseorder' | 'ticket' | another host screen. */
  screen: string;
  recordId: number | null;
  hostedAs: string;
  /** The verified origin of the page that frames us. */
  hostOrigin: string;
}

export interface OpenScreenArgs {
  screen: string;
  id: number;
  newTab?: boolean;
}

/** The pod's answer to the host's before-save event. */
export type SaveVerdict = { ok: true } | { ok: false; errors: string[] };

export interface BridgeEvents {
  load: (context: HostContext) => void;
  beforeSave: () => SaveVerdict | Promise<SaveVerdict>;
}

export interface HostBridge {
  readonly context: HostContext;
  getMemberAuthentication(): Promise<MemberAuthentication>;
  refreshScreen(): Promise<void>;
  setDirty(dirty: boolean): Promise<void>;
  openScreen(args: OpenScreenArgs): Promise<void>;
  on<E extends keyof BridgeEvents>(event: E, handler: BridgeEvents[E]): () => void;
  destroy(): void;
}

export type BridgeErrorCode =
  | 'bridge_timeout'
  | 'bridge_origin_not_allowed'
  | 'bridge_not_framed'
  | 'bridge_connection_failed'
  | 'bridge_call_failed';

/** Stable codes; the message always names the call that failed. */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    readonly call: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export interface ConnectOptions {
  /** Exact origins (or `*.`-prefixed host wildcards like https://*.myconnectwise.net) allowed to host the pod. */
  allowedOrigins: string[];
  /** Per call, and for the handshake. */
  timeoutMs?: number;
  /** The page's URL (carries `[cw_screen]`/`[cw_id]` substitutions). Defaults to location.href. */
  url?: string;
  /** The framing window; defaults to window.parent. */
  parent?: Window;
  /** This frame's window; defaults to window. */
  self?: Window;
  /** How long the host's save may wait for our before-save answer (defaults to 5 s; tests shorten it). */
  beforeSaveBudgetMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Screen ids as ConnectWise may send them (unconfirmed spelling) → our screen folder names. */
export function normaliseScreen(raw: string | null | undefined): string {
  const key = (raw ?? '').toLowerCase().replace(/[\s_-]/g, '');
  if (key === 'opportunity' || key === 'opportunities' || key === 'salesopportunity') return 'opportunity';
  if (key === 'purchaseorder' || key === 'purchaseorders' || key === 'po') return 'purchaseorder';
  if (key === 'ticket' || key === 'serviceticket' || key === 'servicetickets') return 'ticket';
  return key;
}

export function parseRecordId(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : Number.parseInt(String(raw ?? ''), 10);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
