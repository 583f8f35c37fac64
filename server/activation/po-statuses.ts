/** Step 2: the TD SYNNEX purchase-order statuses; only "TDS Closed" is a closed status. */
import type { CwClient, CwPatchOp } from '../connectors/cw/client.ts';
import { CLOSED_PO_STATUSES, TDS_PO_STATUS } from './names.ts';
import { lower, type PlannedStep } from './step.ts';

export async function planPoStatuses(cw: CwClient): Promise<PlannedStep[]> {
  const existing = await cw.list('procurement/purchaseorderstatuses', { pageSize: 1000 });
  let nextSort = Math.max(0, ...existing.map((s) => s.sortOrder ?? 0)) + 1;
  return Object.values(TDS_PO_STATUS).map((statusName): PlannedStep => {
    const closed = CLOSED_PO_STATUSES.includes(statusName);
    const base = {
      id: `po_status:${statusName}`,
      kind: 'po_status' as const,
      key: statusName,
      name: `PO status "${statusName}"`,
    };
    const found = existing.find((s) => lower(s.name) === lower(statusName));
    if (found) {
      const ops: CwPatchOp[] = [];
      if (Boolean(found.closedFlag) !== closed) ops.push({ op: 'replace', path: 'closedFlag', value: closed });
      if (found.inactiveFlag) ops.push({ op: 'replace', path: 'inactiveFlag', value: false });
      if (ops.length === 0) return { ...base, action: 'exists', cwId: found.id, detail: `Status #${found.id}.` };
      const what = ops.map((o) => (o.path === 'closedFlag' ? (closed ? 'mark closed' : 'mark open') : 'reactivate'));
      return {
        ...base,
        action: 'update',
        cwId: found.id,
        detail: `Status #${found.id}: ${what.join(', ')}.`,
        apply: async () => (await cw.patch('procurement/purchaseorderstatuses', found.id, ops)).id,
      };
    }
    const sortOrder = nextSort++;
    return {
      ...base,
      action: 'create',
      detail: `Create ${closed ? 'a closed' : 'an open'} status.`,
      apply: async () =>
        (
          await cw.create('procurement/purchaseorderstatuses', {
            name: statusName,
            closedFlag: closed,
            inactiveFlag: false,
            defaultFlag: false,
            sortOrder,
          })
        ).id,
    };
  });
}
