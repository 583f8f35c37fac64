/**
 * A carrier's public tracking page for a tracking number, from the carrier TD SYNNEX names (ship-method
 * description) and the number's shape. Unknown carriers get no link (the number is still shown).
 */
export interface TrackingLink {
  number: string;
  carrier: string;
  url?: string;
}

const CARRIERS: Array<{
  name: string;
  test: (carrier: string, number: string) => boolean;
  url: (n: string) => string;
}> = [
  {
    name: 'UPS',
    test: (c, n) => /\bups\b/i.test(c) || /^1Z[0-9A-Z]{16}$/i.test(n),
    url: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}`,
  },
  {
    name: 'FedEx',
    test: (c, n) => /fedex/i.test(c) || /^\d{12}$|^\d{15}$/.test(n),
    url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
  },
  {
    name: 'Purolator',
    test: (c) => /purolator/i.test(c),
    url: (n) => `https://www.purolator.com/en/shipping/tracker?pin=${encodeURIComponent(n)}`,
  },
  {
    name: 'Canada Post',
    test: (c) => /canada post/i.test(c),
    url: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${encodeURIComponent(n)}`,
  },
];

export function trackingLink(carrier: string, number: string): TrackingLink {
  const known = CARRIERS.find((c) => c.test(carrier, number));
  return { number, carrier: carrier || known?.name || '', ...(known ? { url: known.url(number) } : {}) };
}
