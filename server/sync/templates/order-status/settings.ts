/** Order Status settings per tenant (validated by the engine before a run gets them). */
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { storedSettings } from '../../engine/settings.ts';
import { CREATE_ORDERS_TEMPLATE, CreateOrdersSettings } from '../create-orders/settings.ts';

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
  /** POs followed per run step (bounded work per step). */
  perStep: z.number().int().min(1).max(200).default(25),
});
export type OrderStatusSettings = z.infer<typeof OrderStatusSettings>;

/**
 * The prefix before the ConnectWise PO number in the PO number TD SYNNEX sees: Create Orders' setting (one
 * place to configure it), with its default when the tenant stored none. How a hand-typed order is found.
 */
export async function tenantPoPrefix(db: Db, tenantId: string): Promise<string> {
  const row = await storedSettings(db, tenantId, CREATE_ORDERS_TEMPLATE);
  const parsed = CreateOrdersSettings.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data.poPrefix : CreateOrdersSettings.parse({}).poPrefix;
}
