// Pure views: the two charts of the 好差评 results as server-rendered SVG — the share of each level
// (horizontal bars) and the monthly trend (bars of the count with the 好评率 as a line). Each is an
// <svg role="img"> with a title and a description holding every figure; the table under each chart
// is the same data as text. Percent lengths without a viewBox: text keeps its size on any width.
import type { Figures } from '../statistics.ts';
import { formatPercent } from '../statistics.ts';
import { LEVELS } from '../levels.ts';
import { resultStrings as s } from '../results.strings.ts';

const LEVEL_COLOURS = ['#00703c', '#85994b', '#1d70b8', '#f47738', '#d4351c'];

export function LevelChart({ total, id }: { total: Figures; id: string }) {
  if (!total.count) return null;
  const rowH = 34;
  const h = LEVELS.length * rowH + 8;
  return (
    <figure class="rating-chart">
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" height={h} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-t`}>{s.chart.levelsTitle}</title>
        <desc id={`${id}-d`}>{s.chart.levelsDesc(LEVELS.map((l) => s.chart.levelsItem(l.label, total.counts[l.code], formatPercent(total.shares[l.code]))))}</desc>
        {LEVELS.map((l, i) => {
          const share = total.shares[l.code] ?? 0;
          const y = i * rowH;
          return (
            <g key={l.code}>
              <text x="0" y={y + 21} font-size="14" fill="#1b1b1b">{l.label}</text>
              <rect x="22%" y={y + 6} width={`${Math.max(0.3, share * 55)}%`} height="20" fill={LEVEL_COLOURS[i]} />
              <text x={`${22 + share * 55 + 1}%`} y={y + 21} font-size="13" fill="#1b1b1b">{`${formatPercent(total.shares[l.code])}（${total.counts[l.code]}）`}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function TrendChart({ months, id }: { months: readonly Figures[]; id: string }) {
  if (!months.length) return null;
  const h = 200;
  const top = 16;
  const bottom = 36;
  const plot = h - top - bottom;
  const max = Math.max(...months.map((m) => m.count), 1);
  const step = 92 / months.length;
  const x = (i: number) => 6 + step * i + step / 2;
  const yCount = (n: number) => top + plot * (1 - n / max);
  const yRate = (r: number) => top + plot * (1 - r);
  const rated = months.map((m, i) => ({ i, r: m.goodRate })).filter((p): p is { i: number; r: number } => p.r !== null);
  return (
    <figure class="rating-chart">
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" height={h} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-t`}>{s.chart.trendTitle}</title>
        <desc id={`${id}-d`}>{s.chart.trendDesc(months.map((m) => s.chart.trendItem(m.key, m.count, formatPercent(m.goodRate))))}</desc>
        <line x1="6%" y1={top + plot} x2="98%" y2={top + plot} stroke="#505a5f" stroke-width="1" />
        {months.map((m, i) => (
          <g key={m.key}>
            <rect x={`${x(i) - step * 0.3}%`} y={yCount(m.count)} width={`${step * 0.6}%`} height={Math.max(0, top + plot - yCount(m.count))} fill="#1d70b8" />
            <text x={`${x(i)}%`} y={h - 20} font-size="11" text-anchor="middle" fill="#505a5f">{m.key.slice(5)}</text>
          </g>
        ))}
        {rated.slice(1).map((p, k) => {
          const prev = rated[k] as { i: number; r: number };
          return <line key={p.i} x1={`${x(prev.i)}%`} y1={yRate(prev.r)} x2={`${x(p.i)}%`} y2={yRate(p.r)} stroke="#00703c" stroke-width="2" />;
        })}
        {rated.map((p) => <circle key={p.i} cx={`${x(p.i)}%`} cy={yRate(p.r)} r="3.5" fill="#00703c" />)}
        <text x="6%" y={h - 4} font-size="11" fill="#505a5f">{`▮ ${s.cols.count}（最多 ${max}）  ● ${s.cols.good}`}</text>
      </svg>
    </figure>
  );
}
