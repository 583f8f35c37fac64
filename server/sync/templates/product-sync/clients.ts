/**
 * Upstream clients for one run, kept between its steps in this process or isolate: the TD SYNNEX client
 * holds the catalogue's OAuth token, so building it per step would ask for a new token every step. Every
 * call is reported to the step that made it (`ctx.upstreamCall`) as well as to the app's recorder.
 */
import type { CwClient } from '../../../connectors/cw/client.ts';
import { BACKGROUND } from '../../../connectors/retry.ts';
import type { TdsClient } from '../../../connectors/tds/types.ts';
import type { UpstreamCall, UpstreamRecorder } from '../../../connectors/upstream.ts';
import type { Deps } from '../../../deps.ts';
import { cwClientFor } from '../../../tenants/cw-clients.ts';
import { tdsClientFor } from '../../../tenants/tds-clients.ts';
import type { StepContext } from '../../engine/index.ts';

export interface RunClients {
  cw: CwClient;
  tds: TdsClient;
  /**
   * For the price-file download: the stream stays open while the run writes (in this process), so its
   * timeout covers hours, not one call; a download that breaks off is resumed from its line.
   */
  priceFile: TdsClient;
}

interface Entry {
  clients: RunClients;
  /** The step currently using the clients; calls are counted on it. */
  step: StepContext | undefined;
  lastUsed: number;
}

const byRun = new Map<string, Entry>();
const dbIds = new WeakMap<object, number>();
let nextDbId = 1;

/**
 * A key for per-run state kept in this process: run ids are per database, and one process may serve more
 * than one database (tests, tools), so the database is part of the key.
 */
export function runKey(ctx: Pick<StepContext, 'deps' | 'tenantId' | 'runId'>): string {
  const db = ctx.deps.db as object;
  let id = dbIds.get(db);
  if (id === undefined) {
    id = nextDbId++;
    dbIds.set(db, id);
  }
  return `${id}:${ctx.tenantId}:${ctx.runId}`;
}
const PRICE_FILE_TIMEOUT_MS = 2 * 3_600_000;
/** Runs left behind (crash elsewhere, lease lost) are forgotten after this long without a step. */
const IDLE_MS = 30 * 60_000;

export async function clientsFor(ctx: StepContext): Promise<RunClients> {
  const now = Date.now();
  for (const [key, entry] of byRun) if (now - entry.lastUsed > IDLE_MS) byRun.delete(key);
  const key = runKey(ctx);
  let entry = byRun.get(key);
  if (!entry) {
    const created: Entry = { clients: undefined as unknown as RunClients, step: ctx, lastUsed: now };
    const recorder = forwardingRecorder(ctx.deps.recorder, () => created.step);
    const deps: Deps = { ...ctx.deps, recorder };
    // Background policy: patient retries inside a call; longer waits go back to the engine as a reschedule.
    const [cw, tds, priceFile] = await Promise.all([
      cwClientFor(deps, ctx.tenantId, { retry: BACKGROUND, timeoutMs: 30_000 }),
      tdsClientFor(deps, ctx.tenantId, { retry: BACKGROUND, timeoutMs: 60_000 }),
      tdsClientFor(deps, ctx.tenantId, { retry: BACKGROUND, timeoutMs: PRICE_FILE_TIMEOUT_MS }),
    ]);
    created.clients = { cw, tds, priceFile };
    byRun.set(key, created);
    entry = created;
  }
  entry.step = ctx;
  entry.lastUsed = now;
  return entry.clients;
}

/** Forgets a run's clients (it finished). */
export function releaseClients(ctx: Pick<StepContext, 'deps' | 'tenantId' | 'runId'>): void {
  byRun.delete(runKey(ctx));
}

function forwardingRecorder(inner: UpstreamRecorder, step: () => StepContext | undefined): UpstreamRecorder {
  return {
    record(call: UpstreamCall) {
      inner.record(call);
      step()?.upstreamCall(`${call.system} ${call.route}`, call.status, Math.round(call.durationMs));
    },
  };
}
