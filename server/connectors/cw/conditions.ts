/**
 * Building ConnectWise `conditions` safely: quote and escape values instead of pasting text into queries.
 * `cwCondition\`status/name=${name} and closedFlag=${false}\`` quotes strings, formats dates as
 * `[2024-05-01T00:00:00Z]`, and writes numbers, booleans and null as keywords.
 */
export type CwValue = string | number | boolean | null | Date;

export function cwValue(value: CwValue): string {
  if (value === null) return 'null';
  if (value instanceof Date) return `[${value.toISOString().slice(0, 19)}Z]`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be used in ConnectWise conditions`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function cwCondition(strings: TemplateStringsArray, ...values: CwValue[]): string {
  return strings.reduce((out, text, i) => out + text + (i < values.length ? cwValue(values[i]!) : ''), '');
}

/** `id in (1,2,3)`, for batching lookups (keep URLs short: use POST …/search for long lists). */
export function cwIn(field: string, values: readonly CwValue[]): string {
  return `${field} in (${values.map(cwValue).join(',')})`;
}
