/**
 * Request builders for the SYNNEX XML services (P&A, PO submit, PO status, invoices) and the P&A reader.
 * Pure functions (no I/O), so the HTTP client stays small and these are easy to test against real samples.
 */
import { businessError, tdsError } from './errors.ts';
import { PriceResponse } from './schemas.ts';
import type { TdsOrderInput, TdsPriceLine, TdsPriceRequest } from './types.ts';
import { buildRequest, parseResponse, shape } from './xml.ts';

// The order answers' readers live in order-answers.ts; re-exported so callers keep one import.
export {
  INVOICE_ROUTE,
  PO_ROUTE,
  readInvoiceResponse,
  readOrderResponse,
  readStatusResponse,
} from './order-answers.ts';

export interface TdsXmlCredentials {
  customerNo: string;
  user: string;
  password: string;
}

export const PNA_ROUTE = 'POST SynnexXML/PriceAvailability';
export const DROP_SHIP_WAREHOUSE = 98;

export function priceRequestXml(
  creds: TdsXmlCredentials,
  batch: Array<{ request: TdsPriceRequest; lineNumber: number }>,
) {
  return buildRequest(
    'priceRequest',
    {
      customerNo: creds.customerNo,
      userName: creds.user,
      password: creds.password,
      skuList: batch.map(({ request, lineNumber }) => {
        const r = typeof request === 'string' ? { sku: request } : request;
        return r.sku ? { synnexSKU: r.sku, lineNumber } : { mfgPN: r.mfgPN ?? '', lineNumber };
      }),
    },
    { version: '2.8' },
  );
}

export function readPriceResponse(
  body: string,
  batch: Array<{ request: TdsPriceRequest; lineNumber: number }>,
): TdsPriceLine[] {
  const doc = parseResponse(PNA_ROUTE, body);
  const root = shape(PNA_ROUTE, PriceResponse, doc.priceResponse ?? {});
  if (root.errorMessage || root.errorDetail) {
    throw businessError(PNA_ROUTE, root.errorMessage ?? '', root.errorDetail ?? '');
  }
  const byLine = new Map(root.PriceAvailabilityList.map((l) => [l.lineNumber, l]));
  return batch.map(({ request, lineNumber }) => {
    const requested = typeof request === 'string' ? { sku: request } : request;
    const line = byLine.get(String(lineNumber));
    if (!line) {
      throw tdsError('tds_malformed_response', `TD SYNNEX left out line ${lineNumber} of a price request.`, {
        route: PNA_ROUTE,
        retryable: true,
        details: { requested },
      });
    }
    const warehouses = line.AvailabilityByWarehouse.map((w) => ({
      number: w.warehouseInfo.number,
      city: w.warehouseInfo.city,
      zipcode: w.warehouseInfo.zipcode,
      addr: w.warehouseInfo.addr,
      qty: w.qty,
      ...(w.onOrderQuantity !== undefined ? { onOrderQuantity: w.onOrderQuantity } : {}),
      ...(w.estimatedArrivalDate ? { estimatedArrivalDate: w.estimatedArrivalDate } : {}),
      dropShip: w.warehouseInfo.number === DROP_SHIP_WAREHOUSE,
    }));
    // A "Not found" line may name the SKU as 0 instead of echoing the request; 0 is never a real SKU.
    const answeredSku = line.synnexSKU === '0' ? '' : line.synnexSKU;
    const notFound = line.status.toLowerCase() === 'not found';
    return {
      requested,
      lineNumber: line.lineNumber,
      sku: answeredSku || requested.sku || '',
      ...(notFound ? { notFoundSku: line.synnexSKU === '0' ? ('zero' as const) : ('echo' as const) } : {}),
      mfgPN: line.mfgPN || requested.mfgPN || '',
      mfgCode: line.mfgCode,
      status: line.status,
      globalProductStatusCode: line.GlobalProductStatusCode,
      description: line.description,
      price: line.price,
      totalQuantity: line.totalQuantity,
      dropShipQuantity: warehouses.filter((w) => w.dropShip).reduce((n, w) => n + w.qty, 0),
      warehouses,
    };
  });
}

const yes = (flag: boolean | undefined) => (flag === undefined ? undefined : flag ? 'Y' : 'N');
const dateTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

export function orderRequestXml(creds: TdsXmlCredentials, order: TdsOrderInput): string {
  return buildRequest('SynnexB2B', {
    Credential: { UserID: creds.user, Password: creds.password },
    OrderRequest: compact({
      CustomerNumber: creds.customerNo,
      PONumber: order.poNumber,
      PODateTime: order.poDateTime ? dateTime(order.poDateTime) : undefined,
      DropShipFlag: yes(order.dropShip ?? false),
      BackOrderFlag: yes(order.backOrder),
      ShipComplete: yes(order.shipComplete),
      WarehouseSplit: yes(order.warehouseSplit),
      ShipFromWarehouse: order.shipFromWarehouse,
      Shipment: compact({
        ShipTo: compact({
          AddressName1: order.shipTo.name,
          AddressName2: order.shipTo.name2,
          AddressLine1: order.shipTo.line1,
          AddressLine2: order.shipTo.line2,
          City: order.shipTo.city,
          State: order.shipTo.state,
          ZipCode: order.shipTo.zip,
          Country: order.shipTo.country,
        }),
        ShipToContact: order.contact
          ? compact({
              ContactName: order.contact.name,
              PhoneNumber: order.contact.phone,
              EmailAddress: order.contact.email,
            })
          : undefined,
        ShipMethod: order.shipMethod ? { Code: order.shipMethod } : undefined,
        FreightAccountNumber: order.freightAccountNumber,
      }),
      Payment: { BillTo: { '@_code': creds.customerNo } },
      Items: {
        Item: order.lines.map((line, i) =>
          compact({
            '@_lineNumber': String(line.lineNumber ?? i + 1),
            SKU: line.sku,
            CustomerPartNumber: line.customerPartNumber,
            ProductName: line.productName,
            UnitPrice: line.unitPrice?.toFixed(2),
            OrderQuantity: line.quantity,
            Comment: line.comment,
            ShipFromWarehouse: line.shipFromWarehouse,
          }),
        ),
      },
      EndUserPONumber: order.endUserPONumber,
      Comment: order.comment,
      SpecialPriceType: order.specialPriceType,
      SpecialPriceReferenceNumber: order.specialPriceReferenceNumber,
    }),
  });
}

export function statusRequestXml(creds: TdsXmlCredentials, poNumber: string): string {
  return buildRequest('SynnexB2B', {
    Credential: { UserID: creds.user, Password: creds.password },
    OrderStatusRequest: { CustomerNumber: creds.customerNo, PONumber: poNumber },
  });
}

export function invoiceRequestXml(creds: TdsXmlCredentials, q: { poNumber?: string; orderNumber?: string }): string {
  return buildRequest(
    'SynnexB2B',
    {
      Credential: { UserID: creds.user, Password: creds.password },
      InvoiceRequest: compact({ CustomerNumber: creds.customerNo, PONumber: q.poNumber, OrderNumber: q.orderNumber }),
    },
    { version: '1.0' },
  );
}
