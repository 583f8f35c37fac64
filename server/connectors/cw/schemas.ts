/**
 * zod schemas for the ConnectWise records tds-bridge reads. ConnectWise omits null (and sometimes "required")
 * fields, so everything is optional except `id`, nulls are tolerated, and unknown fields pass through.
 */
import type * as z from 'zod';
import { CwRecord } from './schemas/base.ts';
import { CwCompany, CwContact, CwMember, CwOpportunity, CwOpportunityStatus, CwSite, CwTicket } from './schemas/crm.ts';
import {
  CwCatalogItem,
  CwNote,
  CwProductItem,
  CwPurchaseOrder,
  CwPurchaseOrderLineItem,
  CwPurchaseOrderStatus,
} from './schemas/procurement.ts';
import { CwCallbackEntry, CwHostedScreen, CwHostedSetup, CwUserDefinedField } from './schemas/system.ts';

export * from './schemas/base.ts';
export * from './schemas/crm.ts';
export * from './schemas/procurement.ts';
export * from './schemas/system.ts';

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
