// Shared server-rendered SVG charts (no JavaScript): horizontal ranked bars, vertical grouped bars
// and a line chart of several series over months. Each chart is an <svg role="img"> named by its
// <title> and described by a <desc> holding every figure, with a visible HTML legend and a table
// alternative (a <details> with the same data, or the caller's own table next to it).
// The SVG has a viewBox 360 units wide and width 100%, so it fits a 375 px phone with 13–14 px text
// and grows on a desktop up to the .chart max-width (app.css).
import type { ComponentChildren } from 'preact';
import { chartStrings as s } from './charts.strings.ts';

export interface ChartSeries {
  name: string;
  /** One value per category; null = no figure (no bar / a gap in the line, 「—」 in the table). */
  values: readonly (number | null)[];
  /** Optional text per value shown next to a bar and in the table instead of format(value). */
  labels?: readonly (string | null | undefined)[];
}

export interface ChartProps {
  /** Unique on the page: the ids of the title, description and legend derive from it. */
  id: string;
  title: string;
  /** A sentence said before the figures in the SVG description (and as the table caption hint). */
  description?: string;
  /** The whole SVG description, when the caller words the figures itself (replaces description + figures). */
  desc?: string;
  /** The category labels: organisations (bars) or months (line, grouped bars). */
  categories: readonly string[];
  /** Short axis labels (e.g. 「1月」 for 2026-01); defaults to the categories. */
  axisLabels?: readonly string[];
  series: readonly ChartSeries[];
  /** The axis maximum (1 for rates); default: a round number above the largest value. */
  max?: number;
  /** How a value is written (axis, bars, table, description); default: the number itself. */
  format?: (v: number) => string;
  /** The header of the first table column (default 项目). */
  categoryHeader?: string;
  /** 'details' (default): a collapsed table under the chart; 'open': the same, open; false: the page has its own table next to the chart. */
  table?: 'details' | 'open' | false;
}

/** Colours with ≥ 4.5:1 contrast on white; lines also differ by dash pattern and marker. */
export const CHART_COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#b35900', '#505a5f'] as const;
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2'] as const;
const W = 360;
const PAD_L = 36;
const PAD_R = 8;
const TEXT = '#1b1b1b';
const MUTED = '#505a5f';
const GRID = '#b1b4b6';

const colour = (i: number) => CHART_COLOURS[i % CHART_COLOURS.length]!;
const dash = (i: number) => DASHES[i % DASHES.length]!;

/** A round axis maximum at or above the largest value (1, 2, 5 × 10^n). */
export function niceMax(largest: number): number {
  if (!(largest > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(largest));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= largest) return m * p;
  return 10 * p;
}

function valueText(p: ChartProps, si: number, ci: number): string {
  const serie = p.series[si]!;
  const label = serie.labels?.[ci];
  if (label) return label;
  const v = serie.values[ci];
  return v === null || v === undefined ? s.empty : (p.format ?? String)(v);
}

function describe(p: ChartProps): string {
  const items: string[] = [];
  p.categories.forEach((c, ci) => {
    p.series.forEach((serie, si) => {
      items.push(s.item(c, p.series.length > 1 ? serie.name : null, valueText(p, si, ci)));
    });
  });
  return s.desc(p.description ?? '', items);
}

function axisMax(p: ChartProps): number {
  if (p.max !== undefined && p.max > 0) return p.max;
  let m = 0;
  for (const serie of p.series) for (const v of serie.values) if (v !== null && v > m) m = v;
  return niceMax(m);
}

function Legend({ p, kind }: { p: ChartProps; kind: 'bar' | 'line' }) {
  if (p.series.length < 2 && kind === 'bar') return null;
  return (
    <ul class="chart-legend" aria-label={s.legend}>
      {p.series.map((serie, i) => (
        <li key={serie.name}>
          <svg width="24" height="12" viewBox="0 0 24 12" aria-hidden="true" focusable="false">
            {kind === 'bar'
              ? <rect x="2" y="1" width="20" height="10" fill={colour(i)} />
              : <line x1="1" y1="6" x2="23" y2="6" stroke={colour(i)} stroke-width="2.5" stroke-dasharray={dash(i) || undefined} />}
          </svg>
          {serie.name}
        </li>
      ))}
    </ul>
  );
}

/** The table alternative: one row per category, one column per series. */
export function ChartTable({ p }: { p: ChartProps }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={p.title}>
      <table class="chart-table">
        <caption class="visually-hidden">{p.title}</caption>
        <thead>
          <tr>
            <th scope="col">{p.categoryHeader ?? s.category}</th>
            {p.series.map((serie) => <th scope="col" key={serie.name}>{serie.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {p.categories.map((c, ci) => (
            <tr key={`${ci}-${c}`}>
              <th scope="row">{c}</th>
              {p.series.map((serie, si) => <td key={serie.name}>{valueText(p, si, ci)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Frame({ p, height, kind, children }: { p: ChartProps; height: number; kind: 'bar' | 'line'; children: ComponentChildren }) {
  const mode = p.table ?? 'details';
  return (
    <figure class="chart" id={p.id}>
      <svg role="img" aria-labelledby={`${p.id}-t ${p.id}-d`} viewBox={`0 0 ${W} ${height}`} width="100%" xmlns="http://www.w3.org/2000/svg">
        <title id={`${p.id}-t`}>{p.title}</title>
        <desc id={`${p.id}-d`}>{p.desc ?? describe(p)}</desc>
        {children}
      </svg>
      <Legend p={p} kind={kind} />
      {mode !== false && (
        <details class="chart-data" open={mode === 'open' ? true : undefined}>
          <summary>{s.table}</summary>
          <ChartTable p={p} />
        </details>
      )}
    </figure>
  );
}

const ROW_H = 40;
const BAR_W = 260;

/**
 * Horizontal bars, one row per category in the order given (rank them first), the category's name
 * above its bar and the value after it. With several series each row holds one thin bar per series.
 */
export function HorizontalBarChart(p: ChartProps) {
  if (!p.categories.length || !p.series.length) return <p class="hint">{s.noData}</p>;
  const max = axisMax(p);
  const n = p.series.length;
  const barH = n === 1 ? 16 : Math.max(6, Math.floor(22 / n));
  const rowH = n === 1 ? ROW_H : 20 + n * (barH + 2) + 4;
  const h = p.categories.length * rowH + 20;
  const x = (v: number) => Math.max(0, Math.min(1, v / max)) * BAR_W;
  const fmt = p.format ?? String;
  return (
    <Frame p={p} height={h} kind="bar">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={f * BAR_W + 1} y1="4" x2={f * BAR_W + 1} y2={h - 16} stroke={GRID} stroke-width="0.75" />
          <text x={f * BAR_W + 1} y={h - 4} text-anchor={f === 0 ? 'start' : 'middle'} font-size="11" fill={MUTED}>{fmt(f * max)}</text>
        </g>
      ))}
      {p.categories.map((c, ci) => {
        const y = ci * rowH;
        return (
          <g key={`${ci}-${c}`}>
            <text x="1" y={y + 14} font-size="13" fill={TEXT}>{c}</text>
            {p.series.map((serie, si) => {
              const v = serie.values[ci];
              const by = y + 19 + si * (barH + 2);
              return (
                <g key={serie.name}>
                  {v !== null && v !== undefined && <rect x="1" y={by} width={Math.max(1, x(v))} height={barH} fill={colour(si)} class="chart-bar" />}
                  <text x={(v ? x(v) : 0) + 4} y={by + barH - (barH > 10 ? 3 : 0)} font-size={barH > 10 ? 12 : 10} fill={TEXT}>{valueText(p, si, ci)}</text>
                </g>
              );
            })}
          </g>
        );
      })}
    </Frame>
  );
}

const PLOT_TOP = 10;
const PLOT_H = 150;

function YAxis({ max, fmt }: { max: number; fmt: (v: number) => string }) {
  return (
    <>
      {[0, 0.5, 1].map((f) => {
        const y = PLOT_TOP + PLOT_H * (1 - f);
        return (
          <g key={f}>
            <line x1={PAD_L} y1={y} x2={W - PAD_R} y2={y} stroke={GRID} stroke-width="0.75" />
            <text x={PAD_L - 3} y={y + 4} text-anchor="end" font-size="11" fill={MUTED}>{fmt(f * max)}</text>
          </g>
        );
      })}
    </>
  );
}

/** Short labels under the x axis; with many categories only every k-th is written (all are in the table). */
function XLabels({ p, cx }: { p: ChartProps; cx: (i: number) => number }) {
  const labels = p.axisLabels ?? p.categories;
  const step = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <>
      {labels.map((l, i) => (i % step === 0 ? (
        <text key={`${i}-${l}`} x={cx(i)} y={PLOT_TOP + PLOT_H + 16} text-anchor="middle" font-size="11" fill={MUTED}>{l}</text>
      ) : null))}
    </>
  );
}

/** Vertical bars grouped by category (e.g. months), one bar per series in each group. */
export function GroupedBarChart(p: ChartProps) {
  if (!p.categories.length || !p.series.length) return <p class="hint">{s.noData}</p>;
  const max = axisMax(p);
  const fmt = p.format ?? String;
  const h = PLOT_TOP + PLOT_H + 24;
  const groupW = (W - PAD_L - PAD_R) / p.categories.length;
  const barW = Math.max(1, (groupW * 0.8) / p.series.length);
  const cx = (i: number) => PAD_L + groupW * (i + 0.5);
  return (
    <Frame p={p} height={h} kind="bar">
      <YAxis max={max} fmt={fmt} />
      {p.categories.map((c, ci) => (
        <g key={`${ci}-${c}`}>
          {p.series.map((serie, si) => {
            const v = serie.values[ci];
            if (v === null || v === undefined) return null;
            const bh = Math.max(0, Math.min(1, v / max)) * PLOT_H;
            return <rect key={serie.name} x={PAD_L + groupW * ci + groupW * 0.1 + si * barW} y={PLOT_TOP + PLOT_H - bh} width={barW} height={Math.max(bh, 0.5)} fill={colour(si)} class="chart-bar" />;
          })}
        </g>
      ))}
      <XLabels p={p} cx={cx} />
    </Frame>
  );
}

const MARKERS = ['circle', 'square', 'diamond', 'triangle'] as const;

function Marker({ i, x, y }: { i: number; x: number; y: number }) {
  const c = colour(i);
  switch (MARKERS[i % MARKERS.length]) {
    case 'square': return <rect x={x - 2.5} y={y - 2.5} width="5" height="5" fill={c} />;
    case 'diamond': return <path d={`M${x} ${y - 3.5}L${x + 3.5} ${y}L${x} ${y + 3.5}L${x - 3.5} ${y}Z`} fill={c} />;
    case 'triangle': return <path d={`M${x} ${y - 3.5}L${x + 3.5} ${y + 3}L${x - 3.5} ${y + 3}Z`} fill={c} />;
    default: return <circle cx={x} cy={y} r="2.8" fill={c} />;
  }
}

/** Several series over the categories (months) as lines with markers; a null breaks the line. */
export function LineChart(p: ChartProps) {
  if (!p.categories.length || !p.series.length) return <p class="hint">{s.noData}</p>;
  const max = axisMax(p);
  const fmt = p.format ?? String;
  const h = PLOT_TOP + PLOT_H + 24;
  const n = p.categories.length;
  const plotW = W - PAD_L - PAD_R - 12;
  const cx = (i: number) => PAD_L + 6 + (n === 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const cy = (v: number) => PLOT_TOP + PLOT_H * (1 - Math.max(0, Math.min(1, v / max)));
  return (
    <Frame p={p} height={h} kind="line">
      <YAxis max={max} fmt={fmt} />
      {p.series.map((serie, si) => {
        const segments: string[] = [];
        let d = '';
        serie.values.forEach((v, ci) => {
          if (v === null || v === undefined) { if (d) segments.push(d); d = ''; return; }
          d += `${d ? 'L' : 'M'}${cx(ci).toFixed(1)} ${cy(v).toFixed(1)}`;
        });
        if (d) segments.push(d);
        return (
          <g key={serie.name} data-series={serie.name}>
            {segments.map((seg, k) => <path key={k} d={seg} fill="none" stroke={colour(si)} stroke-width="2" stroke-dasharray={dash(si) || undefined} />)}
            {serie.values.map((v, ci) => (v === null || v === undefined ? null : <Marker key={ci} i={si} x={cx(ci)} y={cy(v)} />))}
          </g>
        );
      })}
      <XLabels p={p} cx={cx} />
    </Frame>
  );
}
