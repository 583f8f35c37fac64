/**
 * zod schemas for the ConnectWise records tds-bridge reads. ConnectWise omits null (and sometimes "required")
 * fields, so everything is optional except `id`, nulls are tolerated, and unknown fields pass through.
 */
import * as z from 'zod';

const str = z.string().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();
const info = z.record(z.string(), z.unknown()).nullish();

export const CwReference = z.looseObject({ id: z.number(), identifier: str, name: str, _info: info });
export type CwReference = z.infer<typeof CwReference>;
const ref = CwReference.nullish();

export const CwCustomField = z.looseObject({
  id: z.number(),
  caption: str,
  type: str,
  entryMethod: str,
  numberOfDecimals: num,
  value: z.unknown().optional(),
  connectWiseId: str,
});
export type CwCustomField = z.infer<typeof CwCustomField>;
const customFields = z.array(CwCustomField).nullish();

/** Any record: an id, whatever else. */
export const CwRecord = z.looseObject({ id: z.number(), _info: info });
export type CwRecord = z.infer<typeof CwRecord>;

export const CwCatalogItem = z.looseObject({
  id: z.number(),
  identifier: str,
  description: str,
  inactiveFlag: bool,
  subcategory: ref,
  type: ref,
  category: ref,
  productClass: str,
  serializedFlag: bool,
  unitOfMeasure: ref,
  price: num,
  cost: num,
  taxableFlag: bool,
  dropShipFlag: bool,
  specialOrderFlag: bool,
  customerDescription: str,
  manufacturer: ref,
  manufacturerPartNumber: str,
  vendor: ref,
  vendorSku: str,
  notes: str,
  integrationXRef: str,
  billableOption: str,
  _info: info,
  customFields,
});
export type CwCatalogItem = z.infer<typeof CwCatalogItem>;

export const CwCompany = z.looseObject({
  id: z.number(),
  identifier: str,
  name: str,
  status: ref,
  addressLine1: str,
  addressLine2: str,
  city: str,
  state: str,
  zip: str,
  country: ref,
  phoneNumber: str,
  website: str,
  types: z.array(CwReference).nullish(),
  site: ref,
  defaultContact: ref,
  isVendorFlag: bool,
  vendorIdentifier: str,
  deletedFlag: bool,
  _info: info,
  customFields,
});
export type CwCompany = z.infer<typeof CwCompany>;

export const CwSite = z.looseObject({
  id: z.number(),
  name: str,
  addressLine1: str,
  addressLine2: str,
  city: str,
  stateReference: ref,
  zip: str,
  country: ref,
  phoneNumber: str,
  company: ref,
  defaultShippingFlag: bool,
  defaultBillingFlag: bool,
  primaryAddressFlag: bool,
  inactiveFlag: bool,
  _info: info,
});
export type CwSite = z.infer<typeof CwSite>;

export const CwContact = z.looseObject({
  id: z.number(),
  firstName: str,
  lastName: str,
  company: ref,
  site: ref,
  title: str,
  inactiveFlag: bool,
  defaultPhoneNbr: str,
  communicationItems: z
    .array(z.looseObject({ id: num, type: ref, value: str, defaultFlag: bool, communicationType: str }))
    .nullish(),
  _info: info,
  customFields,
});
export type CwContact = z.infer<typeof CwContact>;

export const CwMember = z.looseObject({
  id: z.number(),
  identifier: str,
  firstName: str,
  lastName: str,
  officeEmail: str,
  inactiveFlag: bool,
  licenseClass: str,
  securityRole: ref,
  title: str,
  _info: info,
});
export type CwMember = z.infer<typeof CwMember>;

export const CwMyMemberInfo = z.looseObject({
  id: z.number(),
  identifier: str,
  firstName: str,
  lastName: str,
  fullName: str,
  defaultEmail: str,
  licenseClass: str,
  inactiveFlag: bool,
  _info: info,
});
export type CwMyMemberInfo = z.infer<typeof CwMyMemberInfo>;

export const CwOpportunity = z.looseObject({
  id: z.number(),
  name: str,
  expectedCloseDate: str,
  status: ref,
  probability: num,
  primarySalesRep: ref,
  company: ref,
  contact: ref,
  site: ref,
  customerPO: str,
  shipToCompany: ref,
  shipToContact: ref,
  shipToSite: ref,
  locationId: num,
  businessUnitId: num,
  _info: info,
  customFields,
});
export type CwOpportunity = z.infer<typeof CwOpportunity>;

export const CwOpportunityStatus = z.looseObject({
  id: z.number(),
  name: str,
  wonFlag: bool,
  lostFlag: bool,
  closedFlag: bool,
  inactiveFlag: bool,
  defaultFlag: bool,
  _info: info,
});

export const CwProductItem = z.looseObject({
  id: z.number(),
  catalogItem: ref,
  description: str,
  sequenceNumber: num,
  quantity: num,
  price: num,
  cost: num,
  extPrice: num,
  extCost: num,
  discount: num,
  margin: num,
  productClass: str,
  billableOption: str,
  vendor: ref,
  vendorSku: str,
  dropshipFlag: bool,
  cancelledFlag: bool,
  opportunity: ref,
  ticket: z.looseObject({ id: z.number(), summary: str }).nullish(),
  forecastDetailId: num,
  customerDescription: str,
  _info: info,
  customFields,
});
export type CwProductItem = z.infer<typeof CwProductItem>;

export const CwForecast = z.looseObject({
  id: num,
  forecastItems: z
    .array(
      z.looseObject({
        id: z.number(),
        catalogItem: ref,
        quantity: num,
        revenue: num,
        cost: num,
        forecastType: str,
        status: ref,
      }),
    )
    .nullish(),
  productRevenue: z.looseObject({ revenue: num, cost: num, margin: num }).nullish(),
  _info: info,
});
export type CwForecast = z.infer<typeof CwForecast>;

export const CwPurchaseOrder = z.looseObject({
  id: z.number(),
  poNumber: str,
  poDate: str,
  status: ref,
  vendorCompany: ref,
  vendorContact: ref,
  terms: ref,
  customerCompany: ref,
  customerContact: ref,
  customerSite: ref,
  customerName: str,
  customerStreetLine1: str,
  customerStreetLine2: str,
  customerCity: str,
  customerState: str,
  customerZip: str,
  customerCountry: ref,
  customerPhone: str,
  dropShipCustomerFlag: bool,
  shipmentMethod: ref,
  shipmentDate: str,
  trackingNumber: str,
  vendorOrderNumber: str,
  vendorInvoiceNumber: str,
  internalNotes: str,
  warehouse: ref,
  locationId: num,
  businessUnitId: num,
  subTotal: num,
  total: num,
  closedFlag: bool,
  _info: info,
  customFields,
});
export type CwPurchaseOrder = z.infer<typeof CwPurchaseOrder>;

export const CwPurchaseOrderLineItem = z.looseObject({
  id: z.number(),
  purchaseOrderId: num,
  lineNumber: num,
  product: ref,
  description: str,
  quantity: num,
  receivedQuantity: num,
  unitCost: num,
  extCost: num,
  unitOfMeasure: ref,
  vendorSku: str,
  vendorOrderNumber: str,
  trackingNumber: str,
  shipDate: str,
  expectedShipDate: str,
  shipmentMethod: ref,
  serialNumbers: z.union([z.string(), z.array(z.string())]).nullish(),
  canceledFlag: bool,
  closedFlag: bool,
  backorderedFlag: bool,
  receivedStatus: str,
  _info: info,
  customFields,
});
export type CwPurchaseOrderLineItem = z.infer<typeof CwPurchaseOrderLineItem>;

export const CwPurchaseOrderStatus = z.looseObject({
  id: z.number(),
  name: str,
  defaultFlag: bool,
  closedFlag: bool,
  inactiveFlag: bool,
  sortOrder: num,
  _info: info,
});
export type CwPurchaseOrderStatus = z.infer<typeof CwPurchaseOrderStatus>;

export const CwNote = z.looseObject({ id: z.number(), text: str, type: str, flagged: bool, _info: info });

export const CwTicket = z.looseObject({
  id: z.number(),
  summary: str,
  recordType: str,
  board: ref,
  status: ref,
  company: ref,
  contact: ref,
  site: ref,
  owner: ref,
  priority: ref,
  closedFlag: bool,
  _info: info,
  customFields,
});
export type CwTicket = z.infer<typeof CwTicket>;

export const CwCallbackEntry = z.looseObject({
  id: z.number(),
  description: str,
  url: str,
  objectId: num,
  type: str,
  level: str,
  memberId: num,
  inactiveFlag: bool,
  isSelfSuppressedFlag: bool,
  _info: info,
});
export type CwCallbackEntry = z.infer<typeof CwCallbackEntry>;

export const CwUserDefinedField = z.looseObject({
  id: z.number(),
  podId: num,
  screenId: str,
  caption: str,
  sequenceNumber: num,
  fieldTypeIdentifier: str,
  entryTypeIdentifier: str,
  _info: info,
});
export type CwUserDefinedField = z.infer<typeof CwUserDefinedField>;

export const CwHostedSetup = z.looseObject({
  id: z.number(),
  screenId: num,
  description: str,
  url: str,
  type: str,
  origin: str,
  podHeight: num,
  disabledFlag: bool,
  _info: info,
});
export const CwHostedScreen = z.looseObject({ id: z.number(), screenId: str, name: str });

export const CwSystemInfo = z.looseObject({ version: str, isCloud: bool, serverTimeZone: str, cloudRegion: str });
export type CwSystemInfo = z.infer<typeof CwSystemInfo>;

export const CwCount = z.looseObject({ count: z.number() });

/** Schemas by API path; `{parentId}` marks child collections (pass `parentId`). */
export const CW_SCHEMAS = {
  'procurement/catalog': CwCatalogItem,
  'procurement/manufacturers': CwRecord,
  'procurement/categories': CwRecord,
  'procurement/subcategories': CwRecord,
  'procurement/types': CwRecord,
  'procurement/unitOfMeasures': CwRecord,
  'procurement/products': CwProductItem,
  'procurement/purchaseorders': CwPurchaseOrder,
  'procurement/purchaseorders/{parentId}/lineitems': CwPurchaseOrderLineItem,
  'procurement/purchaseorders/{parentId}/notes': CwNote,
  'procurement/purchaseorderstatuses': CwPurchaseOrderStatus,
  'company/companies': CwCompany,
  'company/companies/{parentId}/sites': CwSite,
  'company/contacts': CwContact,
  'sales/opportunities': CwOpportunity,
  'sales/opportunities/statuses': CwOpportunityStatus,
  'service/tickets': CwTicket,
  'service/tickets/{parentId}/notes': CwNote,
  'service/tickets/{parentId}/products': CwProductItem,
  'system/members': CwMember,
  'system/callbacks': CwCallbackEntry,
  'system/userDefinedFields': CwUserDefinedField,
  'system/connectwisehostedsetups': CwHostedSetup,
  'system/connectWiseHostedScreens': CwHostedScreen,
} as const;

export type CwPath = keyof typeof CW_SCHEMAS;
export type CwEntityOf<P extends string> = P extends CwPath ? z.infer<(typeof CW_SCHEMAS)[P]> : CwRecord;

export const CwCallbackPayload = z.looseObject({
  MessageId: str,
  FromUrl: str,
  CompanyId: str,
  MemberId: str,
  Action: z.string(),
  Type: z.string(),
  ID: z.number(),
  Entity: z.string().nullish(),
  Metadata: z.looseObject({ key_url: z.string() }),
  CallbackObjectRecId: num,
  ProductInstanceId: z.unknown().optional(),
  PartnerId: z.unknown().optional(),
});
export type CwCallbackPayload = z.infer<typeof CwCallbackPayload>;
