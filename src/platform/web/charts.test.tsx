// The shared SVG charts: an accessible name and a description with every figure, a visible legend,
// the table alternative with the same figures, bars and lines placed by their values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'preact-render-to-string';
import { GroupedBarChart, HorizontalBarChart, LineChart, niceMax } from './charts.tsx';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

test('horizontal ranked bars: role img named by title and desc, bar widths by value, table rows', () => {
  const html = render(
    <HorizontalBarChart id="c1" title="各单位按时公开率" description="2026年各单位" categories={['涉县人民政府', '磁县人民政府']}
      series={[{ name: '按时公开率', values: [0.9, 0.45] }]} max={1} format={pct} />,
  );
  assert.match(html, /<svg role="img" aria-labelledby="c1-t c1-d" viewBox="0 0 360 \d+" width="100%"/);
  assert.match(html, /<title id="c1-t">各单位按时公开率<\/title>/);
  assert.match(html, /<desc id="c1-d">2026年各单位：涉县人民政府 90\.0%；磁县人民政府 45\.0%。<\/desc>/);
  // 260 units = 100 %: 0.9 → 234, 0.45 → 117
  assert.match(html, /<rect x="1" y="19" width="234" height="16"/);
  assert.match(html, /<rect x="1" y="59" width="117" height="16"/);
  assert.match(html, /<details class="chart-data"><summary>查看数据表<\/summary>/);
  assert.match(html, /<th scope="row">磁县人民政府<\/th><td>45\.0%<\/td>/);
  assert.doesNotMatch(html, /<script/);
});

test('per-value labels replace the formatted value; a null value has no bar and 「—」 in the table', () => {
  const html = render(
    <HorizontalBarChart id="c2" title="t" categories={['甲', '乙']} series={[{ name: '率', values: [0.5, null], labels: ['50.0%（1/2）', null] }]} max={1} />,
  );
  assert.match(html, /甲 50\.0%（1\/2）；乙 —。/);
  assert.equal((html.match(/class="chart-bar"/g) ?? []).length, 1);
  assert.match(html, /<th scope="row">乙<\/th><td>—<\/td>/);
});

test('grouped bars: one bar per series and month, a visible legend naming each series', () => {
  const html = render(
    <GroupedBarChart id="g" title="问题发现与整改" categories={['2026-01', '2026-02']} axisLabels={['1月', '2月']}
      series={[{ name: '发现', values: [4, 2] }, { name: '整改', values: [1, 3] }]} table="open" categoryHeader="月份" />,
  );
  assert.equal((html.match(/class="chart-bar"/g) ?? []).length, 4);
  assert.match(html, /<ul class="chart-legend" aria-label="图例"><li>.*发现<\/li><li>.*整改<\/li><\/ul>/);
  assert.match(html, /<details class="chart-data" open>/);
  assert.match(html, /<th scope="col">月份<\/th><th scope="col">发现<\/th><th scope="col">整改<\/th>/);
  assert.match(html, /<th scope="row">2026-02<\/th><td>2<\/td><td>3<\/td>/);
  assert.match(html, />1月<\/text>/);
  // axis maximum: 4 → 5 (a round number)
  assert.match(html, />5<\/text>/);
  assert.match(html, /2026-01发现 4；2026-01整改 1/);
});

test('line chart: a path per series through its points, a null breaks the line, table=false leaves the table to the page', () => {
  const html = render(
    <LineChart id="l" title="按时率趋势" categories={['2026-01', '2026-02', '2026-03']}
      series={[{ name: '主动公开', values: [1, 0.5, 0] }, { name: '依申请公开', values: [0.5, null, 1] }]} max={1} format={pct} table={false} />,
  );
  const paths = [...html.matchAll(/<path d="(M[^"]+)" fill="none" stroke="(#[0-9a-f]+)"/g)];
  // series 1: one segment of three points; series 2: two one-point segments
  assert.equal(paths.length, 3);
  assert.equal(paths[0]![1]!.split('L').length, 3);
  // y: top 10, height 150 → rate 1 at y=10, 0.5 at 85, 0 at 160
  assert.match(paths[0]![1]!, /^M[\d.]+ 10\.0L[\d.]+ 85\.0L[\d.]+ 160\.0$/);
  assert.notEqual(paths[0]![2], paths[1]![2]);
  assert.doesNotMatch(html, /<details/);
  assert.match(html, /<li>.*依申请公开<\/li>/);
  assert.match(html, /2026-02依申请公开 —/);
});

test('empty data: a sentence instead of an empty chart; niceMax rounds up', () => {
  assert.match(render(<LineChart id="e" title="t" categories={[]} series={[]} />), /本期没有数据/);
  assert.deepEqual([niceMax(0), niceMax(4), niceMax(7), niceMax(23), niceMax(100)], [1, 5, 10, 25, 100]);
});
