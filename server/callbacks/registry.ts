/**
 * Who handles ConnectWise callbacks. Features register a handler per record type (and optionally per action)
 * on the registry the composition root builds (server/services.ts); each registration is a kind of durable
 * intake work (`cw-callback:<name>`), so the receiver writes one intake request per matching handler before
 * it answers ConnectWise, and the engine runs the handler with leases and retries (server/sync/engine/intake.ts).
 * A handler may run more than once for one delivery (a crash mid-way is retried), so it must be idempotent.
 *
 * @example
 *   services.callbacks.on('purchaseorder', async (event, { deps, signal }) => {
 *     if (event.entity && sendRequested(event.entity)) await sendToTds(deps, event.tenantId, event.id, { signal });
 *   }, { name: 'send-to-tds-status', actions: ['updated'], activityTemplateId: 'create-orders' });
 */
import type { CwCallbackPayload } from '../connectors/cw/schemas.ts';
import type { Deps } from '../deps.ts';
import type { ActivityLogger, Intake } from '../sync/engine/index.ts';

export type CallbackAction = 'added' | 'updated' | 'deleted';

export interface CwCallbackEvent {
  tenantId: string;
  /** Lower case, as ConnectWise sends it: `purchaseorder`, `opportunity`, `ticket`… */
  type: string;
  action: CallbackAction | (string & {});
  /** The record's id. */
  id: number;
  /** The record as GET returns it (parsed from the payload's `Entity` string); null on delete. */
  entity: Record<string, unknown> | null;
  /** Member who made the change. */
  memberId?: string;
  messageId?: string;
  payload: CwCallbackPayload;
}

export interface CallbackContext {
  deps: Deps;
  /** Aborted when the intake loses its lease or the server shuts down. */
  signal: AbortSignal;
  /** Entries in the Sync Activity Log under the registration's `activityTemplateId`. */
  log: ActivityLogger;
  /** 1 on the first try. */
  attempt: number;
}

export type CallbackHandler = (event: CwCallbackEvent, ctx: CallbackContext) => Promise<void> | void;

export interface CallbackRegistration {
  type: string;
  actions?: readonly string[];
  name: string;
  /** The intake kind that carries this handler's work. */
  kind: string;
}

export const CALLBACK_KIND_PREFIX = 'cw-callback:';
/** Activity log column for callback entries without a template of their own. */
export const CALLBACK_TEMPLATE_ID = 'callbacks';

export class CallbackRegistry {
  readonly #registrations: CallbackRegistration[] = [];

  constructor(private readonly intake: Intake) {}

  /**
   * Registers `handler` for `type` (any case: 'PurchaseOrder' = 'purchaseorder'); `name` must be unique (it
   * names the intake kind and the handler in the activity log). Returns an unregister function.
   */
  on(
    type: string,
    handler: CallbackHandler,
    opts: { name: string; actions?: readonly CallbackAction[]; activityTemplateId?: string; maxAttempts?: number },
  ): () => void {
    const registration: CallbackRegistration = {
      type: type.toLowerCase(),
      actions: opts.actions?.map((a) => a.toLowerCase()),
      name: opts.name,
      kind: `${CALLBACK_KIND_PREFIX}${opts.name}`,
    };
    const unregister = this.intake.register<CwCallbackEvent>({
      kind: registration.kind,
      title: `ConnectWise ${registration.type} callback (${opts.name})`,
      activityTemplateId: opts.activityTemplateId ?? CALLBACK_TEMPLATE_ID,
      maxAttempts: opts.maxAttempts,
      entity: (work) => ({ type: work.payload.type, id: String(work.payload.id) }),
      async handle(work, ctx) {
        if (!ctx.deps) throw new Error('The sync engine was created without deps; callbacks need them.');
        await handler(work.payload, { deps: ctx.deps, signal: ctx.signal, log: ctx.log, attempt: work.attempt });
      },
    });
    this.#registrations.push(registration);
    return () => {
      unregister();
      const i = this.#registrations.indexOf(registration);
      if (i >= 0) this.#registrations.splice(i, 1);
    };
  }

  handlersFor(type: string, action: string): CallbackRegistration[] {
    const t = type.toLowerCase();
    const a = action.toLowerCase();
    return this.#registrations.filter((r) => r.type === t && (!r.actions || r.actions.includes(a)));
  }
}
