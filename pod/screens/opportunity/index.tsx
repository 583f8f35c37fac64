/** Opportunity screen: the opportunity the pod sits on, as ConnectWise has it. */
import { Field, RecordView } from '../../ui/record-view.tsx';
import { useRecord } from '../../ui/use-record.ts';
import type { ScreenProps } from '../screen-props.ts';

export default function OpportunityScreen(props: ScreenProps) {
  const [state, reload] = useRecord(props, 'opportunity');
  return (
    <RecordView state={state} reload={reload} what="opportunity">
      {(o) => (
        <section aria-label="Opportunity">
          <h2 class="record-title" data-testid="record-title">
            {o.name}
          </h2>
          <dl class="fields">
            <Field label="Company" value={<span data-testid="record-company">{o.company}</span>} />
            <Field label="Status" value={o.status} />
            <Field label="Sales rep" value={o.salesRep} />
            <Field label="Expected close" value={o.expectedCloseDate?.slice(0, 10)} />
            <Field label="Product lines" value={String(o.lineCount)} />
          </dl>
        </section>
      )}
    </RecordView>
  );
}
