/**
 * A targeted reader for TD SYNNEX P&A answers (`priceResponse`), the one hot XML document: a 100-line answer is
 * ~340 KB and the pod waits for it. fast-xml-parser + zod took 11–27 ms for 143 KB; this reader walks the text
 * once and keeps only the elements we use, ~10× faster (figures: `npx tsx bench/pna-parsers.ts`).
 *
 * It is a real (small) XML tokenizer, not pattern matching: start/end/empty-element tags with attributes
 * skipped (quoted values may hold `>`), end tags checked against their start tags, text with the five XML
 * entities and numeric character references decoded, CDATA sections, comments, processing instructions and a
 * DOCTYPE skipped, values trimmed. A cut-off body or mismatched tags → tds_malformed_response (retryable),
 * as `parseResponse` does. Everything else in TD SYNNEX's XML keeps fast-xml-parser (xml.ts).
 */
import { businessError, tdsError } from './errors.ts';
import type { TdsPriceLine, TdsPriceRequest, TdsWarehouseAvailability } from './types.ts';
import { DROP_SHIP_WAREHOUSE, PNA_ROUTE } from './xml-services.ts';

type Fields = Record<string, string>;
interface RawLine {
  fields: Fields;
  warehouses: Array<{ fields: Fields; info: Fields | null }>;
}
interface RawAnswer {
  root: Fields;
  lines: RawLine[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function malformed(problem: string, xml: string) {
  return tdsError(
    'tds_malformed_response',
    'TD SYNNEX sent a response that is not complete XML (cut off, or an error page); tds-bridge will retry.',
    { route: PNA_ROUTE, retryable: true, details: { bodyStart: xml.slice(0, 300), problem } },
  );
}

/** Index just past the `>` that closes a tag opened at `from`, skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  const close = xml.indexOf('>', from);
  if (close === -1) return -1;
  const tag = xml.slice(from, close);
  if (!tag.includes('"') && !tag.includes("'")) return close + 1;
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

/** Length of the element name at `from` (it ends at whitespace, `/` or `>`). */
function nameLength(xml: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = xml.charCodeAt(i);
    if (c === 47 || c === 62 || c === 32 || c === 9 || c === 10 || c === 13) return i - from;
  }
  return end - from;
}

/** Walks the document once; keeps the text of the leaves under priceResponse that P&A uses. */
function scan(xml: string): RawAnswer {
  const answer: RawAnswer = { root: {}, lines: [] };
  const stack: string[] = [];
  let line: RawLine | null = null;
  let warehouse: RawLine['warehouses'][number] | null = null;
  let text = '';
  let leaf = true; // the open element has no child element (so its text is its value)
  let rootSeen = false;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const chunk = xml.slice(i, lt === -1 ? n : lt);
    if (stack.length) text += chunk;
    else if (chunk.trim()) throw malformed('text outside the root element', xml);
    if (lt === -1) break;
    const next = xml[lt + 1];
    if (next === '!') {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) throw malformed('cut off inside a comment', xml);
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) throw malformed('cut off inside CDATA', xml);
        // CDATA is literal text: mark it so entity decoding leaves it alone.
        if (stack.length) text += `\u0000${xml.slice(lt + 9, end)}\u0000`;
        i = end + 3;
      } else {
        const bracket = xml.indexOf('[', lt);
        const close = xml.indexOf('>', lt);
        const end = bracket !== -1 && bracket < close ? xml.indexOf(']>', bracket) + 1 : close;
        if (end <= 0) throw malformed('cut off inside a declaration', xml);
        i = end + 1;
      }
      continue;
    }
    if (next === '?') {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) throw malformed('cut off inside a processing instruction', xml);
      i = end + 2;
      continue;
    }
    const end = tagEnd(xml, lt + 1);
    if (end === -1) throw malformed('cut off inside a tag', xml);
    if (next === '/') {
      const name = xml.slice(lt + 2, end - 1).trim();
      const open = stack.pop();
      if (open !== name) throw malformed(`</${name}> closes <${open ?? 'nothing'}>`, xml);
      closeElement(name, leaf ? value(text) : '');
      leaf = false;
      text = '';
      i = end;
      continue;
    }
    const name = xml.slice(lt + 1, lt + 1 + nameLength(xml, lt + 1, end - 1));
    if (!name) throw malformed('an element without a name', xml);
    if (stack.length === 0) {
      if (rootSeen) throw malformed('a second root element', xml);
      rootSeen = true;
    }
    stack.push(name);
    openElement(name);
    text = '';
    leaf = true;
    i = end;
    if (xml[end - 2] === '/') {
      stack.pop();
      closeElement(name, '');
      leaf = false;
    }
  }
  if (stack.length) throw malformed(`cut off before </${stack[stack.length - 1]}>`, xml);
  if (!rootSeen) throw malformed('no root element', xml);
  return answer;

  function value(raw: string): string {
    if (!raw.includes('\u0000')) return decode(raw).trim();
    // Split CDATA (literal) from parsed text (decoded).
    return raw
      .split('\u0000')
      .map((part, k) => (k % 2 === 1 ? part : decode(part)))
      .join('')
      .trim();
  }

  function openElement(name: string) {
    const depth = stack.length;
    if (depth === 1 && name !== 'priceResponse') throw malformed(`root <${name}>, expected <priceResponse>`, xml);
    if (depth === 2 && name === 'PriceAvailabilityList') {
      line = { fields: {}, warehouses: [] };
      answer.lines.push(line);
    } else if (depth === 3 && line && name === 'AvailabilityByWarehouse') {
      warehouse = { fields: {}, info: null };
      line.warehouses.push(warehouse);
    } else if (depth === 4 && warehouse && name === 'warehouseInfo') {
      warehouse.info = {};
    }
  }

  function closeElement(name: string, content: string) {
    const depth = stack.length + 1;
    const parent = stack[stack.length - 1];
    if (depth === 2) {
      if (name === 'PriceAvailabilityList') line = null;
      else answer.root[name] = content;
    } else if (depth === 3 && line && parent === 'PriceAvailabilityList') {
      if (name === 'AvailabilityByWarehouse') warehouse = null;
      else line.fields[name] = content;
    } else if (depth === 4 && warehouse && parent === 'AvailabilityByWarehouse') {
      if (name !== 'warehouseInfo') warehouse.fields[name] = content;
    } else if (depth === 5 && warehouse?.info && parent === 'warehouseInfo') {
      warehouse.info[name] = content;
    }
  }
}

// ── Values: the same rules as the zod leaf schemas in xml.ts (xText, xInt, xOptInt, xMoney) ─────────────

function int(raw: string | undefined, what: string, xml: string): number {
  const s = (raw ?? '').replace(/,/g, '');
  const n = s === '' ? 0 : Number(s);
  if (!Number.isInteger(n)) throw unrecognised(`${what} is not a whole number: ${raw}`, xml);
  return n;
}

function optInt(raw: string | undefined, what: string, xml: string): number | undefined {
  return raw === undefined || raw.replace(/,/g, '') === '' ? undefined : int(raw, what, xml);
}

function money(raw: string | undefined, xml: string): number | null {
  const s = (raw ?? '').replace(/[,$\s]/g, '');
  if (s === '') return null;
  const n = Number(s);
  if (Number.isNaN(n)) throw unrecognised(`price is not a number: ${raw}`, xml);
  return n;
}

function unrecognised(issue: string, xml: string) {
  return tdsError(
    'tds_malformed_response',
    'TD SYNNEX sent XML tds-bridge does not recognise; the response was not used.',
    {
      route: PNA_ROUTE,
      retryable: false,
      details: { issues: [issue], bodyStart: xml.slice(0, 120) },
    },
  );
}

/** Parses a P&A answer into one line per requested item, in the caller's order (same contract as readPriceResponse). */
export function readPriceAnswer(
  body: string,
  batch: Array<{ request: TdsPriceRequest; lineNumber: number }>,
): TdsPriceLine[] {
  const xml = body.trim();
  if (!xml.startsWith('<')) throw malformed('not XML', xml);
  const answer = scan(xml);
  const errorMessage = answer.root.errorMessage ?? answer.root.ErrorMessage ?? '';
  const errorDetail = answer.root.errorDetail ?? answer.root.ErrorDetail ?? '';
  if (errorMessage || errorDetail) throw businessError(PNA_ROUTE, errorMessage, errorDetail);

  const byLine = new Map(answer.lines.map((l) => [l.fields.lineNumber ?? '', l]));
  return batch.map(({ request, lineNumber }) => {
    const requested = typeof request === 'string' ? { sku: request } : request;
    const raw = byLine.get(String(lineNumber));
    if (!raw) {
      throw tdsError('tds_malformed_response', `TD SYNNEX left out line ${lineNumber} of a price request.`, {
        route: PNA_ROUTE,
        retryable: true,
        details: { requested },
      });
    }
    const f = raw.fields;
    const warehouses = raw.warehouses.map((w): TdsWarehouseAvailability => {
      if (!w.info) throw unrecognised(`line ${lineNumber}: a warehouse without warehouseInfo`, xml);
      const number = int(w.info.number, 'warehouse number', xml);
      const onOrder = optInt(w.fields.onOrderQuantity, 'onOrderQuantity', xml);
      const eta = w.fields.estimatedArrivalDate;
      return {
        number,
        city: w.info.city ?? '',
        zipcode: w.info.zipcode ?? '',
        addr: w.info.addr ?? '',
        qty: int(w.fields.qty, 'qty', xml),
        ...(onOrder !== undefined ? { onOrderQuantity: onOrder } : {}),
        ...(eta ? { estimatedArrivalDate: eta } : {}),
        dropShip: number === DROP_SHIP_WAREHOUSE,
      };
    });
    let dropShipQuantity = 0;
    for (const w of warehouses) if (w.dropShip) dropShipQuantity += w.qty;
    // A "Not found" line may name the SKU as 0 instead of echoing the request; 0 is never a real SKU.
    const answeredSku = f.synnexSKU === '0' ? '' : f.synnexSKU;
    const notFound = (f.status ?? '').toLowerCase() === 'not found';
    return {
      requested,
      lineNumber: f.lineNumber ?? '',
      sku: answeredSku || requested.sku || '',
      ...(notFound ? { notFoundSku: f.synnexSKU === '0' ? ('zero' as const) : ('echo' as const) } : {}),
      mfgPN: f.mfgPN || requested.mfgPN || '',
      mfgCode: f.mfgCode ?? '',
      status: f.status ?? '',
      globalProductStatusCode: f.GlobalProductStatusCode ?? '',
      description: f.description ?? '',
      price: money(f.price, xml),
      totalQuantity: int(f.totalQuantity, 'totalQuantity', xml),
      dropShipQuantity,
      warehouses,
    };
  });
}
