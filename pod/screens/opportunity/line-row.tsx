/** One product line: PSA vs TD SYNNEX figures, margin flag, stock with an expandable warehouse breakdown. */
import type { PricedLine } from '../../../server/wire/pricing.ts';
import { age, money, pct } from '../../ui/format.ts';

/** Column headings and whether the column holds numbers (right-aligned); rows follow this order (below). */
export const COLUMNS: ReadonlyArray<readonly [string, boolean]> = [
  ['Product', false],
  ['Qty', true],
  ['PSA cost', true],
  ['Price', true],
  ['TDS cost', true],
  ['Margin', true],
  ['Stock', true],
  ['Status', false],
];

function MarginCell({ line }: { line: PricedLine }) {
  const { margin } = line;
  if (margin.pct === null) return <td class="num">—</td>;
  const label =
    margin.flag === 'negative' ? 'negative margin' : margin.flag === 'below_minimum' ? 'below minimum margin' : '';
  return (
    <td class={`num margin ${margin.flag ?? ''}`} title={label || undefined}>
      {margin.flag !== 'ok' ? <span aria-hidden="true">⚠ </span> : null}
      {pct(margin.pct)}
      {label ? <span class="sr-only"> ({label})</span> : null}
    </td>
  );
}

function TdsCostCell({ line }: { line: PricedLine }) {
  const tds = line.tds;
  if (!tds || tds.cost === null) return <td class="num">—</td>;
  const moved = line.margin.costMoved && line.margin.costMovedPct !== null;
  return (
    <td class={`num ${tds.stale ? 'stale' : ''}`}>
      {money(tds.cost)}
      {moved ? (
        <span class="moved" title={`${line.margin.costMovedPct}% vs PSA cost`}>
          {' '}
          {(line.margin.costMovedPct ?? 0) > 0 ? '▲' : '▼'}
          <span class="sr-only"> cost moved {line.margin.costMovedPct}%</span>
        </span>
      ) : null}
    </td>
  );
}

export function LineRow({
  line,
  expanded,
  onToggle,
  onUpdate,
}: {
  line: PricedLine;
  expanded: boolean;
  onToggle: () => void;
  onUpdate: () => void;
}) {
  const tds = line.tds;
  const detailsId = `line-${line.productId}-details`;
  const status = tds ? tds.status : line.note === 'lookup_failed' ? 'No answer' : 'Not TD SYNNEX';
  return (
    <>
      <tr class={tds?.stale ? 'stale-row' : undefined} data-testid="pricing-row" data-product-id={line.productId}>
        <th scope="row" class="product">
          <button
            type="button"
            class="expander"
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={onToggle}
            title={line.description}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'} </span>
            {line.identifier || line.description}
          </button>
        </th>
        <td class="num">{line.quantity}</td>
        <td class="num" data-testid="psa-cost">
          {money(line.psaCost)}
        </td>
        <td class="num">{money(line.psaPrice)}</td>
        <TdsCostCell line={line} />
        <MarginCell line={line} />
        <td class="num" data-testid="stock">
          {tds ? tds.totalStock : '—'}
        </td>
        <td>
          <span class={`badge s-${status.replace(/\s+/g, '-').toLowerCase()}`}>{status}</span>
          {line.canUpdateCost ? (
            <button type="button" class="link" onClick={onUpdate} aria-label={`Update PSA cost of ${line.identifier}`}>
              Update
            </button>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr class="details" id={detailsId}>
          <td colSpan={COLUMNS.length}>
            <p data-testid="line-explanation">{tds ? tds.statusText : line.noteText}</p>
            {tds ? (
              <>
                <p class="muted">
                  TD SYNNEX SKU {tds.sku || '—'} · {tds.mfgPN} · {tds.stale ? 'last known, ' : ''}as of{' '}
                  {age(tds.ageSeconds)}
                </p>
                <ul class="warehouses" aria-label="Stock by warehouse">
                  {tds.warehouses.map((w) => (
                    <li key={w.number} class={w.qty > 0 ? '' : 'none'}>
                      {w.dropShip ? 'Manufacturer drop-ship' : w.city} <span class="muted">#{w.number}</span>:{' '}
                      <strong>{w.qty}</strong>
                      {w.onOrder ? <span class="muted"> · on order {w.onOrder}</span> : null}
                      {w.eta ? <span class="muted"> · ETA {w.eta}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
