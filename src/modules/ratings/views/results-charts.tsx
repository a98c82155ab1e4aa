// Pure views: the charts of the 好差评 results over the shared server-rendered SVG charts
// (platform/web/charts.tsx): the share of each level (horizontal bars), the monthly count (bars)
// and the monthly 好评率 (line). Each names itself and describes every figure; the page's own
// table next to each chart is its text alternative (table={false}).
import { GroupedBarChart, HorizontalBarChart, LineChart } from '../../../platform/web/charts.tsx';
import type { Figures } from '../statistics.ts';
import { formatPercent } from '../statistics.ts';
import { LEVELS } from '../levels.ts';
import { resultStrings as s } from '../results.strings.ts';

const pct = (v: number) => formatPercent(v);

export function LevelChart({ total, id }: { total: Figures; id: string }) {
  if (!total.count) return null;
  return (
    <HorizontalBarChart id={id} title={s.chart.levelsTitle} table={false} max={1} format={pct} categoryHeader={s.cols.level}
      desc={s.chart.levelsDesc(LEVELS.map((l) => s.chart.levelsItem(l.label, total.counts[l.code], formatPercent(total.shares[l.code]))))}
      categories={LEVELS.map((l) => l.label)}
      series={[{ name: s.cols.share, values: LEVELS.map((l) => total.shares[l.code]), labels: LEVELS.map((l) => `${formatPercent(total.shares[l.code])}（${total.counts[l.code]}）`) }]} />
  );
}

export function TrendChart({ months, id }: { months: readonly Figures[]; id: string }) {
  if (!months.length) return null;
  const categories = months.map((m) => m.key);
  const axisLabels = months.map((m) => `${Number(m.key.slice(5))}月`);
  const desc = s.chart.trendDesc(months.map((m) => s.chart.trendItem(m.key, m.count, formatPercent(m.goodRate))));
  return (
    <>
      <GroupedBarChart id={`${id}-count`} title={s.chart.countTitle} table={false} desc={desc} categories={categories} axisLabels={axisLabels} categoryHeader={s.cols.month}
        series={[{ name: s.cols.count, values: months.map((m) => m.count) }]} />
      <LineChart id={`${id}-good`} title={s.chart.goodTitle} table={false} desc={desc} categories={categories} axisLabels={axisLabels} max={1} format={pct} categoryHeader={s.cols.month}
        series={[{ name: s.cols.good, values: months.map((m) => m.goodRate) }]} />
    </>
  );
}
