/**
 * "Orders failing to submit or incorrect order information": purchase orders stuck in "Send to TDS"
 * (with incomplete shipping addresses named), orders without a TD SYNNEX order number, and Create Orders
 * errors by type (invalid SKUs, customer data, TD SYNNEX errors). Reads ConnectWise live.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import { syncActivity } from '../../../db/schema/activity.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS } from '../../activation/names.ts';
import { cwClientFor } from '../../tenants/cw-clients.ts';
import { type Diagnostic, type Finding, finding } from './types.ts';

const CREATE_ORDERS = 'create-orders';
const STUCK_AFTER_MS = 15 * 60_000;
const RECHECK = { kind: 'recheck' as const, label: 'Check the purchase orders again' };

type Po = Record<string, unknown> & { id: number; poNumber?: string | null; _info?: Record<string, unknown> | null };

function missingShipping(po: Po): string[] {
  const need: Array<[string, string]> = [
    ['customerStreetLine1', 'street'],
    ['customerCity', 'city'],
    ['customerZip', 'ZIP'],
  ];
  return need.filter(([k]) => !po[k]).map(([, label]) => label);
}

function orderNumbersOf(po: Po): string {
  const fields = (po.customFields as Array<{ caption?: string; value?: unknown }> | undefined) ?? [];
  const field = fields.find((f) => f.caption === TDS_CUSTOM_FIELDS.orderNumbers.caption);
  return String(field?.value ?? po.vendorOrderNumber ?? '').trim();
}

export const ordersDiagnostic: Diagnostic = {
  id: 'orders',
  category: 'order_processing',
  title: 'Orders failing to submit',
  async detect(ctx) {
    const built = ctx.engine.templates.some((t) => t.id === CREATE_ORDERS);
    const base = (id: string, title: string) => ({ id, category: 'order_processing' as const, title, verify: RECHECK });
    const out: Finding[] = [];
    let pos: { send: Po[]; sent: Po[] } | undefined;
    let readError = '';
    try {
      const cw = await cwClientFor(ctx.deps, ctx.tenantId);
      const fields =
        'id,poNumber,status,_info,customerStreetLine1,customerCity,customerZip,vendorOrderNumber,customFields';
      const byStatus = (names: string[]) =>
        cw.list('procurement/purchaseorders', {
          conditions: names.map((n) => `status/name="${n}"`).join(' OR '),
          fields,
          pageSize: 200,
        }) as Promise<Po[]>;
      pos = {
        send: await byStatus([TDS_PO_STATUS.send]),
        sent: await byStatus([TDS_PO_STATUS.accepted, TDS_PO_STATUS.released, TDS_PO_STATUS.shipped]),
      };
    } catch (error) {
      readError = error instanceof Error ? error.message : String(error);
    }

    const now = ctx.deps.now().getTime();
    if (!pos) {
      const why = `ConnectWise purchase orders could not be read: ${readError}`;
      out.push(
        finding(base('orders_stuck', 'Orders stuck in "Send to TDS"'), 'gray', why, [
          'Fix the ConnectWise connection first.',
        ]),
      );
      out.push(
        finding(base('order_numbers_missing', 'Missing TD SYNNEX order numbers'), 'gray', why, [
          'Fix the ConnectWise connection first.',
        ]),
      );
    } else {
      // Without Create Orders nothing will send them, so every one is stuck at once; with it, after 15 minutes.
      const stuck = pos.send.filter((po) => {
        const updated = Date.parse(String(po._info?.lastUpdated ?? ''));
        return !built || Number.isNaN(updated) || now - updated > STUCK_AFTER_MS;
      });
      if (stuck.length === 0)
        out.push(
          finding(
            base('orders_stuck', 'Orders stuck in "Send to TDS"'),
            built ? 'green' : 'gray',
            built
              ? 'No purchase order has waited in "Send to TDS" for more than 15 minutes.'
              : 'No purchase order waits in "Send to TDS". (Create Orders is not in this tds-bridge version yet, so none would be sent.)',
          ),
        );
      else {
        const details = stuck.map((po) => {
          const missing = missingShipping(po);
          return `${po.poNumber ?? `#${po.id}`}${missing.length ? ` (shipping address lacks ${missing.join(', ')})` : ''}`;
        });
        out.push(
          finding(
            base('orders_stuck', 'Orders stuck in "Send to TDS"'),
            'red',
            `${stuck.length} purchase order${stuck.length === 1 ? '' : 's'} ${built ? 'waited more than 15 minutes' : 'wait'} in "Send to TDS": ${details.join(', ')}.${built ? '' : ' Create Orders is not in this tds-bridge version yet, so tds-bridge does not send them.'}`,
            [
              'Complete the shipping address (street, city, ZIP) on each purchase order named.',
              'Check each line is a valid TD SYNNEX SKU (the activity log names refused SKUs).',
              ...(built
                ? []
                : ['Until Create Orders is available, order these in TD SYNNEX EC and set the status back.']),
              'Set the status to "Send to TDS" again, then press Verify.',
            ],
          ),
        );
      }
      const missing = pos.sent.filter((po) => !orderNumbersOf(po));
      out.push(
        missing.length
          ? finding(
              base('order_numbers_missing', 'Missing TD SYNNEX order numbers'),
              'yellow',
              `${missing.length} purchase order${missing.length === 1 ? '' : 's'} marked accepted, released or shipped by TD SYNNEX have no TD SYNNEX order number: ${missing.map((p) => p.poNumber ?? `#${p.id}`).join(', ')}.`,
              [
                `Find the order in TD SYNNEX EC by PO number and enter its number in "${TDS_CUSTOM_FIELDS.orderNumbers.caption}".`,
                'Press Verify.',
              ],
            )
          : finding(
              base('order_numbers_missing', 'Missing TD SYNNEX order numbers'),
              'green',
              'Every order TD SYNNEX accepted has its order number.',
            ),
      );
    }

    const errors = await ctx.deps.db
      .select({ code: syncActivity.code, n: sql<number>`count(*)` })
      .from(syncActivity)
      .where(
        and(
          eq(syncActivity.tenantId, ctx.tenantId),
          eq(syncActivity.templateId, CREATE_ORDERS),
          eq(syncActivity.level, 'error'),
          gte(syncActivity.at, ctx.since('orders_failing')),
        ),
      )
      .groupBy(syncActivity.code);
    const failBase = base('orders_failing', 'Order submissions failing');
    out.push(
      errors.length
        ? finding(
            failBase,
            'red',
            `Create Orders logged errors since the last check: ${errors.map((e) => `${e.code} × ${e.n}`).join(', ')}.`,
            [
              'Open the activity log filtered on Create Orders and errors.',
              'Fix each purchase order named (shipping address, SKUs, customer details).',
              'Retry it from the failed-operations queue, or set it to "Send to TDS" again.',
            ],
          )
        : finding(
            failBase,
            built ? 'green' : 'gray',
            built
              ? 'No order submission failed since the last check.'
              : 'Create Orders is not in this tds-bridge version yet.',
          ),
    );
    return out;
  },
};
