/**
 * Upstream clients for one run, kept between its steps in the run's scope (ctx.scope, closed by the engine
 * when the run ends): the TD SYNNEX client holds the catalogue's OAuth token, so building it per step would
 * ask for a new token every step. Every call is reported to the step that made it (`ctx.upstreamCall`) as
 * well as to the app's recorder.
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

interface Holder {
  clients: RunClients;
  /** The step currently using the clients; calls are counted on it. */
  step: StepContext;
}

const SLOT = 'product-sync:clients';
const PRICE_FILE_TIMEOUT_MS = 2 * 3_600_000;

/** The run's clients, built on its first step in this process and kept in the run's scope until it ends. */
export async function clientsFor(ctx: StepContext): Promise<RunClients> {
  const holder = await ctx.scope.get<Holder>(SLOT, async () => {
    const created = { step: ctx } as Holder;
    const recorder = forwardingRecorder(ctx.deps.recorder, () => created.step);
    const deps: Deps = { ...ctx.deps, recorder };
    // Background policy: patient retries inside a call; longer waits go back to the engine as a reschedule.
    const [cw, tds, priceFile] = await Promise.all([
      cwClientFor(deps, ctx.tenantId, { retry: BACKGROUND, timeoutMs: 30_000 }),
      tdsClientFor(deps, ctx.tenantId, { retry: BACKGROUND, timeoutMs: 60_000 }),
      tdsClientFor(deps, ctx.tenantId, { retry: BACKGROUND, timeoutMs: PRICE_FILE_TIMEOUT_MS }),
    ]);
    created.clients = { cw, tds, priceFile };
    return created;
  });
  holder.step = ctx;
  return holder.clients;
}

function forwardingRecorder(inner: UpstreamRecorder, step: () => StepContext | undefined): UpstreamRecorder {
  return {
    record(call: UpstreamCall) {
      inner.record(call);
      step()?.upstreamCall(`${call.system} ${call.route}`, call.status, Math.round(call.durationMs));
    },
  };
}
