/** The price & availability table: toolbar (age, refresh, update all), warnings, lines, confirmation. */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { OpportunityPricing, PricedLine, UpdateCostResult } from '../../../server/wire/pricing.ts';
import { age, money } from '../../ui/format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { COLUMNS, LineRow } from './line-row.tsx';

export function PricingTable({
  pricing,
  refreshing,
  onRefresh,
  onUpdate,
}: {
  pricing: OpportunityPricing;
  refreshing: boolean;
  onRefresh: () => void;
  onUpdate: (lines: PricedLine[]) => Promise<UpdateCostResult>;
}) {
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState<PricedLine[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useLayoutEffect(() => {
    // Measured by `npm run bench`: time from the pod's navigation start to the first prices on screen.
    if (performance.getEntriesByName('tds:first-price').length === 0) performance.mark('tds:first-price');
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);

  const updatable = pricing.lines.filter((l) => l.canUpdateCost && !l.tds?.stale);
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const confirm = async () => {
    if (!confirming) return;
    setBusy(true);
    try {
      const result = await onUpdate(confirming);
      const refused = result.refused.map((r) => r.message).join(' ');
      setMessage(
        `Updated ${result.updated.length} line${result.updated.length === 1 ? '' : 's'} in ConnectWise.${refused ? ` ${refused}` : ''}`,
      );
    } catch (error) {
      setMessage(`Nothing was changed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const asOfSeconds = pricing.asOf ? (now - Date.parse(pricing.asOf)) / 1000 : null;
  const s = pricing.summary;
  return (
    <div class="pricing">
      <div class="toolbar">
        <span class="muted" data-testid="as-of">
          {asOfSeconds === null ? 'No TD SYNNEX answer yet' : `As of ${age(asOfSeconds)}`}
        </span>
        <span class="muted">
          PSA cost {money(s.psaCostTotal)} · at TD SYNNEX {money(s.tdsCostTotal)}
        </span>
        <span class="spacer" />
        <button type="button" onClick={onRefresh} disabled={refreshing} data-testid="refresh">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <button
          type="button"
          disabled={updatable.length === 0}
          onClick={() => setConfirming(updatable)}
          data-testid="update-all"
        >
          Update all costs ({updatable.length})
        </button>
      </div>
      {pricing.warnings.map((w) => (
        <p class="banner warn" role="status" key={w.code} data-testid="pricing-warning">
          {w.message}
        </p>
      ))}
      {message ? (
        <p class="banner" role="status" data-testid="update-message">
          {message}
        </p>
      ) : null}
      <div class="table-scroll">
        <table>
          <caption class="sr-only">
            TD SYNNEX price and availability for {s.lines} product lines; {s.flagged} flagged.
          </caption>
          <thead>
            <tr>
              {COLUMNS.map(([label, numeric]) => (
                <th scope="col" key={label} class={numeric ? 'num' : undefined}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pricing.lines.map((line) => (
              <LineRow
                key={line.productId}
                line={line}
                expanded={expanded.has(line.productId)}
                onToggle={() => toggle(line.productId)}
                onUpdate={() => setConfirming([line])}
              />
            ))}
          </tbody>
        </table>
      </div>
      {confirming ? (
        <ConfirmDialog
          lines={confirming}
          priceRule={pricing.settings.priceRule}
          busy={busy}
          onConfirm={confirm}
          onCancel={() => setConfirming(null)}
        />
      ) : null}
    </div>
  );
}
