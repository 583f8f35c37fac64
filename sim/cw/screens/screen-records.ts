/** Which ConnectWise entity each simulated screen (opportunity, purchase order, company, ticket) shows, and the header fields ConnectWise would show. */
type Row = Record<string, unknown>;

export interface ScreenDef {
  key: string;
  label: string;
  entity: string;
  /** Normalised names of the Hosted API screen this page is. */
  hostedScreenNames: string[];
}

export const SCREENS: Record<string, ScreenDef> = {
  opportunity: {
    key: 'opportunity',
    label: 'Opportunity',
    entity: 'sales/opportunities',
    hostedScreenNames: ['opportunity', 'opportunities', 'salesopportunity'],
  },
  purchaseorder: {
    key: 'purchaseorder',
    label: 'Purchase Order',
    entity: 'procurement/purchaseorders',
    hostedScreenNames: ['purchaseorder', 'purchaseorders'],
  },
  // Where a tenant may put the console as a Tab (the default screen of that activation option).
  company: {
    key: 'company',
    label: 'Company',
    entity: 'company/companies',
    hostedScreenNames: ['company', 'companies'],
  },
  ticket: {
    key: 'ticket',
    label: 'Service Ticket',
    entity: 'service/tickets',
    hostedScreenNames: ['ticket', 'serviceticket'],
  },
};

const ref = (v: unknown) => (v && typeof v === 'object' ? String((v as Row).name ?? (v as Row).identifier ?? '') : '');
const date = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');
const money = (v: unknown) =>
  typeof v === 'number' ? `$${v.toLocaleString('en-US', { minimumFractionDigits: 2 })}` : '';

/** Custom fields with a value, as ConnectWise shows them on the record (checkboxes as Yes). */
function customFieldRows(r: Row): Array<[string, string]> {
  const fields = Array.isArray(r.customFields) ? (r.customFields as Row[]) : [];
  return fields
    .filter((f) => f.value !== null && f.value !== undefined && f.value !== '' && f.value !== false)
    .map((f) => [String(f.caption ?? `Field ${String(f.id)}`), f.value === true ? 'Yes' : String(f.value)]);
}

export interface RecordHeader {
  title: string;
  fields: Array<[string, string]>;
}

export function describeRecord(screen: string, r: Row): RecordHeader {
  if (screen === 'opportunity') {
    return {
      title: String(r.name),
      fields: [
        ['Company', ref(r.company)],
        ['Contact', ref(r.contact)],
        ['Status', ref(r.status)],
        ['Sales Rep', ref(r.primarySalesRep)],
        ['Expected Close', date(r.expectedCloseDate)],
      ],
    };
  }
  if (screen === 'purchaseorder') {
    return {
      title: `Purchase Order ${String(r.poNumber ?? r.id)}`,
      fields: [
        ['Vendor', ref(r.vendorCompany)],
        ['Status', ref(r.status)],
        ['PO Date', date(r.poDate)],
        ['Ship To', String(r.customerName ?? '')],
        ['Vendor Order #', String(r.vendorOrderNumber ?? '')],
        ['Total', money(r.total)],
        ...customFieldRows(r),
      ],
    };
  }
  if (screen === 'company') {
    return {
      title: String(r.name ?? r.identifier),
      fields: [
        ['Company ID', String(r.identifier ?? '')],
        ['Status', ref(r.status)],
        ['Phone', String(r.phoneNumber ?? '')],
        ['City', String(r.city ?? '')],
      ],
    };
  }
  return {
    title: `Ticket #${String(r.id)} – ${String(r.summary ?? '')}`,
    fields: [
      ['Company', ref(r.company)],
      ['Board', ref(r.board)],
      ['Status', ref(r.status)],
      ['Contact', String(r.contactName ?? ref(r.contact))],
    ],
  };
}
