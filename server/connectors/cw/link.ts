/** RFC 5988 `Link` header parsing: `<url>; rel="next", <url>; rel="last"` → { next: url, last: url }. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;\s*rel="?([^";]+)"?/i.exec(part.trim());
    if (m) out[m[2]!.toLowerCase()] = m[1]!;
  }
  return out;
}
