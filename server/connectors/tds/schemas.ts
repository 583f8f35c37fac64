/** zod shapes of the parsed TD SYNNEX XML responses (reference §2.2, §3.2, §4.2, §4.3). */
import * as z from 'zod';
import { xInt, xList, xMoney, xOptInt, xOptText, xText } from './xml.ts';

const ErrorFields = {
  errorMessage: xOptText,
  errorDetail: xOptText,
};

export const PriceResponse = z.object({
  ...ErrorFields,
  customerNo: xOptText,
  PriceAvailabilityList: xList(
    z.object({
      synnexSKU: xText,
      mfgPN: xText,
      mfgCode: xText,
      status: xText,
      description: xText,
      GlobalProductStatusCode: xText,
      price: xMoney,
      totalQuantity: xInt,
      lineNumber: xText,
      AvailabilityByWarehouse: xList(
        z.object({
          warehouseInfo: z.object({ number: xInt, zipcode: xText, city: xText, addr: xText }),
          qty: xInt,
          onOrderQuantity: xOptInt,
          estimatedArrivalDate: xOptText,
        }),
      ),
    }),
  ),
});

const OrderResponseItem = z.object({
  '@_lineNumber': xText,
  SKU: xText,
  OrderQuantity: xInt,
  Code: xText,
  Reason: xOptText,
  OrderNumber: xText,
  OrderType: xText,
  ShipFromWarehouse: xText,
  SynnexInternalReference: xText,
});

export const OrderResponse = z.object({
  CustomerNumber: xText,
  PONumber: xText,
  Code: xText,
  Reason: xOptText,
  ResponseDateTime: xText,
  ResponseElapsedTime: xOptText,
  Items: z.preprocess((v) => (v === '' || v === undefined ? {} : v), z.object({ Item: xList(OrderResponseItem) })),
});

const StatusItem = z.object({
  '@_lineNumber': xText,
  Code: xText,
  OrderNumber: xText,
  OrderType: xText,
  SKU: xText,
  MfgPN: xText,
  ProductName: xText,
  OrderQuantity: xInt,
  ShipQuantity: xInt,
  UnitPrice: xMoney,
  ShipDatetime: xOptText,
  ShipFromWarehouse: xText,
  ShipMethod: xText,
  ShipMethodDescription: xText,
  /** A production parser reads `ETADate`; the SDK types spell it `EtaDate`. Both are read. */
  ETADate: xOptText,
  EtaDate: xOptText,
  EstimatedShipDate: xOptText,
  EstimatedDeliveryDate: xOptText,
  Freight: xMoney,
  Packages: z.preprocess(
    (v) => (v === '' || v === undefined ? {} : v),
    z.object({
      Package: xList(
        z.object({
          TrackingNumber: xText,
          Weight: xMoney,
          ShipItemQuantity: xInt,
          SerialNo: xList(xText),
        }),
      ),
    }),
  ),
});

export const OrderStatusResponse = z.object({
  CustomerNumber: xText,
  PONumber: xText,
  Code: xText,
  PODatetime: xOptText,
  Items: z.preprocess((v) => (v === '' || v === undefined ? {} : v), z.object({ Item: xList(StatusItem) })),
});

const obj = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' || v === undefined ? {} : v), schema);

/** Invoice answers with every element name lower-cased (order-answers.ts), so both casings read alike. */
const InvoiceItemLower = z.object({
  linenumber: xText,
  shipquantity: xInt,
  unitprice: xMoney,
  synnexpartnumber: xText,
  manuafacturerpartnumber: xText,
  manufacturerpartnumber: xText,
  sku: xText,
  productdescription: xText,
  custpolineno: xText,
  serialno: xList(xText),
});

export const InvoiceResponseLower = z.object({
  customerponumber: xOptText,
  invoice: xList(
    z.object({
      customerponumber: xOptText,
      invoicedate: xText,
      invoicenumber: xText,
      ordertype: xText,
      shipmethodcode: xText,
      shipdate: xText,
      internalreferencenumber: xText,
      tracking: obj(z.object({ tracknumber: xList(xText) })),
      items: obj(z.object({ item: xList(InvoiceItemLower) })),
      summary: obj(z.object({ totalinvoiceamount: xMoney, freight: xMoney, salestax: xMoney, recyclingfee: xMoney })),
    }),
  ),
});

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

export const CatalogueResponse = z.object({
  data: z.array(z.looseObject({ tdsynnexPartNumber: z.coerce.string() })),
  paging: z.object({ totalItems: z.number().optional(), totalPages: z.number().optional() }).partial().optional(),
});
