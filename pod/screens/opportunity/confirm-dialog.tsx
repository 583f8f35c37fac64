/**
 * Confirmation before writing TD SYNNEX costs into ConnectWise. Every chosen line shows its cost before and
 * after, the price its rule gives and the margin left; a below-minimum or negative margin is written only when
 * the member ticks that line. Lines TD SYNNEX did not answer for just now are listed and never written.
 * Focus stays inside; Escape cancels.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PricedLine, UpdateCostRequest } from '../../../server/wire/pricing.ts';
import { age, money } from '../../ui/format.ts';
import { MarginText } from './line-row.tsx';

const risky = (l: PricedLine) => l.afterUpdate?.flag === 'negative' || l.afterUpdate?.flag === 'below_minimum';
const live = (l: PricedLine) => !!l.tds && !l.tds.stale && l.tds.cost !== null && !!l.afterUpdate;

export function ConfirmDialog({
  lines,
  priceRule,
  minMarginPct,
  busy,
  onConfirm,
  onCancel,
}: {
  lines: PricedLine[];
  priceRule: string;
  minMarginPct: number;
  busy: boolean;
  onConfirm: (lines: UpdateCostRequest['lines']) => void;
  onCancel: () => void;
}) {
  const [accepted, setAccepted] = useState<Set<number>>(new Set());
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => dialogRef.current?.querySelector<HTMLElement>('input, button.primary, button')?.focus(), []);
  const writable = lines.filter((l) => live(l) && (!risky(l) || accepted.has(l.productId)));
  const unanswered = lines.filter((l) => !live(l));
  const oldest = Math.max(0, ...lines.filter(live).map((l) => l.tds?.ageSeconds ?? 0));
  const toggle = (id: number) =>
    setAccepted((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div class="overlay">
      <div
        ref={dialogRef}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onKeyDown={(e) => e.key === 'Escape' && !busy && onCancel()}
      >
        <h2 id="confirm-title">Update the PSA cost to the TD SYNNEX cost</h2>
        <p class="muted">
          TD SYNNEX answered {age(oldest)}. {priceRule[0]?.toUpperCase()}
          {priceRule.slice(1)}. Written to ConnectWise and recorded in the audit log under your name.
        </p>
        <ul class="changes">
          {lines.filter(live).map((l) => {
            const after = l.afterUpdate;
            const priceMoves = after && after.price !== l.psaPrice;
            return (
              <li key={l.productId} class={risky(l) ? 'risky' : undefined} data-testid="change">
                <strong>{l.identifier || l.description}</strong>
                <span>
                  Cost {money(l.psaCost)} → {money(after?.cost)}
                  {priceMoves ? ` · price ${money(l.psaPrice)} → ${money(after?.price)}` : ''}
                </span>
                <span>
                  Margin after: <MarginText value={after?.marginPct ?? null} flag={after?.flag ?? null} />
                </span>
                {risky(l) ? (
                  <label class="accept">
                    <input
                      type="checkbox"
                      checked={accepted.has(l.productId)}
                      onChange={() => toggle(l.productId)}
                      data-testid="accept-margin"
                    />
                    {after?.flag === 'negative'
                      ? 'Write it anyway: this line will sell at a loss'
                      : `Write it anyway: below the ${minMarginPct}% minimum`}
                  </label>
                ) : null}
              </li>
            );
          })}
          {unanswered.map((l) => (
            <li key={l.productId} class="unanswered" data-testid="change-unanswered">
              <strong>{l.identifier || l.description}</strong>
              <span>TD SYNNEX did not answer just now; its cost is not updated. Try again later.</span>
            </li>
          ))}
        </ul>
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={busy || writable.length === 0}
            onClick={() =>
              onConfirm(
                writable.map((l) => ({
                  productId: l.productId,
                  confirmedCost: l.tds?.cost ?? 0,
                  ...(risky(l) ? { acceptMargin: true } : {}),
                })),
              )
            }
            data-testid="confirm-update"
          >
            {busy ? 'Updating…' : `Update ${writable.length} cost${writable.length === 1 ? '' : 's'}`}
          </button>
          <button type="button" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
