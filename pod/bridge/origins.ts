/** Origin allowlist matching: exact origins, or `scheme://*.domain` wildcards for ConnectWise's regional hosts. */
export function isOriginAllowed(origin: string, allowed: string[]): boolean {
  if (!origin || origin === 'null') return false;
  return allowed.some((rule) => {
    if (!rule.includes('*')) return rule === origin;
    const match = /^(https?):\/\/\*\.(.+)$/.exec(rule);
    if (!match) return false;
    const [, scheme, domain] = match;
    try {
      const url = new URL(origin);
      return url.protocol === `${scheme}:` && url.hostname.endsWith(`.${domain}`);
    } catch {
      return false;
    }
  });
}

/** The framing page's origin when the browser tells us (Chromium's ancestorOrigins), else undefined. */
export function framingOrigin(self: Window): string | undefined {
  const ancestors = (self.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return ancestors && ancestors.length > 0 ? (ancestors[0] ?? undefined) : undefined;
}
