/**
 * The daily `~`-delimited P&A price file (reference §6): one HDR line, then one DTL line of 70 fields per
 * product in the 2025 field order. Served as a streamed download, generated chunk by chunk so the
 * 120,000-line file never exists in memory. Full (`C`) or delta (`U`: products changed since `since`).
 */
import type { TdsCatalog, TdsCatalogProduct } from '../data/tds-catalog.ts';
import { tdsCategory } from '../data/tds-categories.ts';
import { hash32, salt } from '../data/tds-random.ts';
import { synnexPartNumber } from './invoices.ts';
import { plain } from './xml.ts';

export const PRICE_FILE_FIELDS = 70;
const LINES_PER_CHUNK = 500;
const COUNTRIES = ['CN', 'CN', 'CN', 'MX', 'TW', 'VN', 'PH', 'MY', 'TH', 'US'];

export interface PriceFileRequest {
  customerNo: string;
  type: 'full' | 'delta';
  since: number;
  now: number;
}

/** YYMMDD as used in HDR and date fields. */
export function yymmdd(at: number): string {
  return new Date(at).toISOString().slice(2, 10).replace(/-/g, '');
}

export function headerLine(req: PriceFileRequest): string {
  const from = req.type === 'delta' ? req.since : req.now;
  return `FLTM1U${req.customerNo}~HDR~${yymmdd(from)}~${yymmdd(req.now)}~${req.type === 'full' ? 'C' : 'U'}~~~~~`;
}

export function detailLine(catalog: TdsCatalog, p: TdsCatalogProduct, req: PriceFileRequest): string {
  const f: string[] = new Array(PRICE_FILE_FIELDS).fill('');
  const set = (field: number, value: string | number) => {
    f[field - 1] = String(value);
  };
  const stock = catalog.availability(p.index, req.now);
  const price = catalog.priceAt(p.index, req.now);
  const onOrder = stock.warehouses.reduce((n, w) => n + (w.warehouse.virtual ? 0 : (w.onOrderQuantity ?? 0)), 0);
  const etas = stock.warehouses
    .map((w) => w.estimatedArrivalDate)
    .filter((d): d is string => Boolean(d))
    .sort();
  const coo = COUNTRIES[hash32(catalog.seed, p.index, salt('coo')) % COUNTRIES.length] as string;
  const kind = tdsCategory(p.categoryCode)?.kind ?? 'misc';
  const software = p.categoryCode.startsWith('011');
  const created = Date.parse(p.createdAt);
  const status = req.type === 'full' ? 'A' : created > req.since ? 'A' : 'C';
  const dropShipOnly = stock.totalQuantity === 0 && stock.dropShipQuantity > 0;
  const side = Math.cbrt(Math.max(p.weightLb, 0.05));

  set(1, req.customerNo);
  set(2, 'DTL');
  set(3, p.mfgPN);
  set(4, synnexPartNumber(p));
  set(5, p.sku);
  set(6, status);
  set(7, p.description);
  set(8, p.manufacturer.toUpperCase());
  set(9, p.vendorNo);
  set(10, stock.totalQuantity);
  set(11, 0);
  set(12, onOrder);
  set(13, plain(price.unitCost));
  set(14, plain(price.msrp));
  for (const field of [15, 16, 20, 22, 24, 30, 56, 61, 62, 63, 64, 69]) set(field, 0);
  set(17, software ? 'N' : 'Y');
  set(18, 0);
  set(19, p.weightLb > 150 ? 'N' : 'Y');
  set(21, plain(price.unitCost));
  set(23, ' ');
  set(25, p.categoryCode);
  set(26, 0);
  set(27, p.mfgCode);
  set(28, p.weightLb.toFixed(2));
  set(29, p.serialized ? 'Y' : 'N');
  set(32, coo);
  set(34, p.upc);
  set(35, p.unspsc);
  set(36, `CONT-${kind.toUpperCase().slice(0, 5)}`);
  set(37, yymmdd(created));
  set(38, `${dropShipOnly ? 'Y' : 'N'}N${p.upc ? 'Y' : 'N'}`);
  set(39, etas[0] ? yymmdd(Date.parse(etas[0])) : '');
  set(40, p.status === 'Discontinued' ? 'C' : 'A');
  set(41, 'S');
  set(45, 'N');
  set(47, 'N');
  set(53, (side * 6 + 2).toFixed(2));
  set(54, (side * 4 + 1).toFixed(2));
  set(55, (side * 2 + 1).toFixed(2));
  set(68, `${coo.padEnd(11)}NN`);
  for (const w of stock.warehouses) {
    if (w.warehouse.priceFileField && !w.warehouse.virtual) set(w.warehouse.priceFileField, w.qty);
  }
  set(70, stock.dropShipQuantity > 0 ? stock.dropShipQuantity : '');
  // Some real rows carry a 71st trailing value; clients must ignore it.
  if (hash32(catalog.seed, p.index, salt('extra-field')) % 20 === 0) f.push(String(1 + (p.index % 48)));
  // The delimiter can never appear inside a value.
  return f.map((v) => v.replaceAll('~', '-')).join('~');
}

/** The whole file as a byte stream, built LINES_PER_CHUNK products at a time on demand. */
export function priceFileStream(catalog: TdsCatalog, req: PriceFileRequest): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = -1;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next === -1) {
          next = 0;
          controller.enqueue(encoder.encode(`${headerLine(req)}\r\n`));
          return;
        }
        const lines: string[] = [];
        while (next < catalog.size && lines.length < LINES_PER_CHUNK) {
          const index = next++;
          if (req.type === 'delta' && !catalog.changedBetween(index, req.since, req.now)) continue;
          lines.push(detailLine(catalog, catalog.product(index), req));
        }
        if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`));
        if (next >= catalog.size) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
