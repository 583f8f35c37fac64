/**
 * The TD SYNNEX client: `TdsClient` over HTTP. XML services take the EC login inside the body; the REST
 * catalogue uses OAuth; the price file uses the EC login as HTTP Basic. Retry, rate limiting and recording
 * come from the shared connector base through the constructor options.
 *
 * PO submission is not blindly retried: a retry after a timeout can meet "duplicate PO", which here is
 * resolved by reading the order's status (the first attempt did create it), never by a second order.
 */
import { AppError } from '../../errors.ts';
import { CatalogueClient } from './catalogue.ts';
import { tdsError } from './errors.ts';
import { TdsHttp, type TdsHttpOptions } from './http.ts';
import { readPriceAnswer } from './pna-reader.ts';
import { iterateBytes, type PriceFileEvent, parsePriceFile } from './price-file.ts';
import {
  type FileTransfer,
  isFileTransferUrl,
  type PriceFileDelivery,
  parseCategoryList,
  type TdsCategoryEntry,
  transferUnavailable,
} from './price-file-delivery.ts';
import type {
  TdsCatalogueFilters,
  TdsCataloguePage,
  TdsClient,
  TdsInvoice,
  TdsOrderInput,
  TdsOrderResult,
  TdsOrderStatus,
  TdsPriceLine,
  TdsPriceRequest,
} from './types.ts';
import {
  INVOICE_ROUTE,
  invoiceRequestXml,
  orderRequestXml,
  PNA_ROUTE,
  PO_ROUTE,
  priceRequestXml,
  readInvoiceResponse,
  readOrderResponse,
  readStatusResponse,
  statusRequestXml,
} from './xml-services.ts';

export const TDS_PNA_BATCH = 100;

export interface TdsClientConfig {
  /** e.g. https://ec.us.tdsynnex.com, or the simulator's http://127.0.0.1:8787/sim/tds */
  xmlBaseUrl: string;
  /** Full invoice-query URL; default `${xmlBaseUrl}/webservice/invoice/query` (production uses ws.us.tdsynnex.com). */
  invoiceUrl?: string;
  /** REST base for auth/token and the catalogue; default xmlBaseUrl. */
  restBaseUrl?: string;
  /** Price-file URL; default `${xmlBaseUrl}/pricefile/{customerNo}.ap`. */
  priceFileUrl?: string;
  /** Where TD SYNNEX delivers this account's price file (FTP, FTPS, SFTP or HTTPS); wins over priceFileUrl. */
  priceFile?: PriceFileDelivery;
  customerNo: string;
  user: string;
  password: string;
  oauth?: { clientId: string; clientSecret: string };
  /** Pause between catalogue pages (ms). */
  cataloguePageDelayMs?: number;
}

export type TdsClientOptions = TdsHttpOptions & {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** FTP/FTPS/SFTP downloads; only the Node entry provides one. */
  fileTransfer?: FileTransfer;
};

export function createTdsClient(config: TdsClientConfig, options: TdsClientOptions = {}): TdsClient {
  return new HttpTdsClient(config, options);
}

export class HttpTdsClient implements TdsClient {
  readonly #http: TdsHttp;
  readonly #catalogue: CatalogueClient | undefined;
  readonly #base: string;
  readonly #options: TdsClientOptions;

  constructor(
    private readonly config: TdsClientConfig,
    options: TdsClientOptions = {},
  ) {
    this.#options = options;
    this.#http = new TdsHttp(options);
    this.#base = config.xmlBaseUrl.replace(/\/+$/, '');
    this.#catalogue = config.oauth
      ? new CatalogueClient(this.#http, {
          restBaseUrl: (config.restBaseUrl ?? this.#base).replace(/\/+$/, ''),
          clientId: config.oauth.clientId,
          clientSecret: config.oauth.clientSecret,
          pageDelayMs: config.cataloguePageDelayMs,
          now: options.now,
          sleep: options.sleep,
        })
      : undefined;
  }

  #xml(body: string): () => RequestInit {
    return () => ({ method: 'POST', headers: { 'content-type': 'application/xml' }, body });
  }

  async priceAvailability(items: TdsPriceRequest[]): Promise<TdsPriceLine[]> {
    const numbered = items.map((request, i) => ({ request, lineNumber: i + 1 }));
    const batches: (typeof numbered)[] = [];
    for (let i = 0; i < numbered.length; i += TDS_PNA_BATCH) batches.push(numbered.slice(i, i + TDS_PNA_BATCH));
    const results = await Promise.all(
      batches.map((batch) =>
        this.#http.send(
          PNA_ROUTE,
          `${this.#base}/SynnexXML/PriceAvailability`,
          this.#xml(priceRequestXml(this.config, batch)),
          async (r) => readPriceAnswer(await r.text(), batch),
        ),
      ),
    );
    return results.flat();
  }

  async submitOrder(order: TdsOrderInput): Promise<TdsOrderResult> {
    validateOrder(order);
    const body = orderRequestXml(this.config, order);
    try {
      return await this.#http.send(PO_ROUTE, `${this.#base}/SynnexXML/PO`, this.#xml(body), async (r, attempt) => {
        try {
          return readOrderResponse(await r.text(), order.poNumber);
        } catch (error) {
          // Our own earlier attempt created the order: recover it instead of failing.
          if (attempt > 1 && error instanceof AppError && error.code === 'tds_duplicate_po')
            throw new RecoverFromDuplicate();
          throw error;
        }
      });
    } catch (error) {
      if (!(error instanceof RecoverFromDuplicate)) throw error;
      const status = await this.orderStatus(order.poNumber);
      return {
        customerNumber: status.customerNumber,
        poNumber: status.poNumber,
        code: 'accepted',
        orderNumbers: [...new Set(status.lines.map((l) => l.orderNumber).filter(Boolean))],
        lines: status.lines.map((l) => ({
          lineNumber: l.lineNumber,
          sku: l.sku,
          quantity: l.orderQuantity,
          orderNumber: l.orderNumber,
          orderType: l.orderType,
          shipFromWarehouse: l.shipFromWarehouse,
          internalReference: '',
        })),
        responseDateTime: '',
        recoveredFromDuplicate: true,
      };
    }
  }

  async orderStatus(poNumber: string): Promise<TdsOrderStatus> {
    if (!poNumber.trim()) {
      throw tdsError(
        'tds_invalid_request',
        'An order status query needs the PO number (not the TD SYNNEX order number).',
        {
          route: PO_ROUTE,
        },
      );
    }
    return this.#http.send(
      PO_ROUTE,
      `${this.#base}/SynnexXML/PO`,
      this.#xml(statusRequestXml(this.config, poNumber)),
      async (r) => readStatusResponse(await r.text(), poNumber),
    );
  }

  async invoices(query: { poNumber?: string; orderNumber?: string }): Promise<TdsInvoice[]> {
    if (!query.poNumber && !query.orderNumber) {
      throw tdsError('tds_invalid_request', 'An invoice query needs a PO number or a TD SYNNEX order number.', {
        route: INVOICE_ROUTE,
      });
    }
    const url = this.config.invoiceUrl ?? `${this.#base}/webservice/invoice/query`;
    return this.#http.send(INVOICE_ROUTE, url, this.#xml(invoiceRequestXml(this.config, query)), async (r) =>
      readInvoiceResponse(await r.text()),
    );
  }

  catalogueSearch(filters: TdsCatalogueFilters): AsyncIterable<TdsCataloguePage> {
    if (!this.#catalogue) {
      throw tdsError(
        'tds_invalid_request',
        'The TD SYNNEX catalogue needs API client credentials (client id and secret) in the connection settings.',
        { route: 'POST resellers/v2/products/catalogue' },
      );
    }
    return this.#catalogue.pages(filters);
  }

  async *priceFile(opts: { type?: 'full' | 'delta'; since?: Date } = {}): AsyncGenerator<PriceFileEvent> {
    const delivery = this.config.priceFile;
    if (delivery) {
      const url = opts.type === 'delta' && delivery.deltaUrl ? delivery.deltaUrl : delivery.url;
      yield* parsePriceFile(await this.#download(url, delivery));
      return;
    }
    const base = this.config.priceFileUrl ?? `${this.#base}/pricefile/${encodeURIComponent(this.config.customerNo)}.ap`;
    const url = new URL(base);
    url.searchParams.set('type', opts.type ?? 'full');
    if (opts.since) url.searchParams.set('since', opts.since.toISOString());
    yield* parsePriceFile(await this.#download(url.toString(), {}));
  }

  /** The category list file (codes and names of TD SYNNEX's three-level category tree). */
  async categoryList(): Promise<TdsCategoryEntry[]> {
    const delivery = this.config.priceFile;
    const url = delivery?.categoriesUrl ?? `${this.#base}/pricefile/SYNNEX_CATEGORY_LIST.csv`;
    const decoder = new TextDecoder();
    let text = '';
    for await (const bytes of iterateBytes(await this.#download(url, delivery ?? {}))) {
      text += decoder.decode(bytes, { stream: true });
    }
    text += decoder.decode();
    return parseCategoryList(text);
  }

  /** A file from TD SYNNEX's file delivery: HTTP(S) through the shared HTTP path, FTP/SFTP through the Node transfer. */
  async #download(
    url: string,
    login: { user?: string; password?: string },
  ): Promise<ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>> {
    const user = login.user ?? this.config.user;
    const password = login.password ?? this.config.password;
    if (isFileTransferUrl(url)) {
      const route = `GET pricefile (${new URL(url).protocol.replace(':', '')})`;
      const transfer = this.#options.fileTransfer;
      if (!transfer) throw transferUnavailable(route);
      const hostKeySha256 = this.config.priceFile?.hostKeySha256;
      const request = { url: new URL(url), user, password, timeoutMs: this.#options.timeoutMs ?? 60_000 };
      return recorded(transfer(hostKeySha256 ? { ...request, hostKeySha256 } : request), {
        route,
        options: this.#options,
      });
    }
    const route = 'GET pricefile';
    return this.#http.send(
      route,
      url,
      () => ({ headers: { authorization: `Basic ${btoa(`${user}:${password}`)}` } }),
      async (response) => {
        if (!response.body)
          throw tdsError('tds_malformed_response', 'The price file download was empty.', { route, retryable: true });
        return response.body;
      },
    );
  }
}

/** Records an FTP download as one upstream call when it ends (the HTTP path records in TdsHttp). */
function recorded(
  source: AsyncIterable<Uint8Array>,
  { route, options }: { route: string; options: TdsClientOptions },
): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const started = performance.now();
      const record = (ok: boolean, errorCode?: string) =>
        options.recorder?.record({
          tenantId: options.tenantId ?? 'default',
          system: 'tds',
          method: 'GET',
          route,
          status: ok ? 200 : 0,
          ok,
          durationMs: performance.now() - started,
          ...(errorCode ? { errorCode } : {}),
          at: new Date().toISOString(),
        });
      try {
        yield* source;
        record(true);
      } catch (error) {
        record(false, error instanceof AppError ? error.code : 'tds_network');
        throw error;
      }
    },
  };
}

class RecoverFromDuplicate extends Error {}

function validateOrder(order: TdsOrderInput): void {
  const problems: string[] = [];
  if (!order.poNumber?.trim()) problems.push('the PO number is empty');
  else if (order.poNumber.length > 30) problems.push('the PO number is longer than 30 characters');
  if (order.lines.length === 0) problems.push('the PO has no lines');
  for (const [i, line] of order.lines.entries()) {
    if (!line.sku?.trim()) problems.push(`line ${line.lineNumber ?? i + 1} has no TD SYNNEX SKU`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      problems.push(`line ${line.lineNumber ?? i + 1} has quantity ${line.quantity}`);
    }
  }
  const to = order.shipTo;
  const missing = (['name', 'line1', 'city', 'state', 'zip', 'country'] as const).filter((k) => !to?.[k]?.trim());
  if (missing.length) problems.push(`the ship-to address lacks ${missing.join(', ')}`);
  if (problems.length) {
    throw tdsError(
      'tds_invalid_request',
      `PO ${order.poNumber || '(no number)'} cannot be sent to TD SYNNEX: ${problems.join('; ')}.`,
      {
        route: PO_ROUTE,
        details: { problems },
      },
    );
  }
}
