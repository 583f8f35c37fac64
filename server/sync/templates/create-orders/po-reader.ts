/**
 * Reads a purchase order as Create Orders needs it, fresh from ConnectWise (never from a callback payload, which
 * may be stale or out of order): header, ship-to, contact, lines and the catalog facts that map lines to TD SYNNEX.
 */
import { TDS_CUSTOM_FIELDS } from '../../../activation/names.ts';
import type { CwClient } from '../../../connectors/cw/client.ts';
import type { CwCatalogItem, CwPurchaseOrder } from '../../../connectors/cw/schemas/procurement.ts';

export interface PoLine {
  id: number;
  lineNumber: number;
  catalogId?: number;
  identifier: string;
  description: string;
  quantity: number;
  unitCost: number;
  vendorSku?: string;
  canceled: boolean;
}

export interface PoFacts {
  id: number;
  poNumber: string;
  statusName: string;
  closed: boolean;
  vendorId?: number;
  vendorName: string;
  shipTo: { name: string; line1: string; line2?: string; city: string; state: string; zip: string; country: string };
  contact: { name: string; phone: string; email: string };
  customerCompanyName: string;
  shipMethodName: string;
  sendToTdsTicked: boolean;
  total: number;
  lines: PoLine[];
  catalog: Map<number, CwCatalogItem>;
  /** ConnectWise's last-updated stamp of the header. */
  lastUpdated: string;
  /** The member who last saved the header (`_info.updatedBy`): who set "Send to TDS" when the sweep found it. */
  updatedBy: string;
}

/** ConnectWise country names → the ISO codes TD SYNNEX expects. */
const COUNTRY_CODES: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'united states of america': 'US',
  canada: 'CA',
  mexico: 'MX',
  'puerto rico': 'PR',
};

export function countryCode(name: string | null | undefined): string {
  const n = (name ?? '').trim();
  if (/^[A-Za-z]{2}$/.test(n)) return n.toUpperCase();
  return COUNTRY_CODES[n.toLowerCase()] ?? '';
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function sendToTdsTicked(po: CwPurchaseOrder): boolean {
  const field = (po.customFields ?? []).find(
    (f) => text(f.caption).toLowerCase() === TDS_CUSTOM_FIELDS.sendToTds.caption.toLowerCase(),
  );
  return field?.value === true || field?.value === 'true' || field?.value === 'Y';
}

async function contactOf(cw: CwClient, po: CwPurchaseOrder): Promise<PoFacts['contact']> {
  const ref = po.customerContact;
  const fallback = { name: text(ref?.name), phone: text(po.customerPhone), email: '' };
  if (!ref?.id) return fallback;
  const contact = await cw.get('company/contacts', ref.id).catch(() => undefined);
  if (!contact) return fallback;
  const items = (contact as { communicationItems?: Array<{ value?: string; communicationType?: string }> })
    .communicationItems;
  const email = items?.find((i) => i.communicationType === 'Email')?.value ?? '';
  const phone = items?.find((i) => i.communicationType === 'Phone')?.value ?? '';
  const name = [text(contact.firstName), text(contact.lastName)].filter(Boolean).join(' ') || fallback.name;
  return { name, phone: fallback.phone || text(phone), email: text(email) };
}

export async function readPo(cw: CwClient, poId: number): Promise<PoFacts> {
  const po = await cw.get('procurement/purchaseorders', poId);
  const [lines, contact] = await Promise.all([
    cw.list('procurement/purchaseorders/{parentId}/lineitems', { parentId: poId, pageSize: 1000 }),
    contactOf(cw, po),
  ]);
  const catalogIds = [...new Set(lines.map((l) => l.product?.id).filter((id): id is number => !!id))];
  const catalog = new Map<number, CwCatalogItem>();
  for (let i = 0; i < catalogIds.length; i += 100) {
    const ids = catalogIds.slice(i, i + 100);
    for (const item of await cw.list('procurement/catalog', { conditions: `id in (${ids.join(',')})`, pageSize: 1000 }))
      catalog.set(item.id, item);
  }
  return {
    id: po.id,
    poNumber: text(po.poNumber) || String(po.id),
    statusName: text(po.status?.name),
    closed: po.closedFlag === true,
    vendorId: po.vendorCompany?.id ?? undefined,
    vendorName: text(po.vendorCompany?.name),
    shipTo: {
      name: text(po.customerName) || text(po.customerCompany?.name),
      line1: text(po.customerStreetLine1),
      line2: text(po.customerStreetLine2) || undefined,
      city: text(po.customerCity),
      state: text(po.customerState),
      zip: text(po.customerZip),
      country: countryCode(po.customerCountry?.name),
    },
    contact,
    customerCompanyName: text(po.customerCompany?.name),
    shipMethodName: text(po.shipmentMethod?.name),
    sendToTdsTicked: sendToTdsTicked(po),
    total: Number(po.total ?? 0),
    lines: lines
      .map((l) => ({
        id: l.id,
        lineNumber: Number(l.lineNumber ?? 0),
        catalogId: l.product?.id ?? undefined,
        identifier: text(l.product?.identifier),
        description: text(l.description),
        quantity: Number(l.quantity ?? 0),
        unitCost: Number(l.unitCost ?? 0),
        vendorSku: text(l.vendorSku) || undefined,
        canceled: l.canceledFlag === true,
      }))
      .sort((a, b) => a.lineNumber - b.lineNumber || a.id - b.id),
    catalog,
    lastUpdated: text(po._info?.lastUpdated),
    updatedBy: text(po._info?.updatedBy),
  };
}
