/**
 * The TD SYNNEX simulator (mounted by the lead at /sim/tds): SYNNEX XML services (P&A, PO submit and
 * status, invoice query), the REST catalogue with OAuth, and the streamed daily price file, with the
 * shared /_sim control endpoints, fault injection and stats. Endpoints and choices: sim/tds/README.md.
 */
import { Hono } from 'hono';
import type { SimClock } from '../clock.ts';
import { controlRoutes } from '../control.ts';
import { createTdsCatalog, type TdsCatalog } from '../data/tds-catalog.ts';
import type { TdsWarehouse } from '../data/tds-warehouses.ts';
import { FaultInjector, faultMiddleware } from '../faults.ts';
import { routePattern, SimStats } from '../stats.ts';
import type { SimStore } from '../store.ts';
import { AUTH_FAILED, credentialsMatch, DEMO_CREDENTIALS, DEMO_OAUTH } from './account.ts';
import { b2bErrorResponse } from './b2b-errors.ts';
import { CatalogueApi } from './catalogue.ts';
import { CATEGORY_FILE_NAME, categoryFileText } from './category-file.ts';
import { renderTdsFault } from './fault-render.ts';
import { invoiceError, invoicesBody } from './invoices.ts';
import { orderState } from './order-lifecycle.ts';
import { ORDERS_COLLECTION, orderKey, orderNumbersOf, type TdsOrder } from './order-model.ts';
import { orderStatusBody } from './order-status.ts';
import { submitOrder } from './order-submit.ts';
import { handlePriceAvailability, type NotFoundSku } from './pna.ts';
import { priceFileStream } from './pricefile.ts';
import { tdsControlRoutes } from './sim-control.ts';
import { defaultTdsSimSettings, type TdsSimSettings } from './sim-settings.ts';
import { buildXml, child, parseXml, text, type XmlNode, xmlResponse } from './xml.ts';

export interface TdsSimOptions {
  store: SimStore;
  clock: SimClock;
  seed?: number;
  catalogSize?: number;
  /** e.g. http://127.0.0.1:8787/sim/tds */
  baseUrl: string;
  warehouses?: readonly TdsWarehouse[];
  /** REST access-token lifetime (simulator time). */
  tokenTtlSeconds?: number;
  /** Rows a catalogue search can page through (EU API: 10,000). */
  catalogueResultWindow?: number;
  /** How a "Not found" P&A line names the SKU (default `zero`: `<synnexSKU>0</synnexSKU>`). */
  notFoundSku?: NotFoundSku;
  /** Answer shapes where captures leave a choice (defaults follow the captures); changeable at `PUT /_sim/settings`. */
  settings?: Partial<TdsSimSettings>;
}

export interface TdsSimulator {
  app: Hono;
  credentials: { customerNo: string; user: string; password: string };
  oauth: { clientId: string; clientSecret: string };
  stats: SimStats;
  faults: FaultInjector;
  catalog: TdsCatalog;
  /** The live answer-shape settings (mutable). */
  settings: TdsSimSettings;
  /** Orders with their computed status, for tests and screens. */
  orders(): TdsOrderSummary[];
  reset(): Promise<void>;
}

export interface TdsOrderSummary {
  customerNumber: string;
  poNumber: string;
  submittedAt: string;
  status: string;
  forced?: TdsOrder['forced'];
  orderNumbers: string[];
  lines: Array<{
    lineNumber: string;
    sku: string;
    quantity: number;
    orderNumber: string;
    warehouse: number;
    code: string;
    shipped: number;
  }>;
}

export async function createTdsSimulator(opts: TdsSimOptions): Promise<TdsSimulator> {
  const { store, clock } = opts;
  const catalog = createTdsCatalog({ seed: opts.seed, size: opts.catalogSize, warehouses: opts.warehouses });
  const orders = store.collection<TdsOrder>(ORDERS_COLLECTION);
  const stats = new SimStats(tdsRoute);
  const faults = new FaultInjector();
  const catalogue = new CatalogueApi(catalog, clock, {
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
    resultWindow: opts.catalogueResultWindow ?? 10_000,
  });
  const settings = defaultTdsSimSettings(opts.settings);
  // 8 digits, as real PO answers carry (wentige/goapp fixture); counts up and never repeats.
  const nextOrderNumber = () => String(45_100_000 + orders.nextId());

  const summaries = (): TdsOrderSummary[] => {
    const now = clock.now();
    return [...orders.values()].map((order) => {
      const state = orderState(order, catalog, now);
      return {
        customerNumber: order.customerNumber,
        poNumber: order.poNumber,
        submittedAt: order.submittedAt,
        status: order.forced?.status === 'not found' ? 'not found' : state.code,
        ...(order.forced ? { forced: order.forced } : {}),
        orderNumbers: orderNumbersOf(order),
        lines: state.allocations.map((a) => ({
          lineNumber: a.line.lineNumber,
          sku: a.line.sku,
          quantity: a.allocation.quantity,
          orderNumber: a.allocation.orderNumber,
          warehouse: a.allocation.warehouse,
          code: a.code,
          shipped: a.shippedQuantity,
        })),
      };
    });
  };

  const reset = async () => {
    // Order numbers keep counting: the product may remember numbers issued before the reset.
    for (const order of [...orders.values()]) orders.delete(orderKey(order.customerNumber, order.poNumber));
    catalogue.clearTokens();
    await store.flush();
  };

  const app = new Hono();
  app.use(stats.middleware());
  app.use(faultMiddleware(faults, renderTdsFault(settings)));
  app.route('/_sim', controlRoutes({ stats, faults, clock, reset }));
  app.route('/_sim', tdsControlRoutes({ orders, catalog, clock, summaries, settings }));

  app.post('/SynnexXML/PriceAvailability', (c) =>
    handlePriceAvailability(c, catalog, clock, { notFoundSku: opts.notFoundSku }),
  );

  app.post('/SynnexXML/PO', async (c) => {
    const started = performance.now();
    const doc = parseXml(await xmlBody(c.req.raw));
    const root = doc?.SynnexB2B as XmlNode | undefined;
    if (!root || typeof root !== 'object') {
      return b2bError('IncompleteXML01', 'The body must be a SynnexB2B XML document (raw, or form field xmldata).');
    }
    const credential = child(root, 'Credential');
    const orderRequest = child(root, 'OrderRequest');
    const statusRequest = child(root, 'OrderStatusRequest');
    const request = orderRequest ?? statusRequest;
    if (!request) return b2bError('IncompleteXML01', 'Expected an OrderRequest or OrderStatusRequest element.');
    const customerNumber = text(request, 'CustomerNumber');
    if (!credentialsMatch(customerNumber, text(credential, 'UserID'), text(credential, 'Password'))) {
      return b2bErrorResponse(settings.errorLayout, orderRequest ? 'OrderResponse' : 'OrderStatusResponse', {
        message: AUTH_FAILED.errorMessage,
        detail: AUTH_FAILED.errorDetail,
      });
    }
    const now = clock.now();
    if (orderRequest) {
      const result = submitOrder(orderRequest, customerNumber, {
        catalog,
        orders,
        now,
        nextOrderNumber,
        started,
        answer: settings.orderAnswer,
      });
      return xmlResponse(buildXml('SynnexB2B', { OrderResponse: result.body }));
    }
    const poNumber = text(request, 'PONumber');
    const order = poNumber ? orders.get(orderKey(customerNumber, poNumber)) : undefined;
    return xmlResponse(
      buildXml('SynnexB2B', {
        OrderStatusResponse: orderStatusBody({ customerNumber, poNumber, order, catalog, now, started, settings }),
      }),
    );
  });

  app.post('/webservice/invoice/query', async (c) => {
    const doc = parseXml(await xmlBody(c.req.raw));
    const root = doc?.SynnexB2B as XmlNode | undefined;
    const request = child(root, 'InvoiceRequest');
    if (!request) return invoiceXml(invoiceError('', 'IncompleteXML01: expected SynnexB2B/InvoiceRequest.'));
    const customerNumber = text(request, 'CustomerNumber');
    const credential = child(root, 'Credential');
    if (!credentialsMatch(customerNumber, text(credential, 'UserID'), text(credential, 'Password'))) {
      return invoiceXml(
        invoiceError(text(request, 'PONumber'), `${AUTH_FAILED.errorMessage}: ${AUTH_FAILED.errorDetail}`),
      );
    }
    const poNumber = text(request, 'PONumber');
    const orderNumber = text(request, 'OrderNumber');
    if (!poNumber && !orderNumber) {
      return invoiceXml(invoiceError('', 'Missing parameter: give a PONumber or an OrderNumber.'));
    }
    const matching = [...orders.values()].filter(
      (o) =>
        o.customerNumber === customerNumber &&
        (poNumber ? o.poNumber.toUpperCase() === poNumber.toUpperCase() : orderNumbersOf(o).includes(orderNumber)) &&
        o.forced?.status !== 'not found',
    );
    return invoiceXml(invoicesBody(matching, { poNumber, orderNumber }, catalog, clock.now()));
  });

  app.post('/auth/token', (c) => catalogue.token(c));
  app.post('/resellers/v2/products/catalogue', (c) => catalogue.search(c));

  // The category list file that names the category codes (sim/tds/category-file.ts), beside the price file.
  app.get(`/pricefile/${CATEGORY_FILE_NAME}`, (c) => {
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const [user = '', password = ''] = basic ? safeAtob(basic).split(':') : [];
    if (!credentialsMatch(DEMO_CREDENTIALS.customerNo, user, password)) {
      c.header('WWW-Authenticate', 'Basic realm="TD SYNNEX price file"');
      return c.text('Login incorrect.', 401);
    }
    return c.body(categoryFileText(), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  app.get('/pricefile/:file', (c) => {
    const customerNo = c.req.param('file').replace(/\.ap$/i, '');
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const [user = '', password = ''] = basic ? safeAtob(basic).split(':') : [];
    if (!credentialsMatch(customerNo, user, password)) {
      c.header('WWW-Authenticate', 'Basic realm="TD SYNNEX price file"');
      return c.text('Login incorrect: use the EC user and password of the customer in the file name.', 401);
    }
    const type = c.req.query('type') === 'delta' ? 'delta' : 'full';
    const now = clock.now().getTime();
    const sinceText = c.req.query('since');
    const since = sinceText ? Date.parse(sinceText) : now - 86_400_000;
    if (Number.isNaN(since)) return c.text('since must be an ISO date-time.', 400);
    return new Response(priceFileStream(catalog, { customerNo, type, since, now }), {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${customerNo}.ap"`,
      },
    });
  });

  app.notFound((c) => c.text(`No TD SYNNEX simulator route for ${c.req.method} ${c.req.path}.`, 404));

  return {
    app,
    credentials: { ...DEMO_CREDENTIALS },
    oauth: { ...DEMO_OAUTH },
    stats,
    faults,
    catalog,
    settings,
    orders: summaries,
    reset,
  };
}

/** Raw XML, or the legacy form field `xmldata=`. */
async function xmlBody(request: Request): Promise<string> {
  const body = await request.text();
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded') || /^xmldata=/.test(body)) {
    return new URLSearchParams(body).get('xmldata') ?? '';
  }
  return body;
}

function b2bError(errorMessage: string, errorDetail: string): Response {
  return xmlResponse(buildXml('SynnexB2B', { errorMessage, errorDetail }));
}

function invoiceXml(body: XmlNode): Response {
  return xmlResponse(buildXml('SynnexB2B', body));
}

function safeAtob(value: string): string {
  try {
    return atob(value);
  } catch {
    return '';
  }
}

function tdsRoute(method: string, path: string): string {
  const normalized = path
    .replace(/^.*?\/sim\/tds(?=\/|$)/, '')
    .replace(/\/pricefile\/[^/]+/, '/pricefile/{customerNo}.ap')
    .replace(/\/_sim\/orders\/[^/]+/, '/_sim/orders/{po}');
  return routePattern(method, normalized, /^$/);
}
