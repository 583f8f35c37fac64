/** Confirmation before writing TD SYNNEX costs into ConnectWise: shows every change, focus stays inside. */
import { useEffect, useRef } from 'preact/hooks';
import type { PricedLine } from '../../../server/wire/pricing.ts';
import { money } from '../../ui/format.ts';

export function ConfirmDialog({
  lines,
  priceRule,
  busy,
  onConfirm,
  onCancel,
}: {
  lines: PricedLine[];
  priceRule: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div class="overlay">
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onKeyDown={(e) => e.key === 'Escape' && !busy && onCancel()}
      >
        <h2 id="confirm-title">
          Update the PSA cost of {lines.length} line{lines.length === 1 ? '' : 's'} to today's TD SYNNEX cost?
        </h2>
        <ul class="changes">
          {lines.map((l) => (
            <li key={l.productId}>
              <strong>{l.identifier || l.description}</strong>: {money(l.psaCost)} → {money(l.tds?.cost)}
            </li>
          ))}
        </ul>
        <p class="muted">
          Price rule: {priceRule}. The change is written to ConnectWise and recorded in the audit log.
        </p>
        <div class="actions">
          <button
            type="button"
            ref={confirmRef}
            class="primary"
            disabled={busy}
            onClick={onConfirm}
            data-testid="confirm-update"
          >
            {busy ? 'Updating…' : 'Update cost'}
          </button>
          <button type="button" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
