/** What the TD SYNNEX client returns and accepts: parsed, normalised, money as numbers. */

export interface TdsWarehouseAvailability {
  number: number;
  city: string;
  zipcode: string;
  addr: string;
  qty: number;
  onOrderQuantity?: number;
  /** YYYY-MM-DD as sent; absent means TD SYNNEX has no ETA (unknown, not "never"). */
  estimatedArrivalDate?: string;
  /** Warehouse 98, "MFG Drop Shipped": not counted in totalQuantity. */
  dropShip: boolean;
}

export type TdsPriceStatus = 'Active' | 'Discontinued' | 'Not found' | 'Not authorized' | (string & {});

export interface TdsPriceLine {
  /** What was asked for, in the caller's order. */
  requested: { sku?: string; mfgPN?: string };
  lineNumber: string;
  sku: string;
  mfgPN: string;
  mfgCode: string;
  status: TdsPriceStatus;
  globalProductStatusCode: string;
  description: string;
  /** null when TD SYNNEX gives no price (not found, not authorized). */
  price: number | null;
  totalQuantity: number;
  dropShipQuantity: number;
  warehouses: TdsWarehouseAvailability[];
  /**
   * On a "Not found" line, how TD SYNNEX named the SKU: `zero` (`<synnexSKU>0</synnexSKU>`, one public
   * description) or `echo` (the requested SKU). Either way `sku` is the one asked for.
   */
  notFoundSku?: 'zero' | 'echo';
}

export type TdsPriceRequest = string | { sku?: string; mfgPN?: string };

export interface TdsAddress {
  name: string;
  name2?: string;
  line1: string;
  line2?: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export interface TdsOrderInput {
  poNumber: string;
  poDateTime?: Date;
  dropShip?: boolean;
  /** Accept back orders (BackOrderFlag); TD SYNNEX default Y. */
  backOrder?: boolean;
  shipComplete?: boolean;
  /** Allow splitting a line over warehouses (WarehouseSplit); default Y. */
  warehouseSplit?: boolean;
  shipFromWarehouse?: number;
  shipTo: TdsAddress;
  contact?: { name?: string; phone?: string; email?: string };
  shipMethod?: string;
  freightAccountNumber?: string;
  endUserPONumber?: string;
  comment?: string;
  specialPriceType?: 'VendorPromotion' | 'FederalGovernment' | 'StateGovernment' | 'Education';
  specialPriceReferenceNumber?: string;
  lines: Array<{
    lineNumber?: number | string;
    sku: string;
    quantity: number;
    unitPrice?: number;
    customerPartNumber?: string;
    productName?: string;
    comment?: string;
    shipFromWarehouse?: number;
  }>;
}

export interface TdsOrderLineResult {
  lineNumber: string;
  sku: string;
  quantity: number;
  orderNumber: string;
  orderType: string;
  shipFromWarehouse: string;
  internalReference: string;
}

export interface TdsOrderResult {
  customerNumber: string;
  poNumber: string;
  code: 'accepted';
  /** Every TD SYNNEX sales order number the PO became (one per ship-from warehouse). */
  orderNumbers: string[];
  /** One entry per order number of a line: a line split over warehouses appears more than once. */
  lines: TdsOrderLineResult[];
  responseDateTime: string;
  /** True when a retry of ours met "duplicate PO" and the order was recovered from its status. */
  recoveredFromDuplicate?: boolean;
  /** Which answer layout was met (`order_type:99`, `ship_from_warehouse:empty`…), for the activity log. */
  variants?: string[];
}

export interface TdsPackage {
  trackingNumber: string;
  weight: number | null;
  shipItemQuantity: number;
  serialNumbers: string[];
}

export interface TdsOrderStatusLine {
  lineNumber: string;
  /** As TD SYNNEX sent it, lower-cased: accepted, shipped, invoiced (seen), released… (documented), or anything. */
  code: string;
  /** False for a code tds-bridge does not know: it is logged and the PO status is left alone. */
  codeKnown: boolean;
  orderNumber: string;
  orderType: string;
  sku: string;
  mfgPN: string;
  productName: string;
  orderQuantity: number;
  shipQuantity: number;
  unitPrice: number | null;
  shipDateTime?: string;
  shipFromWarehouse: string;
  shipMethod: string;
  shipMethodDescription: string;
  estimatedShipDate?: string;
  estimatedDeliveryDate?: string;
  etaDate?: string;
  freight: number | null;
  packages: TdsPackage[];
  trackingNumbers: string[];
  serialNumbers: string[];
}

export interface TdsOrderStatus {
  customerNumber: string;
  poNumber: string;
  /** accepted | partial | shipped | invoiced | not found (seen), or another code (as TD SYNNEX sends it). */
  status: string;
  found: boolean;
  poDateTime?: string;
  lines: TdsOrderStatusLine[];
  /** Which answer layout was met (`eta_element:ETADate`, `line_code_unknown:on hold`…), for the activity log. */
  variants: string[];
}

export interface TdsInvoiceLine {
  lineNumber: string;
  sku: string;
  synnexPartNumber: string;
  mfgPN: string;
  description: string;
  quantity: number;
  unitPrice: number | null;
  custPoLineNo: string;
  serialNumbers: string[];
}

export interface TdsInvoice {
  customerPoNumber: string;
  invoiceNumber: string;
  invoiceDate: string;
  orderType: string;
  /** internalReferenceNumber: the TD SYNNEX order number. */
  orderNumber: string;
  shipDate: string;
  shipMethodCode: string;
  trackingNumbers: string[];
  lines: TdsInvoiceLine[];
  total: number | null;
  freight: number | null;
  salesTax: number | null;
  recyclingFee: number | null;
  /** Which answer layout was met (`invoice_casing:PascalCase`, `serial_prefix:SN`), for the activity log. */
  variants: string[];
}

export interface TdsCatalogueFilters {
  /** Category code prefix at any level: "006", "006052", "006052285". */
  categoryCode?: string;
  manufacturer?: string;
  modifiedFrom?: Date;
  tdsynnexPartNumber?: string[];
  manufPartNumber?: string[];
  productStatusCode?: 'Active' | 'Allocated' | 'Discontinued' | 'PhasedOut';
  includePrice?: boolean;
  includeStock?: boolean;
  onlyInStock?: boolean;
  pageSize?: number;
  /** Page to start from (checkpointed syncs resume here). */
  startPage?: number;
}

export interface TdsCatalogueItem {
  tdsynnexPartNumber: string;
  manufPartNumber: string;
  upcEan: string;
  manufacturer: string;
  productDescription: string;
  categoryCode: string;
  productStatusCode: string;
  family?: string;
  familyDesc?: string;
  class?: string;
  classDesc?: string;
  subclass?: string;
  subclassDesc?: string;
  isPhysicalProduct?: boolean;
  price?: { currencyCode: string; listPrice: number; customerPrice: number };
  stock?: {
    quantityAvailableTotal: number;
    quantityAvailableLocal: number;
    quantityIncomingTotal: number;
    quantityIncomingByDate: Array<{ arrivalDate: string | null; quantityIncoming: number; status: string }>;
  };
}

export interface TdsCataloguePage {
  page: number;
  items: TdsCatalogueItem[];
  /** When TD SYNNEX reports it; more than the pages can reach means the result window was exceeded. */
  totalItems?: number;
  /** True when totalItems is beyond what paging can return: narrow the search (e.g. add manufacturer). */
  truncated: boolean;
}

export interface TdsClient {
  priceAvailability(items: TdsPriceRequest[]): Promise<TdsPriceLine[]>;
  submitOrder(order: TdsOrderInput): Promise<TdsOrderResult>;
  orderStatus(poNumber: string): Promise<TdsOrderStatus>;
  invoices(query: { poNumber?: string; orderNumber?: string }): Promise<TdsInvoice[]>;
  catalogueSearch(filters: TdsCatalogueFilters): AsyncIterable<TdsCataloguePage>;
  priceFile(opts?: { type?: 'full' | 'delta'; since?: Date }): AsyncIterable<import('./price-file.ts').PriceFileEvent>;
  /** The category list file delivered beside the price file. */
  categoryList(): Promise<import('./price-file-delivery.ts').TdsCategoryEntry[]>;
}
