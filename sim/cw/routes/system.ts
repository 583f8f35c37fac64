/** Endpoints with their own shapes: system/info, myMembers/info, opportunity forecast, companyinfo. */
import { entityByPath, type Rec } from '../entities/index.ts';
import { notFoundError } from '../errors.ts';
import { presentRecord } from '../records/present.ts';
import type { CwRecords } from '../records/repository.ts';
import type { Caller } from '../security.ts';

export const CW_VERSION = {
  version: 'v2025.1.10431',
  versionCode: 'v2025.1',
  apiVersion: '2025.1',
  codebase: 'v2025_1/',
};

export function systemInfo(): Rec {
  return {
    version: CW_VERSION.version,
    isCloud: true,
    serverTimeZone: 'Eastern Standard Time',
    licenseBits: [
      { name: 'CustomizationsAndIntegrations', activeFlag: true },
      { name: 'Procurement', activeFlag: true },
    ],
    cloudRegion: 'NA',
    maxWorkFlowRecordsAllowed: 10000,
  };
}

export function companyInfo(companyId: string, knownCompanyId: string, companyName: string): Rec {
  if (companyId.toLowerCase() !== knownCompanyId.toLowerCase())
    throw notFoundError(`Company "${companyId}" was not found.`);
  return {
    CompanyName: companyName,
    Codebase: CW_VERSION.codebase,
    VersionCode: CW_VERSION.versionCode,
    VersionNumber: 'v4.6.10431',
    CompanyID: knownCompanyId,
    IsCloud: 'True',
  };
}

export function myMemberInfo(records: CwRecords, caller: Caller, apiBase: string): Rec {
  const def = entityByPath('system/members')!;
  const member = records.find(def, caller.id)!;
  const presented = presentRecord(def, records.hydrate(def, member), apiBase);
  return {
    id: member.id,
    identifier: member.identifier,
    firstName: member.firstName,
    lastName: member.lastName,
    fullName: [member.firstName, member.lastName].filter(Boolean).join(' '),
    defaultEmail: member.officeEmail,
    licenseClass: member.licenseClass,
    inactiveFlag: member.inactiveFlag,
    timeZone: member.timeZone,
    _info: presented._info,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The forecast is the opportunity side of its product lines: one forecast item per product. */
export function forecast(records: CwRecords, opportunityId: number, apiBase: string): Rec {
  const oppDef = entityByPath('sales/opportunities')!;
  const opportunity = records.find(oppDef, opportunityId);
  if (!opportunity) throw notFoundError(`opportunity with id ${opportunityId} was not found.`);
  const hydrated = records.hydrate(oppDef, opportunity);
  const productDef = entityByPath('procurement/products')!;
  const products = records.all(productDef).filter((p) => (p.opportunity as Rec | undefined)?.id === opportunityId);
  const items = products.map((p) => {
    const catalog = p.catalogItem as Rec;
    const revenue = Number(p.extPrice ?? 0);
    const cost = Number(p.extCost ?? 0);
    return {
      id: p.forecastDetailId,
      forecastDescription: String(p.description ?? catalog.identifier ?? '').slice(0, 50),
      opportunity: { id: opportunityId, name: hydrated.name },
      quantity: p.quantity,
      status: hydrated.status,
      catalogItem: { id: catalog.id, identifier: catalog.identifier },
      productDescription: p.description,
      productClass: p.productClass,
      revenue,
      cost,
      margin: round2(revenue - cost),
      percentage: revenue ? round2(((revenue - cost) / revenue) * 100) : 0,
      includeFlag: true,
      linkFlag: false,
      recurringFlag: false,
      taxableFlag: p.taxableFlag,
      forecastType: p.productClass === 'Service' ? 'Service' : 'Product',
      sequenceNumber: p.sequenceNumber,
    };
  });
  const totals = (list: typeof items) => {
    const revenue = round2(list.reduce((s, i) => s + i.revenue, 0));
    const cost = round2(list.reduce((s, i) => s + i.cost, 0));
    return {
      revenue,
      cost,
      margin: round2(revenue - cost),
      percentage: revenue ? round2(((revenue - cost) / revenue) * 100) : 0,
      includeInForecast: true,
    };
  };
  const product = items.filter((i) => i.forecastType === 'Product');
  const service = items.filter((i) => i.forecastType === 'Service');
  const all = totals(items);
  return {
    id: opportunityId,
    forecastItems: items,
    productRevenue: totals(product),
    serviceRevenue: totals(service),
    forecastRevenueTotals: all,
    inclusiveRevenueTotals: all,
    openRevenue: all.revenue,
    expectedProbability: opportunity.probability ?? 50,
    _info: { opportunity_href: `${apiBase}/sales/opportunities/${opportunityId}` },
  };
}
