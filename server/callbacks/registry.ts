/**
 * Who handles ConnectWise callbacks. Templates register a handler per record type (and optionally per
 * action) once, at module load; the receiver (server/routes/callbacks.ts) calls every matching handler
 * with the verified, parsed event.
 *
 * @example
 *   onCallback('opportunity', async (event, { deps }) => {
 *     if (syncPriceRequested(event.entity)) await refreshPrices(deps, event.tenantId, event.id);
 *   }, { actions: ['added', 'updated'] });
 */
import type { CwCallbackPayload } from '../connectors/cw/schemas.ts';
import type { Deps } from '../deps.ts';

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
}

export type CallbackHandler = (event: CwCallbackEvent, ctx: CallbackContext) => Promise<void> | void;

interface Registration {
  type: string;
  actions?: readonly string[];
  name: string;
  handler: CallbackHandler;
}

export class CallbackRegistry {
  readonly #registrations: Registration[] = [];

  /** Registers `handler` for `type` (any case: 'PurchaseOrder' = 'purchaseorder'); returns an unregister function. */
  on(
    type: string,
    handler: CallbackHandler,
    opts: { actions?: readonly CallbackAction[]; name?: string } = {},
  ): () => void {
    const registration: Registration = {
      type: type.toLowerCase(),
      actions: opts.actions?.map((a) => a.toLowerCase()),
      name: opts.name ?? (handler.name || `${type} handler`),
      handler,
    };
    this.#registrations.push(registration);
    return () => {
      const i = this.#registrations.indexOf(registration);
      if (i >= 0) this.#registrations.splice(i, 1);
    };
  }

  handlersFor(type: string, action: string): Array<{ name: string; handler: CallbackHandler }> {
    const t = type.toLowerCase();
    const a = action.toLowerCase();
    return this.#registrations.filter((r) => r.type === t && (!r.actions || r.actions.includes(a)));
  }
}

/** The process-wide registry the receiver uses. */
export const callbackRegistry = new CallbackRegistry();

export const onCallback: CallbackRegistry['on'] = (type, handler, opts) => callbackRegistry.on(type, handler, opts);
