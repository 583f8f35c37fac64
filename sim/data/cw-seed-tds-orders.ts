/**
 * The TD SYNNEX vendor (as an MSP moving from Digital Bridge already has it) and purchase orders to it, each
 * raised for a service ticket: the ticket's products are the PO's lines (same catalog items and quantities) and
 * the ticket's `poNumber` names the PO. Some POs are ready to send; some carry a problem a buyer can fix on the
 * PO screen (incomplete ship-to, a line TD SYNNEX does not sell, a zero quantity). Lines carry the TD SYNNEX SKU
 * as vendor SKU the way ConnectWise copies it from a catalog item whose vendor is TD SYNNEX; a few leave it empty
 * so the manufacturer part number has to find them.
 */
import type { CatalogRefs } from './cw-seed-catalog.ts';
import type { People } from './cw-seed-people.ts';
import type { SetupRefs } from './cw-seed-setup.ts';
import {
  type CwSeedTarget,
  companyRef,
  DAY,
  info,
  iso,
  memberRef,
  nameRef,
  personRef,
  type Rec,
  round2,
} from './cw-seed-util.ts';

/** Same identifier and name activation looks for (server/activation/names.ts), so activation adopts it. */
export const SEEDED_TDS_VENDOR = { identifier: 'TDSYNNEX', name: 'TD SYNNEX' } as const;

type Problem = 'none' | 'ship_to' | 'unmapped' | 'zero_quantity';

interface PoPlan {
  summary: string;
  lines: number;
  problem: Problem;
  /** Leave vendor SKU empty on the first line: only the manufacturer part number maps it. */
  mpnOnly?: boolean;
}

/** The demo's story, in order: what a buyer sees on the PO list. */
const PLANS: readonly PoPlan[] = [
  { summary: 'New hire workstation for accounting', lines: 2, problem: 'none' },
  { summary: 'Replace failed laptop for front desk', lines: 1, problem: 'none', mpnOnly: true },
  { summary: 'Conference room display and dock', lines: 3, problem: 'none' },
  { summary: 'Switch replacement for closet B', lines: 2, problem: 'ship_to' },
  { summary: 'UPS battery and rack for server room', lines: 2, problem: 'unmapped' },
  { summary: 'Spare monitors for the help desk', lines: 2, problem: 'zero_quantity' },
  { summary: 'Branch office refresh', lines: 12, problem: 'none' },
];

export interface TdsOrderRefs {
  vendor: Rec;
  purchaseOrders: Rec[];
  tickets: Rec[];
}

/** The next customer (from `start`) whose main site has a full address: problems are only the planned ones. */
function completeCustomer(people: People, start: number): People['customers'][number] {
  const n = people.customers.length;
  for (let k = 0; k < n; k++) {
    const c = people.customers[(start + k) % n]!;
    const site = c.sites[0] as Rec | undefined;
    if (site?.addressLine1 && site.city && site.zip && site.stateReference && c.contacts.length) return c;
  }
  return people.customers[start % n]!;
}

export function seedTdsVendor(t: CwSeedTarget, setup: SetupRefs, now: number): Rec {
  const vendor = t.insert('company/companies', {
    identifier: SEEDED_TDS_VENDOR.identifier,
    name: SEEDED_TDS_VENDOR.name,
    status: nameRef(setup.companyStatusActive),
    types: [nameRef(setup.types.vendor)],
    addressLine1: '16202 Bay Vista Drive',
    city: 'Clearwater',
    state: 'FL',
    zip: '33760',
    country: nameRef(setup.us),
    website: 'www.tdsynnex.com',
    isVendorFlag: true,
    vendorIdentifier: 'TDS',
    deletedFlag: false,
    leadFlag: false,
    unsubscribeFlag: false,
    _info: info(now, 900, 'Admin'),
  });
  const site = t.insert('company/companies/{parentId}/sites', {
    name: 'Main',
    addressLine1: vendor.addressLine1,
    city: vendor.city,
    zip: vendor.zip,
    country: vendor.country,
    company: companyRef(vendor),
    defaultShippingFlag: true,
    defaultBillingFlag: true,
    primaryAddressFlag: true,
    inactiveFlag: false,
    _info: vendor._info,
  });
  vendor.site = nameRef(site);
  return vendor;
}

export function seedTdsOrders(
  t: CwSeedTarget,
  refs: { setup: SetupRefs; people: People; catalog: CatalogRefs; now: number; count: number },
): TdsOrderRefs | undefined {
  const { setup, people, catalog, now } = refs;
  if (refs.count <= 0 || catalog.tds.length === 0 || people.customers.length === 0) return undefined;
  const vendor = seedTdsVendor(t, setup, now);
  const purchaseOrders: Rec[] = [];
  const tickets: Rec[] = [];
  for (let p = 0; p < refs.count; p++) {
    const plan = PLANS[p % PLANS.length]!;
    const customer = completeCustomer(people, p * 5 + 2);
    const site = customer.sites[0]! as Rec;
    const contact = customer.contacts[0]!;
    const state = site.stateReference as Rec | undefined;
    const items = Array.from({ length: plan.lines }, (_, l) => catalog.tds[(p * 11 + l * 7 + 3) % catalog.tds.length]!);
    if (plan.problem === 'unmapped')
      items[items.length - 1] = catalog.otherDistributor[p % catalog.otherDistributor.length]!;
    const quantities = items.map((_, l) => 1 + ((p + l * 3) % 4));
    if (plan.problem === 'zero_quantity') quantities[0] = 0;
    const stamp = info(now, 3 + (p % 4), 'mbrown', 1);

    const ticket = t.insert('service/tickets', {
      summary: plan.summary,
      recordType: 'ServiceTicket',
      board: nameRef(setup.board),
      status: { id: setup.boardStatus.waitingParts.id, name: setup.boardStatus.waitingParts.name },
      company: companyRef(customer.company),
      site: nameRef(site),
      contact: personRef(contact),
      contactName: personRef(contact).name,
      priority: nameRef(setup.priority),
      owner: memberRef(people.members.akhan),
      severity: 'Medium',
      impact: 'Medium',
      closedFlag: false,
      billTime: 'NoDefault',
      billExpenses: 'NoDefault',
      billProducts: 'Billable',
      approved: true,
      customFields: [],
      _info: stamp,
    });
    const po = t.insert('procurement/purchaseorders', {
      poDate: iso(now - (3 + (p % 4)) * DAY).replace(/T.*/, 'T00:00:00Z'),
      status: nameRef(p % 2 === 0 ? setup.poStatus.new : setup.poStatus.open),
      vendorCompany: companyRef(vendor),
      vendorSite: vendor.site,
      terms: nameRef(setup.net30),
      customerCompany: companyRef(customer.company),
      customerContact: personRef(contact),
      customerSite: nameRef(site),
      customerName: customer.company.name,
      customerSiteName: site.name,
      customerStreetLine1: site.addressLine1,
      customerStreetLine2: site.addressLine2,
      customerCity: plan.problem === 'ship_to' ? undefined : site.city,
      customerState: state?.identifier,
      customerZip: plan.problem === 'ship_to' ? undefined : site.zip,
      customerCountry: site.country,
      customerPhone: contact.defaultPhoneNbr,
      dropShipCustomerFlag: true,
      shipmentMethod: nameRef(p % 3 === 1 ? setup.shipment.nextDay : setup.shipment.ground),
      warehouse: nameRef(setup.warehouse),
      locationId: setup.location.id,
      businessUnitId: setup.departments.procurement.id,
      closedFlag: false,
      taxFreightFlag: false,
      taxPoFlag: false,
      freightCost: 0,
      salesTax: 0,
      internalNotes: `For ticket #${String(ticket.id)}: ${plan.summary}`,
      customFields: [],
      _info: stamp,
    });
    po.poNumber = `PO${String(po.id)}`;
    ticket.poNumber = po.poNumber;
    for (const key of Object.keys(po)) if (po[key] === undefined) delete po[key];
    let subTotal = 0;
    const owner = { ticket: { id: ticket.id, summary: ticket.summary }, company: companyRef(customer.company) };
    items.forEach((item, l) => {
      const quantity = quantities[l]!;
      const unitCost = Number(item.cost);
      subTotal += round2(quantity * unitCost);
      const sku = catalog.tdsSkuById.get(Number(item.id));
      const line: Rec = {
        purchaseOrderId: po.id,
        purchaseOrderNumber: po.poNumber,
        lineNumber: l + 1,
        product: { id: item.id, identifier: item.identifier },
        description: item.description,
        quantity,
        receivedQuantity: 0,
        unitCost,
        extCost: round2(quantity * unitCost),
        unitOfMeasure: nameRef(setup.uom.each),
        backorderedFlag: false,
        canceledFlag: false,
        closedFlag: false,
        displayInternalNotesFlag: false,
        tax: 0,
        receivedStatus: 'Waiting',
        warehouse: nameRef(setup.warehouse),
        _info: stamp,
      };
      if (sku && !(plan.mpnOnly && l === 0)) line.vendorSku = sku;
      t.insert('procurement/purchaseorders/{parentId}/lineitems', line);
      t.insert('procurement/products', {
        catalogItem: { id: item.id, identifier: item.identifier },
        description: item.description,
        sequenceNumber: l + 1,
        quantity,
        price: Number(item.price),
        cost: unitCost,
        extPrice: round2(Number(item.price) * quantity),
        extCost: round2(unitCost * quantity),
        discount: 0,
        margin: round2((Number(item.price) - unitCost) * quantity),
        billableOption: 'Billable',
        productClass: item.productClass,
        taxableFlag: item.taxableFlag,
        dropshipFlag: true,
        specialOrderFlag: false,
        cancelledFlag: false,
        productSuppliedFlag: false,
        needToPurchaseFlag: false,
        vendor: companyRef(vendor),
        ...(sku ? { vendorSku: sku } : {}),
        customerDescription: item.customerDescription,
        purchaseDate: po.poDate,
        _info: stamp,
        ...owner,
      });
    });
    po.subTotal = round2(subTotal);
    po.total = po.subTotal;
    purchaseOrders.push(po);
    tickets.push(ticket);
  }
  return { vendor, purchaseOrders, tickets };
}
