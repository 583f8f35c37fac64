/** Service-ticket screen: the ticket the pod sits on, as ConnectWise has it, and a badge per TD SYNNEX order. */
import { Field, RecordView } from '../../ui/record-view.tsx';
import { useRecord } from '../../ui/use-record.ts';
import type { ScreenProps } from '../screen-props.ts';
import { TicketOrderBadges } from './order-badges.tsx';

export default function TicketScreen(props: ScreenProps) {
  const [state, reload] = useRecord(props, 'ticket');
  return (
    <RecordView state={state} reload={reload} what="ticket">
      {(t) => (
        <section aria-label="Service ticket">
          <h2 class="record-title" data-testid="record-title">
            #{t.id} {t.summary}
          </h2>
          <dl class="fields">
            <Field label="Company" value={<span data-testid="record-company">{t.company}</span>} />
            <Field label="Board" value={t.board} />
            <Field label="Status" value={t.status} />
            <Field label="Products" value={String(t.productCount)} />
          </dl>
          <TicketOrderBadges {...props} />
        </section>
      )}
    </RecordView>
  );
}
