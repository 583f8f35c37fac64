/**
 * A small line chart drawn by uPlot (a maintained ~50 KB chart library, loaded only with the Metrics
 * section). Charts are images to a screen reader (role="img" with a summary); the table beside each
 * chart carries the same numbers.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: Array<number | null>;
  color: string;
}

export function LineChart({
  title,
  days,
  series,
  unit,
}: {
  title: string;
  days: string[];
  series: Series[];
  unit: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const width = Math.max(260, Math.min(560, el.clientWidth || 480));
    const plot = new uPlot(
      {
        width,
        height: 180,
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: true }))],
        axes: [{}, { label: unit, size: 56 }],
        scales: { x: { time: true } },
        legend: { show: true },
      },
      [xs, ...series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [days, series, unit]);
  const summary = series
    .map((s) => {
      const known = s.values.filter((v): v is number => v !== null);
      return `${s.label}: ${known.length ? `latest ${known.at(-1)} ${unit}, max ${Math.max(...known)} ${unit}` : 'no data'}`;
    })
    .join('; ');
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}. ${summary}. The table below has every value.`} />
    </figure>
  );
}
