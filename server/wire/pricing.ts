/** Wire types of the opportunity pricing API, shared with the pod (type-only imports). */

export type TdsStatus = 'Active' | 'Discontinued' | 'Not found' | 'Not authorized';

/** Why a line has no TD SYNNEX answer of its own. */
export type LineNote = 'service_line' | 'no_part_number' | 'lookup_failed';

export interface WarehouseStock {
  number: number;
  city: string;
  qty: number;
  onOrder?: number;
  eta?: string;
  dropShip: boolean;
}

export interface TdsAnswer {
  sku: string;
  mfgPN: string;
  status: TdsStatus | string;
  /** One sentence a tech understands: what the status means and what to do. */
  statusText: string;
  description: string;
  cost: number | null;
  /** Physical warehouses only (drop-ship is separate). */
  totalStock: number;
  dropShipStock: number;
  warehouses: WarehouseStock[];
  fetchedAt: string;
  ageSeconds: number;
  /** True when TD SYNNEX did not answer now and this is the last known answer. */
  stale: boolean;
}

export interface MarginFlags {
  /** Margin % on the PSA price if the line were bought from TD SYNNEX today. */
  pct: number | null;
  /** Per unit. */
  amount: number | null;
  flag: 'ok' | 'below_minimum' | 'negative' | null;
  /** TD SYNNEX cost moved by more than the threshold from the line's PSA cost. */
  costMovedPct: number | null;
  costMoved: boolean;
}

export interface PricedLine {
  productId: number;
  catalogItemId: number | null;
  identifier: string;
  description: string;
  quantity: number;
  psaCost: number | null;
  psaPrice: number | null;
  /** How the line was matched to TD SYNNEX. */
  matchedBy: 'vendor_sku' | 'catalog_map' | 'manufacturer_part' | null;
  tds: TdsAnswer | null;
  note: LineNote | null;
  noteText: string | null;
  margin: MarginFlags;
  /** Updating the PSA cost to the TD SYNNEX cost is possible (and would change it). */
  canUpdateCost: boolean;
  /** What the line would be after "update cost" (the price follows the tenant's price rule); null when it cannot be updated. */
  afterUpdate: MarginAfterUpdate | null;
}

export interface MarginAfterUpdate {
  cost: number;
  price: number | null;
  marginPct: number | null;
  /** below_minimum and negative are written only when the member accepted that line's margin explicitly. */
  flag: MarginFlags['flag'];
}

export interface OpportunityPricing {
  opportunityId: number;
  /** The header the pod shows above the table. */
  opportunity: { id: number; name: string; company: string };
  lines: PricedLine[];
  /** Oldest answer shown, ISO. */
  asOf: string | null;
  summary: {
    lines: number;
    priced: number;
    notFromTds: number;
    failed: number;
    stale: number;
    flagged: number;
    psaCostTotal: number;
    tdsCostTotal: number;
    priceTotal: number;
  };
  /** Problems that did not stop the answer, e.g. TD SYNNEX unreachable (last known prices shown). */
  warnings: Array<{ code: string; message: string }>;
  settings: { minMarginPct: number; costMoveThresholdPct: number; cacheTtlSeconds: number; priceRule: string };
}

export interface UpdateCostRequest {
  /** The lines to update and the TD SYNNEX cost the member confirmed for each. */
  lines: Array<{
    productId: number;
    confirmedCost: number;
    /** The member accepted a below-minimum or negative margin for this line (asked per line). */
    acceptMargin?: boolean;
  }>;
}

export interface UpdateCostResult {
  updated: Array<{
    productId: number;
    fromCost: number | null;
    toCost: number;
    fromPrice: number | null;
    toPrice: number | null;
  }>;
  refused: Array<{ productId: number; code: string; message: string }>;
}
