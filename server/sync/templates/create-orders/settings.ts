/**
 * Create Orders' per-tenant settings (stored by the engine's settings API, validated here): who may send,
 * the approval amount, the PO-number prefix TD SYNNEX sees, ship-method mapping, batch size, price guard and
 * test mode. Every field has a default so a freshly activated tenant can send without configuring anything.
 */
import * as z from 'zod';

export const CREATE_ORDERS_TEMPLATE = 'create-orders';

/** TD SYNNEX PO numbers are at most 30 characters (reference td-synnex.md §3.1). */
export const TDS_PO_NUMBER_MAX = 30;

export const CreateOrdersSettings = z.object({
  /** Prefix before the ConnectWise PO number; keeps our PO numbers apart from orders placed elsewhere. */
  poPrefix: z
    .string()
    .max(10)
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, "-" and "_" only')
    .default('CW-'),
  /** ConnectWise security role names allowed to send (case-insensitive); empty = every member with pod access. */
  allowedRoles: z.array(z.string().min(1)).max(50).default([]),
  /** PO total above which a second allowed member approves in the pod before submission; null = never. */
  approvalAmount: z.number().positive().nullable().default(null),
  /** ConnectWise ship method name → TD SYNNEX ship-method code. */
  shipMethods: z.record(z.string().min(1), z.string().min(1).max(10)).default({}),
  /** TD SYNNEX code when the PO's ship method is not in the table; null = the PO must map one. */
  defaultShipMethod: z.string().min(1).max(10).nullable().default('FG'),
  /** Orders with more lines go in batches of this many under derived PO numbers (`-B1`, `-B2`…). */
  maxLinesPerOrder: z.number().int().min(1).max(500).default(50),
  /** A PO unit cost further than this from TD SYNNEX's current cost (percent) stops the order. */
  priceTolerancePct: z.number().min(0).max(1000).default(25),
  /** Submit to the TD SYNNEX test endpoint and say so on the PO, in the pod and in the log. */
  testMode: z.boolean().default(false),
  /** TD SYNNEX test endpoint (XML base URL) used in test mode; default: the connection's URL unless production. */
  testXmlUrl: z.url().optional(),
  /** ConnectWise status a rejected PO goes to (activation creates "TDS Rejected"). */
  rejectedStatus: z.string().min(1).default('TDS Rejected'),
});

export type CreateOrdersSettings = z.output<typeof CreateOrdersSettings>;
