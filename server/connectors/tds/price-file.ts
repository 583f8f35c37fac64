/**
 * Streaming parser of the TD SYNNEX `~`-delimited P&A price file (reference §6, 2025 field order):
 * decodes bytes as they arrive and yields one event per line, holding at most one partial line in memory.
 * Defensive: CRLF or LF, fields beyond the 70th are counted and ignored, short or odd lines become
 * `invalid` events instead of failing the whole file.
 */
import { tdsError } from './errors.ts';

export interface PriceFileHeader {
  tradingPartnerCode: string;
  fromDate: string;
  toDate: string;
  /** C = full file, U = delta. */
  kind: 'full' | 'delta';
}

export interface PriceFileRecord {
  lineNumber: number;
  tradingPartner: string;
  mfgPN: string;
  synnexPartNumber: string;
  sku: string;
  /** A added, C or S changed, D deleted. */
  statusCode: string;
  description: string;
  manufacturer: string;
  vendorNo: string;
  qtyOnHandTotal: number;
  qtyOnOrder: number;
  contractPrice: number | null;
  msrp: number | null;
  unitCost: number | null;
  categoryCode: string;
  shipWeight: number | null;
  serialized: boolean;
  mapPrice: number | null;
  upc: string;
  unspsc: string;
  skuCreatedDate: string;
  etaDate: string;
  /** A active, B special order, C end of life, T to be discontinued. */
  abcCode: string;
  parcelShippable: boolean;
  returnable: boolean;
  /** Quantity per 2025 warehouse column (label → qty). */
  warehouseQty: Record<string, number>;
  dropShipQty: number;
  /** Fields beyond the documented 70 (some real rows carry a 71st value). */
  extraFields: number;
}

export type PriceFileEvent =
  | { type: 'header'; header: PriceFileHeader }
  | { type: 'record'; record: PriceFileRecord }
  | { type: 'invalid'; lineNumber: number; reason: string };

/** 1-based field numbers of the warehouse quantity columns in the 2025 layout. */
export const PRICE_FILE_WAREHOUSE_FIELDS: Readonly<Record<number, string>> = {
  15: 'Miami FL',
  16: 'Tracy CA / Dartmouth NS',
  20: 'Calgary AB',
  22: 'Romeoville IL / Guelph ON',
  24: 'Southaven MS',
  30: 'Columbus OH',
  56: 'Suwanee GA',
  61: 'Chino CA / Mississauga ON',
  62: 'Swedesboro NJ / Richmond BC',
  63: 'South Bend IN',
  64: 'Fort Worth TX',
  69: 'Fontana CA',
};

const DOCUMENTED_FIELDS = 70;
/** Lines shorter than this cannot be a DTL record of any known layout. */
const MIN_DETAIL_FIELDS = 40;
const MAX_LINE_CHARS = 64 * 1024;

export async function* parsePriceFile(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<PriceFileEvent> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNumber = 0;
  for await (const chunk of iterateBytes(source)) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
      const line = pending.slice(start, newline).replace(/\r$/, '');
      start = newline + 1;
      lineNumber++;
      const event = parseLine(line, lineNumber);
      if (event) yield event;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_CHARS) {
      throw tdsError(
        'tds_malformed_response',
        `The TD SYNNEX price file has a line longer than ${MAX_LINE_CHARS} characters near line ${lineNumber + 1}; it is not a P&A flat file.`,
        { route: 'GET pricefile', retryable: false },
      );
    }
  }
  pending += decoder.decode();
  if (pending.trim()) {
    const event = parseLine(pending.replace(/\r$/, ''), lineNumber + 1);
    if (event) yield event;
  }
}

export function parseLine(line: string, lineNumber: number): PriceFileEvent | undefined {
  if (!line.trim()) return undefined;
  const f = line.split('~');
  if (f[1] === 'HDR') {
    return {
      type: 'header',
      header: {
        tradingPartnerCode: f[0] ?? '',
        fromDate: f[2] ?? '',
        toDate: f[3] ?? '',
        kind: f[4] === 'U' ? 'delta' : 'full',
      },
    };
  }
  if (f[1] !== 'DTL') return { type: 'invalid', lineNumber, reason: `unknown record type "${f[1] ?? ''}"` };
  if (f.length < MIN_DETAIL_FIELDS) {
    return { type: 'invalid', lineNumber, reason: `${f.length} fields; a DTL line has ${DOCUMENTED_FIELDS}` };
  }
  const at = (field: number) => (f[field - 1] ?? '').trim();
  const warehouseQty: Record<string, number> = {};
  for (const [field, label] of Object.entries(PRICE_FILE_WAREHOUSE_FIELDS))
    warehouseQty[label] = qty(at(Number(field)));
  const sku = at(5);
  if (!sku) return { type: 'invalid', lineNumber, reason: 'no TD SYNNEX SKU in field 5' };
  return {
    type: 'record',
    record: {
      lineNumber,
      tradingPartner: at(1),
      mfgPN: at(3),
      synnexPartNumber: at(4),
      sku,
      statusCode: at(6),
      description: at(7),
      manufacturer: at(8),
      vendorNo: at(9),
      qtyOnHandTotal: qty(at(10)),
      qtyOnOrder: qty(at(12)),
      contractPrice: amount(at(13)),
      msrp: amount(at(14)),
      returnable: at(17) !== 'N',
      parcelShippable: at(19) !== 'N',
      unitCost: amount(at(21)),
      categoryCode: at(25),
      shipWeight: amount(at(28)),
      serialized: at(29) === 'Y',
      mapPrice: amount(at(31)),
      upc: at(34),
      unspsc: at(35),
      skuCreatedDate: at(37),
      etaDate: at(39),
      abcCode: at(40),
      warehouseQty,
      dropShipQty: qty(at(70)),
      extraFields: Math.max(0, f.length - DOCUMENTED_FIELDS),
    },
  };
}

function qty(text: string): number {
  const n = Number(text.replace(/,/g, ''));
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function amount(text: string): number | null {
  if (!text) return null;
  const n = Number(text.replace(/[,$]/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** Chunks of a byte stream, whether it is a web ReadableStream or an async iterable (Node streams). */
export async function* iterateBytes(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
