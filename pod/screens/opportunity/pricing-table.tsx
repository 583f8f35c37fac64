/**
 * The price & availability lines with their toolbar (as of, refresh, update all) and the update flow. A cost is
 * offered for writing only while it is within the tenant's cache freshness: an older or last-known answer is
 * asked again from TD SYNNEX first, and the dialog shows that new answer.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type {
  OpportunityPricing,
  PricedLine,
  UpdateCostRequest,
  UpdateCostResult,
} from '../../../server/wire/pricing.ts';
import { age } from '../../ui/format.ts';
import type { ConfirmDialog } from './confirm-dialog.tsx';
import { COLUMNS, LineRow } from './line-row.tsx';

/** The dialog is not needed to show prices: its code arrives after them (fetched once the lines are on screen). */
const loadDialog = () => import('./confirm-dialog.tsx').then((m) => m.ConfirmDialog);

const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });

export function PricingTable({
  pricing,
  refreshing,
  onRefresh,
  onUpdate,
}: {
  pricing: OpportunityPricing;
  refreshing: boolean;
  /** Asks TD SYNNEX again; resolves with the new answer (null when it failed, the error is shown). */
  onRefresh: () => Promise<OpportunityPricing | null>;
  onUpdate: (lines: UpdateCostRequest['lines']) => Promise<UpdateCostResult>;
}) {
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState<PricedLine[] | null>(null);
  const [Dialog, setDialog] = useState<typeof ConfirmDialog | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useLayoutEffect(() => {
    // Measured by `npm run bench`: time from the pod's navigation start to the first prices on screen.
    if (performance.getEntriesByName('tds:first-price').length === 0) performance.mark('tds:first-price');
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    const prefetch = setTimeout(() => void loadDialog().catch(() => undefined), 0);
    return () => {
      clearInterval(timer);
      clearTimeout(prefetch);
    };
  }, []);
  useLayoutEffect(() => setNow(Date.now()), [pricing]);

  const updatable = pricing.lines.filter((l) => l.canUpdateCost);
  const ttlMs = pricing.settings.cacheTtlSeconds * 1000;
  const tooOld = (l: PricedLine) => !l.tds || l.tds.stale || Date.now() - Date.parse(l.tds.fetchedAt) > ttlMs;
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const openUpdate = async (lines: PricedLine[]) => {
    setMessage(null);
    let chosen = lines;
    if (lines.some(tooOld)) {
      // Never offer an old figure as today's: ask TD SYNNEX now and show what it answers.
      const fresh = await onRefresh();
      if (!fresh) return;
      const byId = new Map(fresh.lines.map((l) => [l.productId, l]));
      chosen = lines.flatMap((l) => {
        const now = byId.get(l.productId);
        return now && (now.canUpdateCost || now.tds?.stale) ? [now] : [];
      });
      if (chosen.length === 0) {
        setMessage('TD SYNNEX answered; the PSA cost already matches, nothing to update.');
        return;
      }
    }
    const dialog = await loadDialog();
    setDialog(() => dialog);
    setConfirming(chosen);
  };

  const confirm = async (lines: UpdateCostRequest['lines']) => {
    setBusy(true);
    try {
      const result = await onUpdate(lines);
      const refused = result.refused.map((r) => r.message).join(' ');
      const n = result.updated.length;
      setMessage(`Updated ${n} line${n === 1 ? '' : 's'} in ConnectWise.${refused ? ` ${refused}` : ''}`);
    } catch (error) {
      setMessage(`Nothing was changed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const asOf = pricing.asOf;
  return (
    <div class="pricing">
      <div class="toolbar">
        <span class="muted as-of" data-testid="as-of" aria-live="polite">
          {refreshing ? (
            <>
              <span class="spinner" aria-hidden="true" />
              Asking TD SYNNEX…
            </>
          ) : asOf ? (
            `Prices as of ${clock(asOf)} (${age((now - Date.parse(asOf)) / 1000)})`
          ) : (
            'No TD SYNNEX answer yet'
          )}
        </span>
        <button type="button" onClick={() => void onRefresh()} disabled={refreshing} data-testid="refresh">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <button
          type="button"
          disabled={updatable.length === 0 || refreshing}
          onClick={() => void openUpdate(updatable)}
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
      <table>
        <caption class="sr-only">
          TD SYNNEX price and availability for {pricing.summary.lines} product lines; {pricing.summary.flagged} flagged.
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
              onUpdate={() => void openUpdate([line])}
            />
          ))}
        </tbody>
      </table>
      {confirming && Dialog ? (
        <Dialog
          lines={confirming}
          priceRule={pricing.settings.priceRule}
          minMarginPct={pricing.settings.minMarginPct}
          busy={busy}
          onConfirm={confirm}
          onCancel={() => setConfirming(null)}
        />
      ) : null}
    </div>
  );
}
