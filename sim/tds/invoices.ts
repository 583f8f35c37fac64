/**
 * POST /webservice/invoice/query: `SynnexB2B/InvoiceRequest` (by PONumber or OrderNumber) →
 * `SynnexB2B/InvoiceResponse{CustomerPONumber, Invoice…}` with one `Invoice` per invoiced shipment wave of a
 * TD SYNNEX order. PascalCase as a production parser reads it (brianf-ctc/varconnect synnex_api.js:
 * InvoiceDate, InvoiceNumber, Summary{SalesTax, Freight, RecyclingFee, TotalInvoiceAmount…},
 * Items/Item{ManuafacturerPartNumber (sic), SKU, UnitPrice, ShipQuantity, SerialNo "SN: …"}, Tracking/TrackNumber);
 * the other names are the SDK's, PascalCased (unconfirmed). Money with thousands separators, tracking numbers
 * joined by commas. Errors come back as `InvoiceResponse/ErrorDetail`.
 */
import type { TdsCatalog, TdsCatalogProduct } from '../data/tds-catalog.ts';
import { orderState } from './order-lifecycle.ts';
import { SHIP_METHODS, type TdsOrder } from './order-model.ts';
import { freightFor } from './order-status.ts';
import { dateOnly, money, type XmlNode } from './xml.ts';

export const BILL_TO = {
  Name: 'TDS-BRIDGE DEMO RESELLER',
  AddressLine1: '500 Demo Parkway',
  AddressLine2: '',
  City: 'Austin',
  State: 'TX',
  ZipCode: '78701',
  Country: 'US',
};

/** "No invoice yet", "not found", a refused login…: the reason goes in `ErrorDetail`. */
export function invoiceError(customerPoNumber: string, errorDetail: string): XmlNode {
  return {
    InvoiceResponse: { ...(customerPoNumber ? { CustomerPONumber: customerPoNumber } : {}), ErrorDetail: errorDetail },
  };
}

/** The SYNNEX internal part number (price file field 4 style: "APC-NET7"). */
export function synnexPartNumber(p: TdsCatalogProduct): string {
  const brand = p.manufacturer
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase();
  return `${brand}-${p.mfgPN}`;
}

export function invoicesBody(
  orders: TdsOrder[],
  query: { poNumber: string; orderNumber: string },
  catalog: TdsCatalog,
  now: Date,
): XmlNode {
  const invoices: XmlNode[] = [];
  for (const order of orders) {
    const state = orderState(order, catalog, now);
    const waves = new Map<
      string,
      {
        orderNumber: string;
        orderType: string;
        shipAt: number;
        items: XmlNode[];
        tracking: string[];
        weight: number;
        boxes: number;
        merchandise: number;
      }
    >();
    for (const a of state.allocations) {
      if (query.orderNumber && a.allocation.orderNumber !== query.orderNumber) continue;
      const product = catalog.product(a.line.index);
      for (const s of a.invoiced) {
        let wave = waves.get(s.invoiceNumber);
        if (!wave) {
          wave = {
            orderNumber: a.allocation.orderNumber,
            orderType: a.allocation.orderType,
            shipAt: s.shipAt,
            items: [],
            tracking: [],
            weight: 0,
            boxes: 0,
            merchandise: 0,
          };
          waves.set(s.invoiceNumber, wave);
        }
        const serials = s.packages.flatMap((p) => p.serials);
        wave.items.push({
          LineNumber: wave.items.length + 1,
          ShipQuantity: s.quantity,
          UnitPrice: money(a.line.unitPrice),
          SynnexPartNumber: synnexPartNumber(product),
          ManuafacturerPartNumber: product.mfgPN,
          SKU: product.sku,
          VendorNumber: product.vendorNo,
          VendorName: product.manufacturer.toUpperCase(),
          UPCCode: product.upc,
          ProductDescription: product.description,
          CustPOLineNo: a.line.lineNumber,
          ...(serials.length > 0 ? { SerialNo: serials.map((n) => `SN: ${n}`) } : {}),
        });
        wave.tracking.push(...s.packages.map((p) => p.trackingNumber).filter(Boolean));
        wave.weight += s.packages.reduce((w, p) => w + p.weight, 0);
        wave.boxes += s.packages.length;
        wave.merchandise += s.quantity * a.line.unitPrice;
      }
    }
    for (const [invoiceNumber, wave] of waves) {
      const freight = freightFor(wave.weight);
      const total = wave.merchandise + freight;
      invoices.push({
        InvoiceDate: dateOnly(wave.shipAt),
        InvoiceNumber: invoiceNumber,
        OrderType: wave.orderType,
        ApprovalNumber: '',
        ShipTo: {
          Name: order.shipTo.AddressName1,
          AddressLine1: order.shipTo.AddressLine1,
          AddressLine2: order.shipTo.AddressLine2,
          City: order.shipTo.City,
          State: order.shipTo.State,
          ZipCode: order.shipTo.ZipCode,
          Country: order.shipTo.Country,
        },
        BillTo: BILL_TO,
        Discount: money(0),
        DiscountDays: 0,
        PaymentTermDays: 30,
        PaymentTermDesc: 'NET 30 DAYS',
        ShipMethodCode: order.shipMethod,
        ShipMethodDesc: SHIP_METHODS[order.shipMethod] ?? '',
        ShipDate: dateOnly(wave.shipAt),
        Comments: '',
        InternalReferenceNumber: wave.orderNumber,
        Tracking: { TrackNumber: wave.tracking.join(',') },
        Items: { Item: wave.items },
        Summary: {
          TotalInvoiceAmount: money(total),
          AllowanceOrCharge: 'C',
          ExpenseTotal: money(freight),
          MinOrderFee: money(0),
          Rebate: money(0),
          Freight: money(freight),
          ProcessingFee: money(0),
          BoxCharge: money(0),
          RecyclingFee: money(0),
          TotalWeight: Math.round(wave.weight * 100) / 100,
          BoxCount: wave.boxes,
          SalesTax: money(0),
          Shipping: money(freight),
        },
      });
    }
  }
  const poNumber = query.poNumber || orders[0]?.poNumber || '';
  if (invoices.length === 0) {
    const what = query.poNumber ? `PO ${query.poNumber}` : `order ${query.orderNumber}`;
    return invoiceError(
      poNumber,
      orders.length === 0 ? `No order found for ${what}.` : `No invoice has been issued yet for ${what}.`,
    );
  }
  return { InvoiceResponse: { CustomerPONumber: poNumber, Invoice: invoices } };
}
