/**
 * What the order path needs for one tenant, built once per step from the app's deps: ConnectWise and TD SYNNEX
 * clients (TD SYNNEX without automatic retries: every resend is decided in submit.ts), the activation ids, P&A
 * and Product Sync's catalog map, the activity log, and the crash hooks the fault suite uses.
 */
import type { Db } from '../../../../db/client.ts';
import { type CwSetupIds, cwSetupIds } from '../../../activation/cw-setup-ids.ts';
import { skusForCatalogItems } from '../../../catalog/map-query.ts';
import type { CwClient } from '../../../connectors/cw/client.ts';
import { BACKGROUND } from '../../../connectors/retry.ts';
import type { TdsClient, TdsPriceLine } from '../../../connectors/tds/types.ts';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../errors.ts';
import type { LookupKey } from '../../../pricing/pa-service.ts';
import { PriceAvailabilityService } from '../../../pricing/pa-service.ts';
import { loadConnections } from '../../../tenants/connections.ts';
import { cwClientFor } from '../../../tenants/cw-clients.ts';
import { tdsClientFor, tdsClientFromConnection } from '../../../tenants/tds-clients.ts';
import type { ActivityEntryInput } from '../../engine/define.ts';
import { NO_HOOKS, type OrderHooks } from './hooks.ts';
import type { CreateOrdersSettings } from './settings.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface OrderContext {
  db: Db;
  tenantId: string;
  settings: CreateOrdersSettings;
  cw: CwClient;
  tds: TdsClient;
  ids: CwSetupIds;
  now(): Date;
  /** Who holds submission claims (the engine owner). */
  owner: string;
  hooks: OrderHooks;
  prices(keys: LookupKey[]): Promise<Map<string, TdsPriceLine>>;
  mappedSkus(catalogIds: number[]): Promise<Map<number, string>>;
  log(level: LogLevel, entry: ActivityEntryInput): void;
}

/** A P&A answer no older than this validates a PO (the pod shows the same prices). */
const PRICE_MAX_AGE_MS = 5 * 60_000;
const TDS_ORDER_TIMEOUT_MS = 30_000;

/** The TD SYNNEX client orders use: the test endpoint in test mode, no automatic retries. */
async function orderTdsClient(deps: Deps, tenantId: string, settings: CreateOrdersSettings): Promise<TdsClient> {
  const opts = { retry: false as const, timeoutMs: TDS_ORDER_TIMEOUT_MS };
  if (!settings.testMode) return tdsClientFor(deps, tenantId, opts);
  const [primary] = await loadConnections(deps, tenantId, 'tds');
  if (!primary) return tdsClientFor(deps, tenantId, opts);
  if (!settings.testXmlUrl && primary.config.environment === 'production') {
    throw new AppError(
      'test_mode_endpoint_missing',
      'Create Orders is in test mode but the TD SYNNEX connection is production; set testXmlUrl in the Create Orders settings or turn test mode off.',
      { status: 409 },
    );
  }
  const config = { ...primary.config, xmlUrl: settings.testXmlUrl ?? primary.config.xmlUrl };
  return tdsClientFromConnection(deps, tenantId, { config, secrets: primary.secrets }, opts);
}

export async function orderContext(input: {
  deps: Deps;
  tenantId: string;
  settings: CreateOrdersSettings;
  owner: string;
  hooks?: OrderHooks;
  now?: () => Date;
  log: OrderContext['log'];
  /** The process's P&A service (shares its cache with the pods); a run without one gets its own. */
  pa?: PriceAvailabilityService;
}): Promise<OrderContext> {
  const { deps, tenantId } = input;
  const [cw, tds, ids] = await Promise.all([
    cwClientFor(deps, tenantId, { retry: BACKGROUND }),
    orderTdsClient(deps, tenantId, input.settings),
    cwSetupIds(deps.db, tenantId),
  ]);
  const pa = input.pa ?? new PriceAvailabilityService(deps);
  return {
    db: deps.db,
    tenantId,
    settings: input.settings,
    cw,
    tds,
    ids,
    now: input.now ?? deps.now,
    owner: input.owner,
    hooks: input.hooks ?? NO_HOOKS,
    async prices(keys) {
      const answers = await pa.lookup(tenantId, [...new Set(keys)], { maxAgeMs: PRICE_MAX_AGE_MS });
      const byKey = new Map<string, TdsPriceLine>();
      for (const a of answers) {
        if (a.status === 'failed') {
          throw new AppError(
            'tds_price_unavailable',
            `TD SYNNEX did not answer price and availability for ${a.key}; the PO is checked again shortly.`,
            { status: 503, retryable: true, details: { error: a.error.message } },
          );
        }
        byKey.set(a.key, a.value);
      }
      return byKey;
    },
    mappedSkus: (catalogIds) => skusForCatalogItems(deps.db, tenantId, catalogIds),
    log: input.log,
  };
}
