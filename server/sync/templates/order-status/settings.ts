/** Order Status settings per tenant (validated by the engine before a run gets them). */
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { storedSettings } from '../../engine/settings.ts';

export const ORDER_STATUS_TEMPLATE = 'order-status';

export const OrderStatusSettings = z.object({
  /** "TDS Closed" once every line is invoiced; false leaves the PO at "TDS Invoiced" for the MSP to close. */
  closeWhenInvoiced: z.boolean().default(true),
  /** Receive shipped lines in ConnectWise (received quantity and status) when a line has fully shipped. */
  receiveShippedLines: z.boolean().default(false),
  /** A note on the linked ticket when an order ships or is invoiced. */
  ticketNotes: z.boolean().default(true),
  /** Flag those notes so ConnectWise's own notification rules can tell the ticket's contact (processNotifications). */
  notifyContact: z.boolean().default(false),
  /**
   * The prefix before the ConnectWise PO number in the PO number TD SYNNEX sees, used when Create Orders has
   * none stored (its setting wins): how a hand-typed order is found by PO number.
   */
  poPrefix: z.string().max(12).default('CW-'),
  /** POs followed per run step (bounded work per step). */
  perStep: z.number().int().min(1).max(200).default(25),
});
export type OrderStatusSettings = z.infer<typeof OrderStatusSettings>;

/** Create Orders' PO prefix when it has one stored (`poPrefix` or `poNumberPrefix`), else ours. */
export async function tenantPoPrefix(db: Db, tenantId: string, fallback: string): Promise<string> {
  const row = await storedSettings(db, tenantId, 'create-orders');
  const stored = row?.settings && typeof row.settings === 'object' ? (row.settings as Record<string, unknown>) : {};
  const value = stored.poPrefix ?? stored.poNumberPrefix;
  return typeof value === 'string' ? value : fallback;
}
