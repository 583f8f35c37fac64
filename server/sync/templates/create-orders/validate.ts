/**
 * Everything checked before a PO may go to TD SYNNEX, each failure worded for the buyer who must fix it on the
 * PO: vendor, open PO, ship-to, contact, ship method, end-user data for licensed software, and per line a TD
 * SYNNEX SKU (line vendor SKU, Product Sync's catalog map, or the manufacturer part number found by P&A), a whole
 * positive quantity and a unit cost close to TD SYNNEX's current cost. Pure: reads are done by the caller.
 */
import type { OrderIssue } from '../../../../db/schema/orders.ts';
import type { TdsPriceLine } from '../../../connectors/tds/types.ts';
import { matchLine } from '../../../pricing/line-mapping.ts';
import type { LookupKey } from '../../../pricing/pa-service.ts';
import type { PoFacts, PoLine } from './po-reader.ts';
import type { CreateOrdersSettings } from './settings.ts';

export interface ResolvedLine {
  lineId: number;
  lineNumber: number;
  sku: string;
  quantity: number;
  unitCost: number;
  description: string;
}

/** Which P&A lookup finds each line (null: a line that cannot be mapped, with its issue). */
export function lineKeys(po: PoFacts, mappedSkus: Map<number, string>): Map<number, LookupKey | null> {
  const keys = new Map<number, LookupKey | null>();
  for (const line of po.lines) {
    if (line.canceled) continue;
    if (line.vendorSku) {
      keys.set(line.id, `sku:${line.vendorSku}`);
      continue;
    }
    const item = line.catalogId ? po.catalog.get(line.catalogId) : undefined;
    const match = matchLine(
      item?.productClass ?? undefined,
      item
        ? {
            id: item.id,
            identifier: item.identifier ?? undefined,
            productClass: item.productClass ?? undefined,
            vendorSku: item.vendorSku ?? undefined,
            vendorName: item.vendor?.name ?? undefined,
            vendorIdentifier: item.vendor?.identifier ?? undefined,
            manufacturerPartNumber: item.manufacturerPartNumber ?? undefined,
          }
        : undefined,
      line.catalogId ? mappedSkus.get(line.catalogId) : undefined,
    );
    keys.set(line.id, match.key);
  }
  return keys;
}

export interface ValidationInput {
  po: PoFacts;
  settings: CreateOrdersSettings;
  /** The TD SYNNEX vendor company id activation recorded. */
  tdsVendorId: number | undefined;
  keys: Map<number, LookupKey | null>;
  /** P&A answers by lookup key; a missing key means TD SYNNEX did not answer for it. */
  prices: Map<string, TdsPriceLine>;
}

export interface ValidationResult {
  issues: OrderIssue[];
  lines: ResolvedLine[];
  shipMethod: string | undefined;
}

const label = (line: PoLine) => `Line ${line.lineNumber} (${line.identifier || line.description || `#${line.id}`})`;

function headerIssues(input: ValidationInput): OrderIssue[] {
  const { po, tdsVendorId } = input;
  const issues: OrderIssue[] = [];
  if (tdsVendorId === undefined || po.vendorId !== tdsVendorId) {
    issues.push({
      code: 'vendor_not_tds',
      field: 'vendorCompany',
      message: `The PO's vendor is ${po.vendorName || 'not set'}; set the vendor to TD SYNNEX to send it to TD SYNNEX.`,
    });
  }
  if (po.closed) {
    issues.push({ code: 'po_closed', field: 'status', message: 'The PO is closed; reopen it or raise a new PO.' });
  }
  const missing = (
    [
      ['name', 'ship-to name'],
      ['line1', 'street'],
      ['city', 'city'],
      ['state', 'state'],
      ['zip', 'zip code'],
      ['country', 'country'],
    ] as const
  ).filter(([k]) => !po.shipTo[k]);
  if (missing.length) {
    issues.push({
      code: 'ship_to_incomplete',
      field: 'shipTo',
      message: `The ship-to address has no ${missing.map(([, l]) => l).join(', ')}; complete it on the PO's Ship To.`,
    });
  }
  if (!po.contact.name) {
    issues.push({ code: 'contact_missing', field: 'customerContact', message: 'Choose a ship-to contact on the PO.' });
  } else if (!po.contact.phone && !po.contact.email) {
    issues.push({
      code: 'contact_unreachable',
      field: 'customerContact',
      message: `The ship-to contact ${po.contact.name} has no phone or email; add one so the carrier can reach them.`,
    });
  }
  if (po.lines.filter((l) => !l.canceled).length === 0) {
    issues.push({ code: 'no_lines', message: 'The PO has no open lines; add the products to order.' });
  }
  return issues;
}

function shipMethodOf(input: ValidationInput, issues: OrderIssue[]): string | undefined {
  const { po, settings } = input;
  const mapped = Object.entries(settings.shipMethods).find(
    ([name]) => name.toLowerCase() === po.shipMethodName.toLowerCase(),
  )?.[1];
  const code = mapped ?? settings.defaultShipMethod ?? undefined;
  if (!code) {
    issues.push({
      code: 'ship_method_unmapped',
      field: 'shipmentMethod',
      message: `Ship method "${po.shipMethodName || 'none'}" has no TD SYNNEX code; choose a mapped one or ask your admin to map it.`,
    });
  }
  return code;
}

function isLicensedSoftware(po: PoFacts, line: PoLine): boolean {
  const item = line.catalogId ? po.catalog.get(line.catalogId) : undefined;
  return /software|licen[cs]e/i.test(`${item?.category?.name ?? ''} ${item?.type?.name ?? ''}`);
}

export function validatePo(input: ValidationInput): ValidationResult {
  const { po, settings, keys, prices } = input;
  const issues = headerIssues(input);
  const shipMethod = shipMethodOf(input, issues);
  const lines: ResolvedLine[] = [];
  let software = false;
  for (const line of po.lines) {
    if (line.canceled) continue;
    software ||= isLicensedSoftware(po, line);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      issues.push({
        code: 'quantity_invalid',
        lineId: line.id,
        message: `${label(line)} has quantity ${line.quantity}; TD SYNNEX needs a whole number of at least 1.`,
      });
    }
    const key = keys.get(line.id);
    const answer = key ? prices.get(key) : undefined;
    const sku = answer?.sku && answer.sku !== '0' ? answer.sku : undefined;
    if (!key || !answer || !sku || /not found/i.test(answer.status)) {
      issues.push({
        code: 'line_unmapped',
        lineId: line.id,
        message: `${label(line)} is not a TD SYNNEX product: set the line's vendor SKU to the TD SYNNEX SKU, or use a catalog item Product Sync maps, or remove the line.`,
      });
      continue;
    }
    if (/not authori[sz]ed/i.test(answer.status)) {
      issues.push({
        code: 'line_not_authorized',
        lineId: line.id,
        message: `${label(line)}: your TD SYNNEX account may not buy SKU ${sku}; ask your TD SYNNEX rep.`,
      });
      continue;
    }
    if (answer.price !== null && answer.price > 0) {
      const off = (Math.abs(line.unitCost - answer.price) / answer.price) * 100;
      if (off > settings.priceTolerancePct) {
        issues.push({
          code: 'unit_cost_off',
          lineId: line.id,
          message: `${label(line)} costs $${line.unitCost.toFixed(2)} on the PO but $${answer.price.toFixed(2)} at TD SYNNEX today (${Math.round(off)}% apart); correct the unit cost.`,
        });
      }
    }
    lines.push({
      lineId: line.id,
      lineNumber: line.lineNumber,
      sku,
      quantity: line.quantity,
      unitCost: line.unitCost,
      description: line.description,
    });
  }
  if (software && (!po.customerCompanyName || !po.contact.email)) {
    issues.push({
      code: 'end_user_missing',
      field: 'customerCompany',
      message: 'Licensed software needs end-user data: set the ship-to company and a contact with an email on the PO.',
    });
  }
  return { issues, lines, shipMethod };
}
