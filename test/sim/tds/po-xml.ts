/** Request builders and a parser for the simulator tests (XML text as a client would send it). */
import { XMLParser } from 'fast-xml-parser';
import { DEMO } from './harness.ts';

export const parseB2B = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    isArray: (name) => ['Item', 'Package', 'SerialNo', 'Invoice', 'invoice', 'item', 'serialNo'].includes(name),
  }).parse(xml).SynnexB2B;

export interface PoLine {
  sku: string;
  qty: number | string;
  line?: string;
  warehouse?: number;
}

export const SHIP_TO = `<ShipTo><AddressName1>Contoso Ltd</AddressName1><AddressLine1>1 Main St</AddressLine1><City>Dallas</City><State>TX</State><ZipCode>75201</ZipCode><Country>US</Country></ShipTo>`;

export function poXml(
  po: string,
  lines: PoLine[],
  opts: { shipTo?: string; flags?: string; shipMethod?: string; creds?: typeof DEMO } = {},
): string {
  const creds = opts.creds ?? DEMO;
  const items = lines
    .map(
      (l, i) =>
        `<Item lineNumber="${l.line ?? i + 1}"><SKU>${l.sku}</SKU><OrderQuantity>${l.qty}</OrderQuantity>${l.warehouse ? `<ShipFromWarehouse>${l.warehouse}</ShipFromWarehouse>` : ''}</Item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<SynnexB2B><Credential><UserID>${creds.user}</UserID><Password>${creds.password}</Password></Credential>
<OrderRequest><CustomerNumber>${creds.customerNo}</CustomerNumber><PONumber>${po}</PONumber>${opts.flags ?? ''}
<Shipment>${opts.shipTo ?? SHIP_TO}${opts.shipMethod ? `<ShipMethod><Code>${opts.shipMethod}</Code></ShipMethod>` : ''}</Shipment>
<Payment><BillTo code="${creds.customerNo}"/></Payment>
<Items>${items}</Items></OrderRequest></SynnexB2B>`;
}

export function statusXml(po: string, creds = DEMO): string {
  return `<SynnexB2B><Credential><UserID>${creds.user}</UserID><Password>${creds.password}</Password></Credential><OrderStatusRequest><CustomerNumber>${creds.customerNo}</CustomerNumber><PONumber>${po}</PONumber></OrderStatusRequest></SynnexB2B>`;
}

export function invoiceXml(query: { po?: string; order?: string }, creds = DEMO): string {
  const key = query.po ? `<PONumber>${query.po}</PONumber>` : `<OrderNumber>${query.order}</OrderNumber>`;
  return `<SynnexB2B version="1.0"><Credential><UserID>${creds.user}</UserID><Password>${creds.password}</Password></Credential><InvoiceRequest><CustomerNumber>${creds.customerNo}</CustomerNumber>${key}</InvoiceRequest></SynnexB2B>`;
}
