/** ConnectWise companies, sites, contacts, members, opportunities and tickets. */
import * as z from 'zod';
import { bool, CwReference, customFields, info, num, ref, str } from './base.ts';

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
