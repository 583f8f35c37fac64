/** The header a pod shows for the record it sits on, read from the tenant's ConnectWise. */
import { isUpstreamError } from '../connectors/upstream-error.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { RecordSummary } from '../wire/session.ts';
import { cwClientFor } from './cw-clients.ts';

const refName = (v: unknown) =>
  v && typeof v === 'object'
    ? String((v as { name?: unknown; identifier?: unknown }).name ?? (v as { identifier?: unknown }).identifier ?? '')
    : '';
const opt = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

const WHAT = { opportunity: 'opportunity', purchaseorder: 'purchase order', ticket: 'service ticket' } as const;

export async function readRecordSummary(
  deps: Deps,
  tenantId: string,
  screen: RecordSummary['screen'],
  id: number,
): Promise<RecordSummary> {
  const cw = await cwClientFor(deps, tenantId);
  try {
    if (screen === 'opportunity') {
      const [o, lineCount] = await Promise.all([
        cw.get('sales/opportunities', id),
        cw.count('procurement/products', { conditions: `opportunity/id=${id}` }),
      ]);
      return {
        screen,
        id,
        name: String(o.name ?? `Opportunity ${id}`),
        company: refName(o.company),
        status: opt(refName(o.status)),
        salesRep: opt(refName(o.primarySalesRep)),
        expectedCloseDate: opt(o.expectedCloseDate),
        lineCount,
      };
    }
    if (screen === 'purchaseorder') {
      const [po, lineCount] = await Promise.all([
        cw.get('procurement/purchaseorders', id),
        cw.count('procurement/purchaseorders/{parentId}/lineitems', { parentId: id }),
      ]);
      const shipTo = [po.customerName, po.customerCity, po.customerState].filter(Boolean).join(', ');
      return {
        screen,
        id,
        poNumber: String(po.poNumber ?? id),
        vendor: refName(po.vendorCompany),
        status: refName(po.status),
        total: typeof po.total === 'number' ? po.total : undefined,
        shipTo: shipTo || undefined,
        lineCount,
      };
    }
    const [t, productCount] = await Promise.all([
      cw.get('service/tickets', id),
      cw.count('procurement/products', { conditions: `ticket/id=${id}` }),
    ]);
    return {
      screen,
      id,
      summary: String(t.summary ?? ''),
      company: refName(t.company),
      status: opt(refName(t.status)),
      board: opt(refName(t.board)),
      productCount,
    };
  } catch (error) {
    if (isUpstreamError(error) && error.code === 'cw_not_found') {
      throw new AppError('record_not_found', `ConnectWise has no ${WHAT[screen]} #${id}; it may have been deleted.`, {
        status: 404,
      });
    }
    throw error;
  }
}
