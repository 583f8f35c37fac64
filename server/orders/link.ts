/**
 * A buyer links a PO whose TD SYNNEX order number was typed by hand to the PO number TD SYNNEX knows the order
 * by. TD SYNNEX is asked by that PO number first (never by order number); only an order it knows, and that no
 * other PO already follows, is linked. Order Status follows it from its next run.
 */
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { tdsClientFor } from '../tenants/tds-clients.ts';
import { addEvents, findByTdsPoNumber, getTracking, linkTracking } from './tracking-repo.ts';

export async function linkOrder(
  deps: Deps,
  link: { tenantId: string; cwPoId: number; tdsPoNumber: string; actor: string },
): Promise<{ linked: true; tdsPoNumber: string; orderNumbers: string[] }> {
  const key = { tenantId: link.tenantId, cwPoId: link.cwPoId };
  const row = await getTracking(deps.db, key);
  if (row?.link !== 'needs_link') {
    throw new AppError('nothing_to_link', 'This purchase order is not waiting to be linked to a TD SYNNEX order.', {
      status: 409,
    });
  }
  const other = await findByTdsPoNumber(deps.db, link.tenantId, link.tdsPoNumber);
  if (other && other.cwPoId !== link.cwPoId) {
    throw new AppError(
      'tds_po_already_followed',
      `TD SYNNEX PO ${link.tdsPoNumber} is already followed for ConnectWise PO ${other.cwPoNumber}.`,
      { status: 409 },
    );
  }
  const tds = await tdsClientFor(deps, link.tenantId);
  const status = await tds.orderStatus(link.tdsPoNumber);
  if (!status.found) {
    throw new AppError(
      'tds_po_not_found',
      `TD SYNNEX knows no PO ${link.tdsPoNumber}. Use the PO number the order was placed under (as on TD SYNNEX's order confirmation), not the order number.`,
      { status: 409 },
    );
  }
  const at = deps.now().toISOString();
  if (!(await linkTracking(deps.db, { ...key, tdsPoNumber: link.tdsPoNumber, at }))) {
    throw new AppError('nothing_to_link', 'This purchase order was linked meanwhile.', { status: 409 });
  }
  const orderNumbers = [...new Set(status.lines.map((l) => l.orderNumber).filter(Boolean))];
  await addEvents(deps.db, [
    {
      ...key,
      kind: 'linked',
      code: link.tdsPoNumber,
      message: `Linked by ${link.actor} to TD SYNNEX PO ${link.tdsPoNumber} (order ${orderNumbers.join(', ') || '?'}).`,
      at,
    },
  ]);
  return { linked: true, tdsPoNumber: link.tdsPoNumber, orderNumbers };
}
