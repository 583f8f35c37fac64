/**
 * ConnectWise setup tables as a fresh tenant has them: countries, states, statuses (ConnectWise's usual
 * defaults — no TD SYNNEX rows until an activation adds them), terms, boards, units, roles, custom fields.
 */
import { type CwSeedTarget, info, nameRef, type Rec } from './cw-seed-util.ts';

export interface SetupRefs {
  us: Rec;
  states: Map<string, Rec>;
  companyStatusActive: Rec;
  types: Record<'client' | 'vendor' | 'prospect' | 'owner', Rec>;
  net30: Rec;
  location: Rec;
  departments: Record<'services' | 'sales' | 'procurement', Rec>;
  shipment: Record<'ground' | 'nextDay' | 'pickup', Rec>;
  warehouse: Rec;
  poStatus: Record<'new' | 'open' | 'closed' | 'cancelled', Rec>;
  oppStatus: Record<'open' | 'won' | 'lost' | 'noDecision', Rec>;
  uom: Record<'each' | 'hour' | 'month', Rec>;
  productTypes: Record<'hardware' | 'software' | 'service', Rec>;
  board: Rec;
  boardStatus: Record<'new' | 'inProgress' | 'waitingParts' | 'completed', Rec>;
  priority: Rec;
  roles: Record<'admin' | 'restricted' | 'technician', Rec>;
  udf: Record<'oppReference' | 'poApprovedBy' | 'ticketAssetTag', Rec>;
}

export const STATES: ReadonlyArray<[string, string]> = [
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['TX', 'Texas'],
  ['CA', 'California'],
  ['NY', 'New York'],
  ['IL', 'Illinois'],
  ['WA', 'Washington'],
  ['CO', 'Colorado'],
  ['NC', 'North Carolina'],
  ['OH', 'Ohio'],
];

export function seedSetup(t: CwSeedTarget, now: number): SetupRefs {
  const stamp = info(now, 900, 'Admin');
  const ins = (path: string, rec: Rec) => t.insert(path, { ...rec, _info: stamp });
  const us = ins('company/countries', { name: 'United States', identifier: 'US', defaultFlag: true });
  ins('company/countries', { name: 'Canada', identifier: 'CA', defaultFlag: false });
  const states = new Map(
    STATES.map(([id, name]) => [id, ins('company/states', { identifier: id, name, country: nameRef(us) })]),
  );
  const companyStatusActive = ins('company/companies/statuses', {
    name: 'Active',
    defaultFlag: true,
    inactiveFlag: false,
  });
  ins('company/companies/statuses', { name: 'Inactive', defaultFlag: false, inactiveFlag: true });
  const type = (name: string, vendorFlag = false) =>
    ins('company/companies/types', { name, defaultFlag: name === 'Client', vendorFlag });
  const types = {
    client: type('Client'),
    vendor: type('Vendor', true),
    prospect: type('Prospect'),
    owner: type('Owner'),
  };
  const net30 = ins('finance/billingTerms', { name: 'Net 30', defaultFlag: true });
  ins('finance/billingTerms', { name: 'Net 15', defaultFlag: false });
  ins('finance/billingTerms', { name: 'Due on Receipt', defaultFlag: false });
  const location = ins('system/locations', { name: 'Tampa Office' });
  ins('system/locations', { name: 'Orlando Office' });
  const dept = (name: string) => ins('system/departments', { name, inactiveFlag: false });
  const departments = { services: dept('Services'), sales: dept('Sales'), procurement: dept('Procurement') };
  const ship = (name: string, defaultFlag = false) => ins('procurement/shipmentmethods', { name, defaultFlag });
  const shipment = { ground: ship('Ground', true), nextDay: ship('Next Day Air'), pickup: ship('Will Call / Pickup') };
  ship('2nd Day Air');
  const warehouse = ins('procurement/warehouses', { name: 'Main Warehouse', inactiveFlag: false, lockedFlag: false });
  const poStatusRow = (name: string, sortOrder: number, extra: Rec = {}) =>
    ins('procurement/purchaseorderstatuses', {
      name,
      sortOrder,
      defaultFlag: false,
      closedFlag: false,
      inactiveFlag: false,
      defaultClosedFlag: false,
      ...extra,
    });
  const poStatus = {
    new: poStatusRow('New', 1, { defaultFlag: true }),
    open: poStatusRow('Open', 2),
    closed: poStatusRow('Closed', 3, { closedFlag: true, defaultClosedFlag: true }),
    cancelled: poStatusRow('Cancelled', 4, { closedFlag: true }),
  };
  const oppRow = (name: string, extra: Rec = {}) =>
    ins('sales/opportunities/statuses', {
      name,
      wonFlag: false,
      lostFlag: false,
      closedFlag: false,
      inactiveFlag: false,
      defaultFlag: false,
      enteredBy: 'Admin',
      ...extra,
    });
  const oppStatus = {
    open: oppRow('Open', { defaultFlag: true }),
    won: oppRow('Won', { wonFlag: true, closedFlag: true }),
    lost: oppRow('Lost', { lostFlag: true, closedFlag: true }),
    noDecision: oppRow('No Decision', { closedFlag: true }),
  };
  const unit = (name: string, defaultFlag = false) =>
    ins('procurement/unitOfMeasures', { name, defaultFlag, inactiveFlag: false });
  const uom = { each: unit('Each', true), hour: unit('Hour'), month: unit('Month') };
  unit('Box');
  const ptype = (name: string) => ins('procurement/types', { name, inactiveFlag: false });
  const productTypes = { hardware: ptype('Hardware'), software: ptype('Software'), service: ptype('Service') };
  const board = ins('service/boards', {
    name: 'Service Desk',
    inactiveFlag: false,
    location: nameRef(location),
    department: nameRef(departments.services),
  });
  ins('service/boards', {
    name: 'Procurement',
    inactiveFlag: false,
    location: nameRef(location),
    department: nameRef(departments.procurement),
  });
  const bstatus = (name: string, sortOrder: number, closedStatus = false, defaultFlag = false) =>
    ins('service/boards/{parentId}/statuses', {
      name,
      sortOrder,
      closedStatus,
      defaultFlag,
      inactive: false,
      displayOnBoard: true,
      board: nameRef(board),
    });
  const boardStatus = {
    new: bstatus('New', 1, false, true),
    inProgress: bstatus('In Progress', 2),
    waitingParts: bstatus('Waiting on Parts', 3),
    completed: bstatus('Completed', 4, true),
  };
  const prio = (name: string, sort: number) => ins('service/priorities', { name, sort });
  prio('Priority 1 - Emergency Response', 1);
  prio('Priority 2 - Quick Response', 2);
  const priority = prio('Priority 3 - Normal Response', 3);
  prio('Priority 4 - Schedule Maintenance', 4);
  const role = (name: string, roleType: string) => ins('system/securityroles', { name, roleType });
  const roles = {
    admin: role('Admin', 'Corporate'),
    restricted: role('API Restricted', 'Corporate'),
    technician: role('Technician', 'Corporate'),
  };
  const udfRow = (caption: string, screenId: string, podId: number, sequenceNumber: number) =>
    ins('system/userDefinedFields', {
      caption,
      screenId,
      podId,
      sequenceNumber,
      fieldTypeIdentifier: 'Text',
      entryTypeIdentifier: 'EntryField',
      numberDecimals: 0,
      requiredFlag: false,
      displayOnScreenFlag: true,
      readOnlyFlag: false,
      listViewFlag: false,
      dateCreated: stamp.dateEntered,
    });
  const udf = {
    oppReference: udfRow('Customer Reference', 'opportunity', 5, 1),
    poApprovedBy: udfRow('Approved By', 'purchaseorder', 6, 1),
    ticketAssetTag: udfRow('Asset Tag', 'ticket', 1, 1),
  };
  return {
    us,
    states,
    companyStatusActive,
    types,
    net30,
    location,
    departments,
    shipment,
    warehouse,
    poStatus,
    oppStatus,
    uom,
    productTypes,
    board,
    boardStatus,
    priority,
    roles,
    udf,
  };
}
