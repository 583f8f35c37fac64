/**
 * Opportunities with product lines (one with exactly 1 line, one with 50, one with 150, the rest a handful),
 * purchase orders in several statuses (none to TD SYNNEX yet: it is not a vendor until activation), and
 * service tickets with products, some waiting on an order.
 */
import type { CatalogRefs } from './cw-seed-catalog.ts';
import type { People } from './cw-seed-people.ts';
import type { SetupRefs } from './cw-seed-setup.ts';
import {
  type CwSeedTarget,
  companyRef,
  DAY,
  type Dice,
  info,
  iso,
  memberRef,
  nameRef,
  personRef,
  type Rec,
  round2,
} from './cw-seed-util.ts';

export interface DealSizes {
  opportunities: number;
  purchaseOrders: number;
  tickets: number;
}

const OPP_TOPICS = [
  'Laptop refresh',
  'Network upgrade',
  'New office build-out',
  'Server replacement',
  'Conference room AV',
  'Backup appliance',
  'Wi-Fi refresh',
  'Printer fleet',
];
const TICKET_TOPICS = [
  'Replace failed laptop for front desk',
  'Switch in closet B is down',
  'Order toner and spare drum',
  'New hire workstation',
  'UPS battery failing',
  'Monitor flickering in reception',
];

function productLine(d: Dice, catalog: Rec, owner: Rec, seq: number, forecastId: number | undefined, now: number): Rec {
  const quantity = catalog.productClass === 'Service' ? d.int(2, 24) : d.int(1, 25);
  const price = Number(catalog.price);
  const cost = Number(catalog.cost);
  const line: Rec = {
    catalogItem: { id: catalog.id, identifier: catalog.identifier },
    description: catalog.description,
    sequenceNumber: seq,
    quantity,
    price,
    cost,
    extPrice: round2(price * quantity),
    extCost: round2(cost * quantity),
    discount: 0,
    margin: round2((price - cost) * quantity),
    billableOption: 'Billable',
    productClass: catalog.productClass,
    taxableFlag: catalog.taxableFlag,
    dropshipFlag: catalog.dropShipFlag,
    specialOrderFlag: false,
    cancelledFlag: false,
    productSuppliedFlag: false,
    needToPurchaseFlag: catalog.productClass !== 'Service',
    customerDescription: catalog.customerDescription,
    _info: info(now, 20, 'jsmith', 3),
    ...owner,
  };
  if (forecastId !== undefined) line.forecastDetailId = forecastId;
  if (catalog.vendor) line.vendor = catalog.vendor;
  if (catalog.vendorSku) line.vendorSku = catalog.vendorSku;
  return line;
}

/** Line mix: mostly TD SYNNEX products, some labour/services, another distributor's items, and discontinued ones. */
function lineCatalog(d: Dice, catalog: CatalogRefs, i: number): Rec {
  if (i % 9 === 4 && catalog.services.length) return d.pick(catalog.services);
  if (i % 13 === 7 && catalog.otherDistributor.length) return d.pick(catalog.otherDistributor);
  if (i % 17 === 11 && catalog.discontinued.length) return d.pick(catalog.discontinued);
  return catalog.tds.length ? catalog.tds[(i * 7 + d.int(0, 3)) % catalog.tds.length]! : d.pick(catalog.services);
}

export function seedDeals(
  t: CwSeedTarget,
  d: Dice,
  setup: SetupRefs,
  people: People,
  catalog: CatalogRefs,
  now: number,
  sizes: DealSizes,
): void {
  const customers = people.customers;
  if (customers.length === 0) return;
  const reps = [people.members.jsmith, people.members.mbrown];
  const lineCounts = [
    1,
    50,
    150,
    ...Array.from({ length: Math.max(0, sizes.opportunities - 3) }, () => d.int(2, 8)),
  ].slice(0, Math.max(sizes.opportunities, 0));
  lineCounts.forEach((lines, o) => {
    const customer = customers[o % customers.length]!;
    const contact = customer.contacts[0]!;
    const topic = OPP_TOPICS[o % OPP_TOPICS.length]!;
    const status = o % 5 === 4 ? setup.oppStatus.won : setup.oppStatus.open;
    const opportunity = t.insert('sales/opportunities', {
      name: `${String(customer.company.name)} – ${topic}${lines > 1 ? ` (${lines} lines)` : ''}`.slice(0, 100),
      expectedCloseDate: iso(now + (10 + o * 3) * DAY).replace(/T.*/, 'T00:00:00Z'),
      status: nameRef(status),
      probability: status === setup.oppStatus.won ? 100 : 50,
      primarySalesRep: memberRef(reps[o % reps.length]!),
      company: companyRef(customer.company),
      contact: personRef(contact),
      site: nameRef(customer.sites[0]!),
      customerPO: o % 3 === 0 ? `PO-${7700 + o}` : undefined,
      locationId: setup.location.id,
      businessUnitId: setup.departments.sales.id,
      customFields: o % 2 === 0 ? [{ id: setup.udf.oppReference.id, value: `REF-${1000 + o}` }] : [],
      _info: info(now, 30 - o, String(reps[o % reps.length]!.identifier), 2),
    });
    if (opportunity.customerPO === undefined) delete opportunity.customerPO;
    const owner = {
      opportunity: { id: opportunity.id, name: opportunity.name },
      company: companyRef(customer.company),
    };
    for (let i = 0; i < lines; i++) {
      // The one-line opportunity is the classic: one serialized device (a laptop, a desktop).
      const item =
        lines === 1
          ? (catalog.tds.find((c) => c.serializedFlag) ?? lineCatalog(d, catalog, o))
          : lineCatalog(d, catalog, i + o);
      t.insert('procurement/products', productLine(d, item, owner, i + 1, t.nextForecastId(), now));
    }
  });

  const poStatuses = [
    setup.poStatus.new,
    setup.poStatus.open,
    setup.poStatus.open,
    setup.poStatus.closed,
    setup.poStatus.cancelled,
  ];
  for (let p = 0; p < sizes.purchaseOrders; p++) {
    const customer = customers[(p * 2 + 1) % customers.length]!;
    const site = customer.sites[0]! as Rec;
    const status = poStatuses[p % poStatuses.length]!;
    const vendor = p % 3 === 2 ? people.vendors.dell : people.vendors.northwind;
    const state = site.stateReference as Rec | undefined;
    const po = t.insert('procurement/purchaseorders', {
      poDate: iso(now - (25 - p) * DAY).replace(/T.*/, 'T00:00:00Z'),
      status: nameRef(status),
      vendorCompany: companyRef(vendor),
      vendorSite: vendor.site,
      terms: nameRef(setup.net30),
      customerCompany: companyRef(customer.company),
      customerContact: personRef(customer.contacts[0]!),
      customerSite: nameRef(site),
      customerName: customer.company.name,
      customerSiteName: site.name,
      customerStreetLine1: site.addressLine1,
      customerStreetLine2: site.addressLine2,
      customerCity: site.city,
      customerState: state?.identifier,
      customerZip: site.zip,
      customerCountry: site.country,
      dropShipCustomerFlag: p % 2 === 0,
      shipmentMethod: nameRef(p % 4 === 1 ? setup.shipment.nextDay : setup.shipment.ground),
      warehouse: nameRef(setup.warehouse),
      locationId: setup.location.id,
      businessUnitId: setup.departments.procurement.id,
      closedFlag: status.closedFlag,
      taxFreightFlag: false,
      taxPoFlag: false,
      freightCost: 0,
      salesTax: 0,
      internalNotes: p % 3 === 0 ? `Ordered for ${String(customer.company.name)}` : undefined,
      customFields: p % 2 === 1 ? [{ id: setup.udf.poApprovedBy.id, value: 'Jane Smith' }] : [],
      _info: info(now, 25 - p, 'mbrown', Math.max(0, 10 - p)),
    });
    po.poNumber = `PO${String(po.id)}`;
    for (const key of Object.keys(po)) if (po[key] === undefined) delete po[key];
    if (status.closedFlag) po.dateClosed = iso(now - 2 * DAY);
    let subTotal = 0;
    for (let l = 0; l < 1 + (p % 6); l++) {
      const item = catalog.tds.length
        ? catalog.tds[(p * 5 + l * 3) % catalog.tds.length]!
        : catalog.otherDistributor[0]!;
      const quantity = d.int(1, 10);
      const unitCost = Number(item.cost);
      subTotal += round2(quantity * unitCost);
      t.insert('procurement/purchaseorders/{parentId}/lineitems', {
        purchaseOrderId: po.id,
        purchaseOrderNumber: po.poNumber,
        lineNumber: l + 1,
        product: { id: item.id, identifier: item.identifier },
        description: item.description,
        quantity,
        receivedQuantity: status === setup.poStatus.closed ? quantity : 0,
        unitCost,
        extCost: round2(quantity * unitCost),
        unitOfMeasure: nameRef(setup.uom.each),
        backorderedFlag: false,
        canceledFlag: status === setup.poStatus.cancelled,
        closedFlag: Boolean(status.closedFlag),
        displayInternalNotesFlag: false,
        tax: 0,
        receivedStatus: status === setup.poStatus.closed ? 'FullyReceived' : 'Waiting',
        warehouse: nameRef(setup.warehouse),
        _info: po._info,
      });
    }
    po.subTotal = status === setup.poStatus.cancelled ? 0 : round2(subTotal);
    po.total = po.subTotal;
  }

  for (let k = 0; k < sizes.tickets; k++) {
    const customer = customers[k % customers.length]!;
    const status = [
      setup.boardStatus.new,
      setup.boardStatus.inProgress,
      setup.boardStatus.waitingParts,
      setup.boardStatus.completed,
    ][k % 4]!;
    const contact = customer.contacts[0]!;
    const ticket = t.insert('service/tickets', {
      summary: TICKET_TOPICS[k % TICKET_TOPICS.length]!,
      recordType: 'ServiceTicket',
      board: nameRef(setup.board),
      status: { id: status.id, name: status.name },
      company: companyRef(customer.company),
      site: nameRef(customer.sites[0]!),
      contact: personRef(contact),
      contactName: personRef(contact).name,
      priority: nameRef(setup.priority),
      owner: memberRef(people.members.akhan),
      severity: 'Medium',
      impact: 'Medium',
      closedFlag: Boolean(status.closedStatus),
      billTime: 'NoDefault',
      billExpenses: 'NoDefault',
      billProducts: 'Billable',
      approved: true,
      customFields: k % 3 === 0 ? [{ id: setup.udf.ticketAssetTag.id, value: `AT-${4400 + k}` }] : [],
      _info: info(now, 12 - (k % 10), 'akhan', 1),
    });
    const owner = { ticket: { id: ticket.id, summary: ticket.summary }, company: companyRef(customer.company) };
    for (let l = 0; l < 1 + (k % 3); l++) {
      t.insert(
        'procurement/products',
        productLine(d, lineCatalog(d, catalog, k * 3 + l), owner, l + 1, undefined, now),
      );
    }
    t.insert('service/tickets/{parentId}/notes', {
      ticketId: ticket.id,
      text:
        status === setup.boardStatus.waitingParts
          ? 'Parts ordered; waiting on the distributor.'
          : 'Ticket opened from portal.',
      detailDescriptionFlag: true,
      internalAnalysisFlag: false,
      resolutionFlag: false,
      internalFlag: false,
      externalFlag: false,
      member: memberRef(people.members.akhan),
      dateCreated: ticket._info && (ticket._info as Rec).dateEntered,
      createdBy: 'akhan',
      _info: ticket._info,
    });
  }
}
