/**
 * Standby credentials: when ConnectWise or TD SYNNEX refuses the primary credential (cw_unauthorized,
 * tds_auth_failed), the same call is repeated with the standby and the standby stays in use for the rest
 * of the client's life. The takeover is written to the audit log (once, not on every call) and shown by
 * GET /api/admin/tenants/:t/connections. For a while after a takeover new clients — in every process, the
 * takeover is kept in libSQL — start with the standby, so a refused primary is not retried on every request;
 * after STANDBY_HOLD_MS the primary is tried again.
 *
 * Only refusals switch credentials: a timeout or a 5xx says nothing about the key and is retried as usual.
 */
import { auditLog } from '../../db/schema/audit.ts';
import { isUpstreamError } from '../connectors/upstream-error.ts';
import { countClaim, dropClaim, getClaim } from '../coordination/claims.ts';
import type { Deps } from '../deps.ts';
import {
  type CwConfig,
  type CwSecrets,
  type LoadedConnection,
  loadConnections,
  requireConnection,
  type TdsConfig,
  type TdsSecrets,
} from './connections.ts';

export type System = 'cw' | 'tds';
export type Role = 'primary' | 'standby';

export const REFUSAL_CODES: Record<System, string> = { cw: 'cw_unauthorized', tds: 'tds_auth_failed' };
export const STANDBY_HOLD_MS = 15 * 60_000;

export const AUDIT_TAKEOVER = 'connection.standby_takeover';
export const AUDIT_RESTORED = 'connection.primary_restored';

export function isRefusal(system: System, error: unknown): boolean {
  return isUpstreamError(error) && error.code === REFUSAL_CODES[system];
}

/**
 * A standby takeover, shared by every process on the database (shared_claims): live for STANDBY_HOLD_MS after
 * the standby answered in place of a refused primary; the row stays until the primary answers again or new
 * primary credentials are saved, so "restored" is said once, by whichever process sees the primary answer.
 */
export interface TakeoverState {
  /** A takeover is live: new clients start with the standby (read when the client is built). */
  readonly holding: boolean;
  /** A takeover is recorded, live or past its hold: the primary answering again ends it ("restored"). */
  readonly recorded: boolean;
  /** Records that the standby took over; true when none was live (the first process to see it says so). */
  takeOver(): Promise<boolean>;
  /** Ends a takeover after the primary answered; true when there was one. */
  restore(): Promise<boolean>;
}

const takeoverRef = (tenantId: string, system: System) => ({ scope: 'standby-takeover', tenantId, subject: system });

export async function takeoverState(
  deps: Pick<Deps, 'db' | 'now'>,
  tenantId: string,
  system: System,
): Promise<TakeoverState> {
  const ref = takeoverRef(tenantId, system);
  const claim = await getClaim(deps.db, ref);
  return {
    holding: !!claim && claim.expiresAt > deps.now().toISOString(),
    recorded: !!claim,
    takeOver: async () => (await countClaim(deps.db, { ...ref, now: deps.now(), ttlMs: STANDBY_HOLD_MS })).started,
    restore: () => dropClaim(deps.db, ref),
  };
}

/** Forget a takeover (new primary credentials were saved): the next client starts with the primary again. */
export async function clearTakeover(deps: Pick<Deps, 'db'>, tenantId: string, system: System): Promise<void> {
  await dropClaim(deps.db, takeoverRef(tenantId, system));
}

export interface FailoverEvents {
  /** The standby answered after the primary was refused. */
  onTakeover(error: unknown): Promise<void> | void;
  /** The primary answered again after an earlier takeover. */
  onRestored(): Promise<void> | void;
}

interface Candidate<T> {
  role: Role;
  build(): T;
}

/**
 * A client of the same interface that fails over from the primary to the standby on a refusal.
 * Promise-returning methods and async iterables (failing before their first item) are both covered.
 */
export function withFailover<T extends object>(
  system: System,
  candidates: Candidate<T>[],
  events: FailoverEvents,
  takeover: TakeoverState,
): T {
  const ordered = takeover.holding
    ? [...candidates.filter((c) => c.role === 'standby'), ...candidates.filter((c) => c.role !== 'standby')]
    : candidates;
  const built = new Map<number, T>();
  const clientAt = (i: number): T => {
    let client = built.get(i);
    if (!client) {
      client = ordered[i]!.build();
      built.set(i, client);
    }
    return client;
  };
  /** Where new calls start: moves to the standby once a call was refused (for the rest of the client's life). */
  let current = 0;
  clientAt(0); // configuration errors (a bad clientId) surface where the client is asked for, as before
  let restoreDue = takeover.recorded;

  /** After a call answered on candidate `index`, having been refused by an earlier one when `refused` is set. */
  const settle = async (index: number, refused?: unknown) => {
    const role = ordered[index]!.role;
    if (role === 'standby' && refused !== undefined && (await takeover.takeOver())) await events.onTakeover(refused);
    if (role === 'primary' && restoreDue) {
      restoreDue = false;
      if (await takeover.restore()) await events.onRestored();
    }
  };

  const invoke = (index: number, prop: PropertyKey, args: unknown[]) => {
    const client = clientAt(index) as Record<PropertyKey, (...a: unknown[]) => unknown>;
    return client[prop]!(...args);
  };

  /** The candidate after `index` when `error` is a refusal and there is one; concurrent calls each move on. */
  const nextAfterRefusal = (index: number, error: unknown): number | undefined => {
    if (!isRefusal(system, error) || index + 1 >= ordered.length) return undefined;
    current = Math.max(current, index + 1);
    return index + 1;
  };

  async function promised(start: number, prop: PropertyKey, args: unknown[], first: Promise<unknown>) {
    let index = start;
    let pending = first;
    let refused: unknown;
    for (;;) {
      try {
        const value = await pending;
        await settle(index, refused);
        return value;
      } catch (error) {
        const next = nextAfterRefusal(index, error);
        if (next === undefined) throw error;
        index = next;
        refused = error;
        pending = Promise.resolve(invoke(index, prop, args));
      }
    }
  }

  async function* iterated(start: number, prop: PropertyKey, args: unknown[], first: AsyncIterable<unknown>) {
    let index = start;
    let iterable = first;
    let refused: unknown;
    for (;;) {
      let yielded = false;
      try {
        for await (const item of iterable) {
          if (!yielded) await settle(index, refused);
          yielded = true;
          yield item;
        }
        if (!yielded) await settle(index, refused);
        return;
      } catch (error) {
        // Half-way through, switching would repeat items the caller already has.
        const next = yielded ? undefined : nextAfterRefusal(index, error);
        if (next === undefined) throw error;
        index = next;
        refused = error;
        iterable = invoke(index, prop, args) as AsyncIterable<unknown>;
      }
    }
  }

  return new Proxy({} as T, {
    get(_target, prop) {
      const client = clientAt(current);
      const value = Reflect.get(client, prop, client);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const start = current;
        const result = invoke(start, prop, args);
        if (result instanceof Promise) return promised(start, prop, args, result);
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
          return iterated(start, prop, args, result as AsyncIterable<unknown>);
        }
        return result;
      };
    },
  });
}

type Schemas = { cw: { config: CwConfig; secrets: CwSecrets }; tds: { config: TdsConfig; secrets: TdsSecrets } };
export type ConnectionOf<K extends System> = LoadedConnection<Schemas[K]['config'], Schemas[K]['secrets']>;

/**
 * The tenant's client for `system`, built by `build` from the primary connection, failing over to the
 * standby when one is stored. Without a standby this is exactly `build(primary)`.
 */
export async function clientWithStandby<K extends System, T extends object>(
  deps: Pick<Deps, 'db' | 'secrets' | 'now'>,
  tenantId: string,
  system: K,
  build: (connection: ConnectionOf<K>) => T,
): Promise<T> {
  const connections = (await loadConnections(deps, tenantId, system)) as ConnectionOf<K>[];
  if (connections.length === 0) await requireConnection(deps, tenantId, system); // throws *_not_connected
  const [first, ...rest] = connections;
  if (!first || rest.length === 0 || first.role !== 'primary')
    return build(first ?? (connections[0] as ConnectionOf<K>));
  return withFailover(
    system,
    connections.map((c) => ({ role: c.role, build: () => build(c) })),
    {
      onTakeover: (error) => recordTakeover(deps, tenantId, system, error),
      onRestored: () => recordRestored(deps, tenantId, system),
    },
    await takeoverState(deps, tenantId, system),
  );
}

async function recordTakeover(deps: Pick<Deps, 'db' | 'now'>, tenantId: string, system: System, error: unknown) {
  const e = isUpstreamError(error) ? error : undefined;
  await deps.db.insert(auditLog).values({
    tenantId,
    at: deps.now().toISOString(),
    actor: 'system',
    action: AUDIT_TAKEOVER,
    target: `${system}:standby`,
    details: { system, refusedCode: e?.code, refusedRoute: e?.route, message: e?.message ?? String(error) },
  });
}

async function recordRestored(deps: Pick<Deps, 'db' | 'now'>, tenantId: string, system: System) {
  await deps.db.insert(auditLog).values({
    tenantId,
    at: deps.now().toISOString(),
    actor: 'system',
    action: AUDIT_RESTORED,
    target: `${system}:primary`,
    details: { system },
  });
}
