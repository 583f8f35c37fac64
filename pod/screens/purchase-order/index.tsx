/**
 * Purchase-order screen: the PO as ConnectWise has it, whether it can go to TD SYNNEX (what to fix, who may
 * send), "Send to TDS", the order as it moves (followed until accepted or rejected), its TD SYNNEX order
 * number(s), and Order Status's progress slot. Fits a 300 px pod.
 */
import { Field, RecordView } from '../../ui/record-view.tsx';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useRecord } from '../../ui/use-record.ts';
import type { ScreenProps } from '../screen-props.ts';
import { OrderPanel } from './order-panel.tsx';
import { ProgressSlot } from './progress-slot.tsx';
import { useOrder } from './use-order.ts';
import './order.css';

const money = (n: number | undefined) =>
  n === undefined ? undefined : n.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

export default function PurchaseOrderScreen(props: ScreenProps) {
  const [state, reload] = useRecord(props, 'purchaseorder');
  const order = useOrder(props);
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
            <Field label="Total" value={money(po.total)} />
          </dl>
          {order.answer ? (
            <OrderPanel
              answer={order.answer}
              sending={order.sending}
              onSend={() => void order.send()}
              member={props.session.member.identifier}
            />
          ) : order.error ? null : (
            <Loading label="Checking the PO against TD SYNNEX…" />
          )}
          {order.error ? (
            <ErrorState
              title="TD SYNNEX order"
              message={order.error.message}
              action={
                <button type="button" onClick={order.reload}>
                  Try again
                </button>
              }
            />
          ) : null}
          {order.answer?.order ? <ProgressSlot {...props} order={order.answer.order} /> : null}
        </section>
      )}
    </RecordView>
  );
}
