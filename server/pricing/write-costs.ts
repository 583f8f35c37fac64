/**
 * Writes TD SYNNEX costs onto ConnectWise opportunity lines: the cost, the price when the tenant's price
 * rule says so, and optionally a one-line stock note. One PATCH per line, only the changed fields. Audited.
 */
import { auditLog } from '../../db/schema/index.ts';
import type { CwClient, CwPatchOp } from '../connectors/cw/index.ts';
import type { Deps } from '../deps.ts';
import type { PricedLine, UpdateCostResult } from '../wire/pricing.ts';
import { repriced } from './margin.ts';
import type { PaSettings } from './settings.ts';

const NOTE_PREFIX = 'TD SYNNEX availability';

/** Replaces our previous availability line in the internal notes, keeping everything else the member wrote. */
export function availabilityNote(existing: string | undefined, line: PricedLine, at: Date): string {
  const tds = line.tds;
  const kept = (existing ?? '')
    .split('\n')
    .filter((l) => !l.startsWith(NOTE_PREFIX))
    .join('\n')
    .trim();
  if (!tds) return kept;
  const places = tds.warehouses
    .filter((w) => w.qty > 0)
    .map((w) => `${w.dropShip ? 'drop-ship' : w.city} ${w.qty}`)
    .join(', ');
  const note = `${NOTE_PREFIX} ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${tds.status}, ${tds.totalStock} in stock${places ? ` (${places})` : ''}.`;
  return kept ? `${kept}\n${note}` : note;
}

export async function writeLineCosts(
  deps: Deps,
  cw: CwClient,
  input: {
    tenantId: string;
    opportunityId: number;
    lines: PricedLine[];
    settings: PaSettings;
    actor: string;
    withAvailabilityNote: boolean;
    /** Lines written with a below-minimum or negative margin the member accepted (recorded in the audit entry). */
    marginAccepted?: Set<number>;
  },
): Promise<UpdateCostResult['updated']> {
  const updated: UpdateCostResult['updated'] = [];
  const now = deps.now();
  try {
    for (const line of input.lines) {
      const cost = line.tds?.cost;
      if (cost === null || cost === undefined) continue;
      const ops: CwPatchOp[] = [];
      if (cost !== line.psaCost) ops.push({ op: 'replace', path: 'cost', value: cost });
      const price = repriced(input.settings.priceRule, line, cost);
      if (price !== null && price !== line.psaPrice) ops.push({ op: 'replace', path: 'price', value: price });
      if (input.withAvailabilityNote) {
        const current = await cw.get('procurement/products', line.productId, { fields: 'id,internalNotes' });
        const existing = typeof current.internalNotes === 'string' ? current.internalNotes : undefined;
        const note = availabilityNote(existing, line, now);
        if (note !== (existing ?? '')) ops.push({ op: 'replace', path: 'internalNotes', value: note });
      }
      if (ops.length === 0) continue;
      await cw.patch('procurement/products', line.productId, ops);
      updated.push({
        productId: line.productId,
        fromCost: line.psaCost,
        toCost: cost,
        fromPrice: line.psaPrice,
        toPrice: price ?? line.psaPrice,
      });
    }
  } finally {
    // One audit entry per cost written: who, the line, before and after (the console lists them one by one).
    // Written even when a later line fails, so every cost already changed in ConnectWise is on record.
    if (updated.length) {
      await deps.db.insert(auditLog).values(
        updated.map((u) => ({
          tenantId: input.tenantId,
          at: now.toISOString(),
          actor: input.actor,
          action: 'opportunity_cost_updated',
          target: `opportunity:${input.opportunityId}`,
          details: {
            productId: u.productId,
            before: { cost: u.fromCost, price: u.fromPrice },
            after: { cost: u.toCost, price: u.toPrice },
            priceRule: input.settings.priceRule.kind,
            ...(input.marginAccepted?.has(u.productId) ? { marginAccepted: true } : {}),
          },
        })),
      );
    }
  }
  return updated;
}
