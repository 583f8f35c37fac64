/** TD SYNNEX clients per tenant, from the tenant's encrypted connection, with the shared limiter and recorder. */
import { INTERACTIVE, type RetryPolicy } from '../connectors/retry.ts';
import { createTdsClient } from '../connectors/tds/client.ts';
import type { TdsClient } from '../connectors/tds/types.ts';
import type { Deps } from '../deps.ts';
import type { TdsConfig, TdsSecrets } from './connections.ts';
import { clientWithStandby } from './failover.ts';

export interface ClientOptions {
  retry?: RetryPolicy | false;
  timeoutMs?: number;
}

/** A client for one stored TD SYNNEX login (test connection checks each login on its own). */
export function tdsClientFromConnection(
  deps: Deps,
  tenantId: string,
  { config, secrets }: { config: TdsConfig; secrets: TdsSecrets },
  opts: ClientOptions = {},
): TdsClient {
  return createTdsClient(
    {
      xmlBaseUrl: config.xmlUrl,
      invoiceUrl: config.invoiceUrl,
      restBaseUrl: config.restUrl,
      priceFileUrl: config.priceFileUrl,
      customerNo: config.customerNo,
      user: config.user,
      password: secrets.password,
      priceFile: config.priceFile
        ? { ...config.priceFile, ...(secrets.priceFilePassword ? { password: secrets.priceFilePassword } : {}) }
        : undefined,
      oauth:
        config.oauthClientId && secrets.oauthClientSecret
          ? { clientId: config.oauthClientId, clientSecret: secrets.oauthClientSecret }
          : undefined,
    },
    {
      tenantId,
      fetch: deps.fetch,
      recorder: deps.recorder,
      limiter: deps.limiters.for(tenantId, 'tds'),
      retry: opts.retry ?? INTERACTIVE,
      timeoutMs: opts.timeoutMs ?? 20_000,
      fileTransfer: deps.fileTransfer,
    },
  );
}

export async function tdsClientFor(deps: Deps, tenantId: string, opts: ClientOptions = {}): Promise<TdsClient> {
  // The standby login (when stored) takes over if TD SYNNEX refuses the primary: server/tenants/failover.ts.
  return clientWithStandby(deps, tenantId, 'tds', (conn) => tdsClientFromConnection(deps, tenantId, conn, opts));
}
