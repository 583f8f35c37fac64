/**
 * XML for the TD SYNNEX client: requests built with XMLBuilder, responses validated, parsed with list
 * normalisation (a single line arrives as a single element, so every known repeating element is parsed
 * as an array) and money strings with thousands separators turned into numbers.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import * as z from 'zod';
import { tdsError } from './errors.ts';

/** Elements that repeat in TD SYNNEX responses (the "singleton vs list" hot-fixes of every client). */
const RESPONSE_LISTS = new Set([
  'PriceAvailabilityList',
  'AvailabilityByWarehouse',
  'Item',
  'Package',
  'SerialNo',
  'IMEI',
  'MacAddress',
  'invoice',
  'Invoice',
  'item',
  'serialNo',
  'trackNumber',
  'TrackNumber',
  'availableShipMethod',
  'quantityIncomingByDate',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => RESPONSE_LISTS.has(name),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true });

export function buildRequest(root: string, body: Record<string, unknown>, rootAttributes: Record<string, string> = {}) {
  const attrs = Object.fromEntries(Object.entries(rootAttributes).map(([k, v]) => [`@_${k}`, v]));
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: { ...attrs, ...body },
  }) as string;
}

const ROOT_TAG = /^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<([A-Za-z_][\w.:-]*)/;

/**
 * A cut-off body never ends with its root element's closing tag. Checking that is enough to catch
 * truncation without validating the whole document a second time (the parser is lenient, and the
 * validator would double the parsing cost of every P&A answer); schemas catch the rest.
 */
function looksComplete(xml: string): boolean {
  const root = ROOT_TAG.exec(xml)?.[1];
  return !!root && (xml.endsWith(`</${root}>`) || (xml.endsWith('/>') && !xml.includes('</')));
}

/** Parses a response body; truncated or non-XML bodies (HTML error pages) become tds_malformed_response. */
export function parseResponse(route: string, body: string): Record<string, unknown> {
  const trimmed = body.trim();
  const valid = looksComplete(trimmed) ? true : trimmed.startsWith('<') ? XMLValidator.validate(trimmed) : false;
  if (valid !== true || !looksComplete(trimmed)) {
    throw tdsError(
      'tds_malformed_response',
      'TD SYNNEX sent a response that is not complete XML (cut off, or an error page); tds-bridge will retry.',
      {
        route,
        retryable: true,
        details: {
          bodyStart: trimmed.slice(0, 300),
          problem: valid === true ? 'cut off before its closing tag' : valid === false ? 'not XML' : valid.err.msg,
        },
      },
    );
  }
  return parser.parse(trimmed) as Record<string, unknown>;
}

/** Validates a parsed node against a schema; a mismatch is a malformed response, not a crash. */
export function shape<S extends z.ZodType>(route: string, schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw tdsError(
      'tds_malformed_response',
      'TD SYNNEX sent XML tds-bridge does not recognise; the response was not used.',
      {
        route,
        retryable: false,
        details: { issues: parsed.error.issues.slice(0, 5) },
      },
    );
  }
  return parsed.data;
}

// ── Value schemas: every leaf arrives as a string ('' for an empty element) ────────────────────────

const leaf = (v: unknown): string => (v === undefined || v === null || typeof v === 'object' ? '' : String(v).trim());

export const xText = z.preprocess(leaf, z.string());
export const xOptText = z.preprocess((v) => leaf(v) || undefined, z.string().optional());
export const xInt = z.preprocess((v) => {
  const s = leaf(v).replace(/,/g, '');
  return s === '' ? 0 : Number(s);
}, z.number().int());
export const xOptInt = z.preprocess((v) => {
  const s = leaf(v).replace(/,/g, '');
  return s === '' ? undefined : Number(s);
}, z.number().int().optional());
/** "1,234.56" → 1234.56; '' → null. */
export const xMoney = z.preprocess((v) => {
  const s = leaf(v).replace(/[,$\s]/g, '');
  return s === '' ? null : Number(s);
}, z.number().nullable());
export const xList = <S extends z.ZodType>(item: S) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** Comma-joined tracking numbers (and repeated elements) → one flat list. */
export function splitList(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
