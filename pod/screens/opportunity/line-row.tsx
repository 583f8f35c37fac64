/**
 * One product line. The same markup is a table row from ~640 px (a ConnectWise Tab) and a compact card below
 * (a pod panel, 280–640 px): pricing.css lays the cells out, each labelled by its `data-label` in card form.
 * No JavaScript decides the layout, so the pod stays small and the layout follows the panel as it is resized.
 */
import type { PricedLine } from '../../../server/wire/pricing.ts';
import { age, money, pct } from '../../ui/format.ts';

/** Column headings and whether the column holds numbers (right-aligned); cells follow this order (below). */
export const COLUMNS: ReadonlyArray<readonly [string, boolean]> = [
  ['Product', false],
  ['Qty', true],
  ['PSA cost', true],
  ['PSA price', true],
  ['TD SYNNEX cost', true],
  ['Margin', true],
  ['Stock', true],
  ['Status', false],
];

export const marginLabel = (flag: PricedLine['margin']['flag']) =>
  flag === 'negative' ? 'negative margin' : flag === 'below_minimum' ? 'below minimum margin' : '';

export function MarginText({ value, flag }: { value: number | null; flag: PricedLine['margin']['flag'] }) {
  const label = marginLabel(flag);
  return (
    <span class={`margin ${flag ?? ''}`}>
      {label ? <span aria-hidden="true">⚠ </span> : null}
      {pct(value)}
      {label ? <span class="sr-only"> ({label})</span> : null}
    </span>
  );
}

function TdsCost({ line }: { line: PricedLine }) {
  const tds = line.tds;
  if (!tds || tds.cost === null) return <>—</>;
  const moved = line.margin.costMoved ? line.margin.costMovedPct : null;
  return (
    <>
      {money(tds.cost)}
      {moved !== null ? (
        <span class="moved" title={`${moved}% vs PSA cost`}>
          {' '}
          <span aria-hidden="true">{moved > 0 ? '▲' : '▼'}</span>
          {Math.abs(moved).toFixed(0)}%<span class="sr-only"> {moved > 0 ? 'above' : 'below'} the PSA cost</span>
        </span>
      ) : null}
    </>
  );
}

export function statusOf(line: PricedLine): string {
  return line.tds ? line.tds.status : line.note === 'lookup_failed' ? 'No answer' : 'Not TD SYNNEX';
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
  const status = statusOf(line);
  const name = line.identifier || line.description;
  const cell = (i: number) => ({ 'data-label': COLUMNS[i]?.[0], class: `c${i} num` });
  return (
    <>
      <tr class={tds?.stale ? 'stale-row' : undefined} data-testid="pricing-row" data-product-id={line.productId}>
        <th scope="row" class="c0 product">
          <button
            type="button"
            class="expander"
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={onToggle}
            data-testid="expand"
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'} </span>
            <span class="ident">{name}</span>
          </button>
          {line.identifier && line.description ? <span class="desc">{line.description}</span> : null}
        </th>
        <td {...cell(1)}>{line.quantity}</td>
        <td {...cell(2)} data-testid="psa-cost">
          {money(line.psaCost)}
        </td>
        <td {...cell(3)}>{money(line.psaPrice)}</td>
        <td {...cell(4)} data-testid="tds-cost" class={`c4 num ${tds?.stale ? 'stale' : ''}`}>
          <TdsCost line={line} />
        </td>
        <td {...cell(5)} data-testid="margin">
          <MarginText value={line.margin.pct} flag={line.margin.flag} />
        </td>
        <td {...cell(6)}>
          {tds ? (
            <button
              type="button"
              class="stock-toggle"
              aria-expanded={expanded}
              aria-controls={detailsId}
              onClick={onToggle}
              aria-label={`${tds.totalStock} in stock, show stock by warehouse for ${name}`}
            >
              <span data-testid="stock">{tds.totalStock}</span>
              <span aria-hidden="true"> {expanded ? '▾' : '▸'}</span>
            </button>
          ) : (
            '—'
          )}
        </td>
        <td class="c7">
          <span class={`badge s-${status.replace(/\s+/g, '-').toLowerCase()}`}>{status}</span>
          {line.canUpdateCost ? (
            <button
              type="button"
              class="link"
              onClick={onUpdate}
              aria-label={`Update PSA cost of ${name}`}
              data-testid="update-line"
            >
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
                <p class="muted" data-testid="line-age">
                  TD SYNNEX SKU {tds.sku || '—'} · {tds.mfgPN} · {tds.stale ? 'last known, ' : ''}as of{' '}
                  {age(tds.ageSeconds)}
                </p>
                <ul class="warehouses" aria-label={`Stock by warehouse for ${name}`}>
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
