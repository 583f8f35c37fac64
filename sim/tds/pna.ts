/**
 * POST /SynnexXML/PriceAvailability: `priceRequest` → `priceResponse`, one `PriceAvailabilityList` per
 * requested `skuList` line, with per-warehouse stock (reference §2).
 */
import type { Context } from 'hono';
import type { SimClock } from '../clock.ts';
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { AUTH_FAILED, credentialsMatch } from './account.ts';
import { buildXml, list, parseXml, plain, text, type XmlNode, xmlResponse } from './xml.ts';

export const MAX_PNA_LINES = 100;

/**
 * How a "Not found" line names the SKU: `zero` (`<synnexSKU>0</synnexSKU>`, as one public description of the
 * service shows; default) or `echo` (the requested SKU, as older clients assume).
 */
export type NotFoundSku = 'zero' | 'echo';

export function priceErrorEnvelope(errorMessage: string, errorDetail: string): Response {
  return xmlResponse(buildXml('priceResponse', { errorMessage, errorDetail }));
}

export async function handlePriceAvailability(
  c: Context,
  catalog: TdsCatalog,
  clock: SimClock,
  opts: { notFoundSku?: NotFoundSku } = {},
): Promise<Response> {
  const doc = parseXml(await c.req.text());
  const request = doc?.priceRequest as XmlNode | undefined;
  if (!request || typeof request !== 'object') {
    return priceErrorEnvelope('IncompleteXML01', 'The body must be a priceRequest XML document.');
  }
  const customerNo = text(request, 'customerNo');
  const userName = text(request, 'userName');
  if (!credentialsMatch(customerNo, userName, text(request, 'password'))) {
    return priceErrorEnvelope(AUTH_FAILED.errorMessage, AUTH_FAILED.errorDetail);
  }
  const lines = list(request, 'skuList');
  if (lines.length === 0) return priceErrorEnvelope('IncompleteXML01', 'At least one skuList element is required.');
  if (lines.length > MAX_PNA_LINES) {
    return priceErrorEnvelope(
      'Too many SKUs',
      `A priceRequest may contain at most ${MAX_PNA_LINES} skuList items; this one has ${lines.length}. Split the request.`,
    );
  }
  const now = clock.now();
  const body: XmlNode = {
    customerNo,
    userName,
    PriceAvailabilityList: lines.map((line, i) => priceLine(line, i, catalog, now, opts.notFoundSku ?? 'zero')),
  };
  return xmlResponse(buildXml('priceResponse', body));
}

function priceLine(line: XmlNode, position: number, catalog: TdsCatalog, now: Date, notFoundSku: NotFoundSku): XmlNode {
  const lineNumber = text(line, 'lineNumber') || String(position + 1);
  const requestedSku = text(line, 'synnexSKU');
  const requestedMfgPN = text(line, 'mfgPN');
  // Look-up by manufacturer part number is our choice for a [?] in the reference (README).
  const product = requestedSku
    ? catalog.productBySku(requestedSku)
    : requestedMfgPN
      ? catalog.productByMfgPN(requestedMfgPN)
      : undefined;
  if (!product) {
    return {
      synnexSKU: notFoundSku === 'zero' ? '0' : requestedSku,
      ...(requestedMfgPN && !requestedSku ? { mfgPN: requestedMfgPN } : {}),
      status: 'Not found',
      description: '',
      price: '',
      totalQuantity: 0,
      lineNumber,
    };
  }
  const identity = {
    synnexSKU: product.sku,
    mfgPN: product.mfgPN,
    mfgCode: product.mfgCode,
  };
  if (!catalog.isAuthorized(product.index)) {
    return {
      ...identity,
      status: 'Not authorized',
      description: product.description,
      GlobalProductStatusCode: product.status,
      price: '',
      totalQuantity: 0,
      lineNumber,
    };
  }
  const stock = catalog.availability(product.index, now);
  return {
    ...identity,
    status: product.status,
    description: product.description,
    GlobalProductStatusCode: product.status,
    price: plain(catalog.priceAt(product.index, now).unitCost),
    totalQuantity: stock.totalQuantity,
    AvailabilityByWarehouse: stock.warehouses.map((s) => ({
      warehouseInfo: {
        number: s.warehouse.number,
        zipcode: s.warehouse.zipcode,
        city: s.warehouse.city,
        addr: s.warehouse.addr,
      },
      qty: s.qty,
      ...(s.onOrderQuantity !== undefined ? { onOrderQuantity: s.onOrderQuantity } : {}),
      ...(s.estimatedArrivalDate ? { estimatedArrivalDate: s.estimatedArrivalDate } : {}),
    })),
    lineNumber,
  };
}
