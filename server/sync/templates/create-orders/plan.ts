/** The PO numbers TD SYNNEX sees for an order: prefix + ConnectWise PO number, `-R<n>` per re-order, `-B<k>` per batch. */
import type { OrderRow, SubmittedSnapshot } from '../../../../db/schema/orders.ts';
import type { TdsOrderInput } from '../../../connectors/tds/types.ts';

export function basePoNumber(input: { prefix: string; cwPoNumber: string; generation: number }): string {
  return `${input.prefix}${input.cwPoNumber}${input.generation > 0 ? `-R${input.generation}` : ''}`;
}

export function batchPoNumbers(base: string, batchCount: number): string[] {
  if (batchCount <= 1) return [base];
  return Array.from({ length: batchCount }, (_, k) => `${base}-B${k + 1}`);
}

export function planPoNumbers(order: Pick<OrderRow, 'tdsPoNumber' | 'batchCount'>): string[] {
  return batchPoNumbers(order.tdsPoNumber, order.batchCount);
}

export function batchesOf<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

/** The TD SYNNEX order for batch `batch` (1-based) of a validated order: always the same for the same snapshot. */
export function orderInputFor(input: {
  snapshot: SubmittedSnapshot;
  poNumber: string;
  batch: number;
  cwPoNumber: string;
}): TdsOrderInput {
  const { snapshot } = input;
  const lines = batchesOf(snapshot.lines, snapshot.batchSize)[input.batch - 1] ?? [];
  return {
    poNumber: input.poNumber,
    shipTo: snapshot.shipTo,
    contact: snapshot.contact,
    shipMethod: snapshot.shipMethod,
    endUserPONumber: input.cwPoNumber,
    comment: `ConnectWise PO ${input.cwPoNumber}`,
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitCost,
      customerPartNumber: String(l.lineId),
      productName: l.description.slice(0, 100),
    })),
  };
}
