/**
 * POST /webservice/invoice/query: `SynnexB2B/InvoiceRequest` (by PONumber or OrderNumber) →
 * `SynnexB2B/invoiceResponse` with one `invoice` per invoiced shipment wave of a TD SYNNEX order
 * (reference §4.3; camelCase names as the SDK types spell them, money with thousands separators,
 * tracking numbers joined by commas). Errors come back as `errorCode`/`errorReason`.
 */
import type { TdsCatalog, TdsCatalogProduct } from '../data/tds-catalog.ts';
import { orderState } from './order-lifecycle.ts';
import { SHIP_METHODS, type TdsOrder } from './order-model.ts';
import { freightFor } from './order-status.ts';
import { dateOnly, money, type XmlNode } from './xml.ts';

export const BILL_TO = {
  name: 'TDS-BRIDGE DEMO RESELLER',
  addressLine1: '500 Demo Parkway',
  addressLine2: '',
  city: 'Austin',
  state: 'TX',
  zipCode: '78701',
  country: 'US',
};

export function invoiceError(errorCode: string, errorReason: string): XmlNode {
  return { invoiceResponse: { errorCode, errorReason } };
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
          lineNumber: wave.items.length + 1,
          shipQuantity: s.quantity,
          unitPrice: money(a.line.unitPrice),
          synnexPartNumber: synnexPartNumber(product),
          manuafacturerPartNumber: product.mfgPN,
          sku: product.sku,
          vendorNumber: product.vendorNo,
          vendorName: product.manufacturer.toUpperCase(),
          upcCode: product.upc,
          productDescription: product.description,
          custPoLineNo: a.line.lineNumber,
          ...(serials.length > 0 ? { serialNo: serials } : {}),
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
        invoiceDate: dateOnly(wave.shipAt),
        invoiceNumber,
        orderType: wave.orderType,
        approvalNumber: '',
        shipTo: {
          name: order.shipTo.AddressName1,
          addressLine1: order.shipTo.AddressLine1,
          addressLine2: order.shipTo.AddressLine2,
          city: order.shipTo.City,
          state: order.shipTo.State,
          zipCode: order.shipTo.ZipCode,
          country: order.shipTo.Country,
        },
        billTo: BILL_TO,
        discount: money(0),
        discountDays: 0,
        paymentTermDays: 30,
        paymentTermDesc: 'NET 30 DAYS',
        shipMethodCode: order.shipMethod,
        shipMethodDesc: SHIP_METHODS[order.shipMethod] ?? '',
        shipDate: dateOnly(wave.shipAt),
        comments: '',
        internalReferenceNumber: wave.orderNumber,
        tracking: { trackNumber: wave.tracking.join(',') },
        items: { item: wave.items },
        summary: {
          totalInvoiceAmount: money(total),
          allowanceOrCharge: 'C',
          expenseTotal: money(freight),
          minOrderFee: money(0),
          rebate: money(0),
          freight: money(freight),
          processingFee: money(0),
          boxCharge: money(0),
          totalWeight: Math.round(wave.weight * 100) / 100,
          boxCount: wave.boxes,
          salesTax: money(0),
          shipping: money(freight),
        },
      });
    }
  }
  const poNumber = query.poNumber || orders[0]?.poNumber || '';
  if (invoices.length === 0) {
    const what = query.poNumber ? `PO ${query.poNumber}` : `order ${query.orderNumber}`;
    return invoiceError(
      orders.length === 0 ? 'NOT_FOUND' : 'NO_INVOICE',
      orders.length === 0 ? `No order found for ${what}.` : `No invoice has been issued yet for ${what}.`,
    );
  }
  return { invoiceResponse: { customerPoNumber: poNumber, invoice: invoices } };
}
