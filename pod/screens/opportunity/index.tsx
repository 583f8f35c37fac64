/**
 * Opportunity screen: live TD SYNNEX cost and per-warehouse stock beside every product line, the margin it
 * leaves, and "update cost in PSA". Fits ConnectWise's 300 px pod; the table scrolls inside. A refresh
 * keeps the current table on screen until the new answer arrives.
 */
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import type { OpportunityPricing, PricedLine, UpdateCostResult } from '../../../server/wire/pricing.ts';
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
    async (refresh: boolean) => {
      setBusy(true);
      try {
        // One request: the pricing answer carries the opportunity's header too.
        setData(
          await session.api.get<OpportunityPricing>(
            `/api/pod/opportunities/${id}/pricing${refresh ? '?refresh=1' : ''}`,
          ),
        );
        setError(null);
      } catch (e) {
        setError(e as Error);
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

  const pricing = data;
  const record = pricing.opportunity;
  const update = async (lines: PricedLine[]) => {
    const result = await session.api.post<UpdateCostResult>(`/api/pod/opportunities/${record.id}/update-cost`, {
      lines: lines.map((l) => ({ productId: l.productId, confirmedCost: l.tds?.cost ?? 0 })),
    });
    await load(false);
    return result;
  };

  return (
    <section aria-label="Opportunity price and availability">
      <p class="record-line">
        <span class="record-title" data-testid="record-title">
          {record.name}
        </span>
        <span class="muted" data-testid="record-company">
          {' '}
          · {record.company}
        </span>
      </p>
      {error ? (
        <p class="banner warn" role="status">
          Could not refresh: {error.message}
        </p>
      ) : null}
      {pricing.lines.length === 0 ? (
        <p class="state">
          This opportunity has no product lines yet. Add products in ConnectWise to see TD SYNNEX prices.
        </p>
      ) : (
        <PricingTable pricing={pricing} refreshing={busy} onRefresh={() => load(true)} onUpdate={update} />
      )}
    </section>
  );
}
