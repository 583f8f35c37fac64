/**
 * Request builders and response mappers for the SYNNEX XML services: P&A, PO submit, PO status, invoices.
 * Pure functions (no I/O), so the HTTP client stays small and these are easy to test against real samples.
 */
import { businessError, tdsError } from './errors.ts';
import { B2BEnvelope, InvoiceResponse, OrderResponse, OrderStatusResponse, PriceResponse } from './schemas.ts';
import type {
  TdsInvoice,
  TdsOrderInput,
  TdsOrderResult,
  TdsOrderStatus,
  TdsPriceLine,
  TdsPriceRequest,
} from './types.ts';
import { buildRequest, parseResponse, shape, splitList } from './xml.ts';

export interface TdsXmlCredentials {
  customerNo: string;
  user: string;
  password: string;
}

export const PNA_ROUTE = 'POST SynnexXML/PriceAvailability';
export const PO_ROUTE = 'POST SynnexXML/PO';
export const INVOICE_ROUTE = 'POST webservice/invoice/query';
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

function b2b(route: string, body: string) {
  const doc = parseResponse(route, body);
  const root = shape(route, B2BEnvelope, doc.SynnexB2B ?? {});
  if (root.errorMessage || root.errorDetail)
    throw businessError(route, root.errorMessage ?? '', root.errorDetail ?? '');
  return root;
}

export function readOrderResponse(body: string, poNumber: string): TdsOrderResult {
  const root = b2b(PO_ROUTE, body);
  if (!root.OrderResponse) {
    throw tdsError('tds_malformed_response', 'TD SYNNEX answered the PO without an OrderResponse.', {
      route: PO_ROUTE,
      retryable: false,
    });
  }
  const r = shape(PO_ROUTE, OrderResponse, root.OrderResponse);
  const items = r.Items.Item;
  if (r.Code.toLowerCase() !== 'accepted') {
    const reason = r.Reason ?? items.find((i) => i.Reason)?.Reason ?? 'no reason given';
    const lines = items.map((i) => ({ lineNumber: i['@_lineNumber'], sku: i.SKU, code: i.Code, reason: i.Reason }));
    if (/duplicate/i.test(reason)) {
      const existing = [
        ...new Set([...items.map((i) => i.OrderNumber).filter(Boolean), ...(reason.match(/\b\d{6,}\b/g) ?? [])]),
      ];
      throw tdsError(
        'tds_duplicate_po',
        `PO ${poNumber} was already submitted to TD SYNNEX${existing.length ? ` (order ${existing.join(', ')})` : ''}; it was not sent again.`,
        {
          route: PO_ROUTE,
          upstreamCode: 'rejected',
          retryable: false,
          details: { reason, existingOrderNumbers: existing, lines },
        },
      );
    }
    const notAuthorized = /not authori[sz]ed/i.test(reason);
    throw tdsError(
      notAuthorized ? 'tds_not_authorized' : 'tds_order_rejected',
      `TD SYNNEX rejected PO ${poNumber}: ${reason} Fix the PO in ConnectWise and set it back to "Send to TDS".`,
      { route: PO_ROUTE, upstreamCode: 'rejected', retryable: false, details: { reason, lines } },
    );
  }
  const lines = items.map((i) => ({
    lineNumber: i['@_lineNumber'],
    sku: i.SKU,
    quantity: i.OrderQuantity,
    orderNumber: i.OrderNumber,
    orderType: i.OrderType,
    shipFromWarehouse: i.ShipFromWarehouse,
    internalReference: i.SynnexInternalReference,
  }));
  return {
    customerNumber: r.CustomerNumber,
    poNumber: r.PONumber || poNumber,
    code: 'accepted',
    orderNumbers: [...new Set(lines.map((l) => l.orderNumber).filter(Boolean))],
    lines,
    responseDateTime: r.ResponseDateTime,
  };
}

export function readStatusResponse(body: string, poNumber: string): TdsOrderStatus {
  const root = b2b(PO_ROUTE, body);
  const r = shape(PO_ROUTE, OrderStatusResponse, root.OrderStatusResponse ?? {});
  const status = r.Code.toLowerCase();
  const found = status !== 'not found' && status !== 'notfound';
  return {
    customerNumber: r.CustomerNumber,
    poNumber: r.PONumber || poNumber,
    status,
    found,
    ...(r.PODatetime ? { poDateTime: r.PODatetime } : {}),
    lines: r.Items.Item.map((i) => {
      const packages = i.Packages.Package.map((p) => ({
        trackingNumber: p.TrackingNumber,
        weight: p.Weight,
        shipItemQuantity: p.ShipItemQuantity,
        serialNumbers: p.SerialNo.filter(Boolean),
      }));
      return {
        lineNumber: i['@_lineNumber'],
        code: i.Code.toLowerCase(),
        orderNumber: i.OrderNumber,
        orderType: i.OrderType,
        sku: i.SKU,
        mfgPN: i.MfgPN,
        productName: i.ProductName,
        orderQuantity: i.OrderQuantity,
        shipQuantity: i.ShipQuantity,
        unitPrice: i.UnitPrice,
        ...(i.ShipDatetime ? { shipDateTime: i.ShipDatetime } : {}),
        shipFromWarehouse: i.ShipFromWarehouse,
        shipMethod: i.ShipMethod,
        shipMethodDescription: i.ShipMethodDescription,
        ...(i.EstimatedShipDate ? { estimatedShipDate: i.EstimatedShipDate } : {}),
        ...(i.EstimatedDeliveryDate ? { estimatedDeliveryDate: i.EstimatedDeliveryDate } : {}),
        ...(i.EtaDate ? { etaDate: i.EtaDate } : {}),
        freight: i.Freight,
        packages,
        trackingNumbers: splitList(packages.map((p) => p.trackingNumber)),
        serialNumbers: packages.flatMap((p) => p.serialNumbers),
      };
    }),
  };
}

export function readInvoiceResponse(body: string): TdsInvoice[] {
  // The answer is SynnexB2B/invoiceResponse; a bare invoiceResponse root is accepted too.
  const doc = parseResponse(INVOICE_ROUTE, body);
  const wrapper = shape(INVOICE_ROUTE, B2BEnvelope, doc.SynnexB2B ?? {});
  if (wrapper.errorMessage || wrapper.errorDetail) {
    throw businessError(INVOICE_ROUTE, wrapper.errorMessage ?? '', wrapper.errorDetail ?? '');
  }
  const r = shape(INVOICE_ROUTE, InvoiceResponse, wrapper.invoiceResponse ?? doc.invoiceResponse ?? {});
  if (r.errorCode || r.errorReason) {
    const code = (r.errorCode ?? '').toUpperCase();
    if (code === 'NOT_FOUND' || code === 'NO_INVOICE' || /no (invoice|order)/i.test(r.errorReason ?? '')) return [];
    throw businessError(INVOICE_ROUTE, r.errorCode ?? '', r.errorReason ?? '');
  }
  return r.invoice.map((inv) => ({
    customerPoNumber: r.customerPoNumber ?? '',
    invoiceNumber: inv.invoiceNumber,
    invoiceDate: inv.invoiceDate,
    orderType: inv.orderType,
    orderNumber: inv.internalReferenceNumber,
    shipDate: inv.shipDate,
    shipMethodCode: inv.shipMethodCode,
    trackingNumbers: splitList(inv.tracking.trackNumber),
    lines: inv.items.item.map((it) => ({
      lineNumber: it.lineNumber,
      sku: it.sku,
      synnexPartNumber: it.synnexPartNumber,
      mfgPN: it.manuafacturerPartNumber,
      description: it.productDescription,
      quantity: it.shipQuantity,
      unitPrice: it.unitPrice,
      custPoLineNo: it.custPoLineNo,
      serialNumbers: it.serialNo.filter(Boolean),
    })),
    total: inv.summary.totalInvoiceAmount,
    freight: inv.summary.freight,
    salesTax: inv.summary.salesTax,
  }));
}
