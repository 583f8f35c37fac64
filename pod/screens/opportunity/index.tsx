/**
 * Opportunity screen: live TD SYNNEX cost and per-warehouse stock beside every product line, the margin it
 * leaves, and "update cost in PSA". The opportunity and its totals on top; the lines below, as cards in a pod
 * panel (from 280 px) and as a table in a ConnectWise Tab (from ~640 px). A refresh keeps the current lines on
 * screen until the new answer arrives.
 */
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import type { OpportunityPricing, UpdateCostRequest, UpdateCostResult } from '../../../server/wire/pricing.ts';
import { money } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import type { ScreenProps } from '../screen-props.ts';
import { PricingTable } from './pricing-table.tsx';
import './pricing.css';

export default function OpportunityScreen({ session, context }: ScreenProps) {
  const id = context.recordId ?? 0;
  const [data, setData] = useState<OpportunityPricing | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(true);

  const load = useCallback(
    async (refresh: boolean): Promise<OpportunityPricing | null> => {
      setBusy(true);
      if (!refresh) performance.mark('tds:pricing-asked');
      try {
        // One request: the pricing answer carries the opportunity's header too.
        const answer = await session.api.get<OpportunityPricing>(
          `/api/pod/opportunities/${id}/pricing${refresh ? '?refresh=1' : ''}`,
        );
        setData(answer);
        setError(null);
        return answer;
      } catch (e) {
        setError(e as Error);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [id, session],
  );
  useLayoutEffect(() => {
    void load(false);
  }, [load]);

  if (!data) {
    if (error) {
      return (
        <ErrorState
          title="Could not load prices"
          message={error.message}
          action={
            <button type="button" onClick={() => load(false)}>
              Try again
            </button>
          }
        />
      );
    }
    return <Loading label="Asking TD SYNNEX for prices and stock…" />;
  }

  const record = data.opportunity;
  const s = data.summary;
  const update = async (lines: UpdateCostRequest['lines']) => {
    const result = await session.api.post<UpdateCostResult>(`/api/pod/opportunities/${record.id}/update-cost`, {
      lines,
    });
    await load(false);
    return result;
  };

  return (
    <section aria-labelledby="record-title">
      <header class="summary">
        <h1 class="record-title" id="record-title" data-testid="record-title">
          {record.name}
        </h1>
        <p class="muted" data-testid="record-company">
          {record.company}
        </p>
        {s.lines ? (
          <p class="totals" data-testid="summary">
            {s.lines} line{s.lines === 1 ? '' : 's'} · PSA cost {money(s.psaCostTotal)} · at TD SYNNEX{' '}
            {money(s.tdsCostTotal)}
            {s.flagged ? <strong class="flagged"> · {s.flagged} flagged</strong> : null}
          </p>
        ) : null}
      </header>
      {error ? (
        <p class="banner warn" role="status">
          Could not refresh: {error.message}
        </p>
      ) : null}
      {data.lines.length === 0 ? (
        <p class="state">
          This opportunity has no product lines yet. Add products in ConnectWise to see TD SYNNEX prices.
        </p>
      ) : (
        <PricingTable pricing={data} refreshing={busy} onRefresh={() => load(true)} onUpdate={update} />
      )}
    </section>
  );
}
