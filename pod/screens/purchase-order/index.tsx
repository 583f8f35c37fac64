/** Purchase-order screen: the PO the pod sits on, as ConnectWise has it. */
import { Field, RecordView } from '../../ui/record-view.tsx';
import { useRecord } from '../../ui/use-record.ts';
import type { ScreenProps } from '../screen-props.ts';
import { OrderProgressPanel } from './order-progress.tsx';

const money = (n: number | undefined) =>
  n === undefined ? undefined : n.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

export default function PurchaseOrderScreen(props: ScreenProps) {
  const [state, reload] = useRecord(props, 'purchaseorder');
  return (
    <RecordView state={state} reload={reload} what="purchase order">
      {(po) => (
        <section aria-label="Purchase order">
          <h2 class="record-title" data-testid="record-title">
            {po.poNumber}
          </h2>
          <dl class="fields">
            <Field label="Vendor" value={<span data-testid="record-vendor">{po.vendor}</span>} />
            <Field label="Status" value={po.status} />
            <Field label="Ship to" value={po.shipTo} />
            <Field label="Total" value={money(po.total)} />
            <Field label="Line items" value={String(po.lineCount)} />
          </dl>
          <OrderProgressPanel {...props} />
        </section>
      )}
    </RecordView>
  );
}
