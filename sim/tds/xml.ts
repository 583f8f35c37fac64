/**
 * XML in and out of the TD SYNNEX simulator (fast-xml-parser), plus the value formats TD SYNNEX uses:
 * money with thousands separators, "YYYY-MM-DD HH:mm:ss" date-times, and the business-error envelopes
 * that arrive with HTTP 200.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** Request elements that may repeat; parsed as arrays even when a request holds only one. */
const REQUEST_LISTS = new Set(['skuList', 'Item', 'Comment', 'Attribute']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REQUEST_LISTS.has(name),
});

// Empty elements as `<X/>`, as captured answers show them (`<ShipFromWarehouse/>`).
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

export type XmlNode = Record<string, unknown>;

/** Parses a request body; `undefined` when it is not well-formed XML. */
export function parseXml(text: string): XmlNode | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<')) return undefined;
  try {
    const doc = parser.parse(trimmed, true) as XmlNode;
    return doc && typeof doc === 'object' ? doc : undefined;
  } catch {
    return undefined;
  }
}

export function buildXml(root: string, body: XmlNode): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [root]: body }) as string;
}

export function xmlResponse(xml: string, status = 200): Response {
  return new Response(xml, { status, headers: { 'content-type': 'application/xml; charset=utf-8' } });
}

/** Text of a child element ('' when absent or empty). */
export function text(node: unknown, key: string): string {
  if (!node || typeof node !== 'object') return '';
  const value = (node as XmlNode)[key];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String((value as XmlNode)['#text'] ?? '').trim();
  return String(value).trim();
}

export function child(node: unknown, key: string): XmlNode | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as XmlNode)[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

export function list(node: unknown, key: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as XmlNode)[key];
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'object' ? (v as XmlNode) : { '#text': v }));
}

/** "1234.5" → "1,234.50": TD SYNNEX's money format in status and invoice documents. */
export function money(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Plain two-decimal amount (P&A price, price file). */
export function plain(amount: number): string {
  return amount.toFixed(2);
}

/** "2025-05-02 16:40:00" (UTC). */
export function dateTime(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2025-05-01T10:15:03" (UTC, no zone) as in OrderResponse/ResponseDateTime. */
export function isoSeconds(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 19);
}

export function dateOnly(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}
