// The venue page's waiting-time block (order 30): a server-rendered SVG heatmap — one row per day of
// the next 7, one cell per hour with the expected wait written in it and a colour for the crowd
// level (a single-hue blue scale, readable in grey and by colour-blind people; the number and the
// table carry the same information) — the sentence 「通常在 10:00 最忙」, and the same figures as a
// table in a <details> that scrolls sideways on a phone. SVG colours are presentation attributes
// (the CSP allows no inline style).
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { CROWD_THRESHOLDS, type CrowdCode, type DayForecast, type VenueForecast } from '../forecast.ts';
import { forecastStrings } from '../forecast.strings.ts';

const s = forecastStrings.block;
const crowdLabel = (c: CrowdCode) => forecastStrings.crowd[c];

/** Fill and text colour per crowd level (ColorBrewer Blues; text contrast ≥ 4.5:1 on each). */
export const CROWD_COLOURS: Record<CrowdCode, { fill: string; text: string }> = {
  quiet: { fill: '#deebf7', text: '#1b1b1b' },
  moderate: { fill: '#6baed6', text: '#1b1b1b' },
  busy: { fill: '#08306b', text: '#ffffff' },
};

const W = 360;
const LABEL_W = 74;
const HEAD_H = 22;
const ROW_H = 34;

function dayTag(d: DayForecast): string | null {
  if (d.postHoliday) return s.postHoliday;
  if (d.dayType === 'makeup') return s.makeup;
  return null;
}

function describe(f: VenueForecast): string {
  const days = f.days.map((d) => {
    const label = s.dayLabel(d.dayOn) + (dayTag(d) ? `（${dayTag(d)}）` : '');
    return d.hours.length ? s.descDay(label, d.hours.map((h) => s.descHour(h.hour, h.waitMinutes, crowdLabel(h.crowd))).join('，')) : s.descClosed(label);
  });
  return s.chartDesc(days.join(''));
}

function Heatmap({ f, id }: { f: VenueForecast; id: string }): VNode {
  const hours = [...new Set(f.days.flatMap((d) => d.hours.map((h) => h.hour)))].sort((a, b) => a - b);
  const cellW = (W - LABEL_W - 2) / Math.max(1, hours.length);
  const height = HEAD_H + ROW_H * f.days.length + 2;
  const x = (i: number) => LABEL_W + i * cellW;
  return (
    <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${W} ${height}`} width="100%" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">
      <title id={`${id}-t`}>{s.chartTitle}</title>
      <desc id={`${id}-d`}>{describe(f)}</desc>
      {hours.map((h, i) => <text key={h} x={x(i) + cellW / 2} y={16} font-size="13" text-anchor="middle" fill="#1b1b1b">{String(h)}</text>)}
      {f.days.map((d, r) => {
        const y = HEAD_H + r * ROW_H;
        const tag = dayTag(d);
        const byHour = new Map(d.hours.map((h) => [h.hour, h]));
        return (
          <g key={d.dayOn} data-day={d.dayOn}>
            <text x={0} y={y + (tag ? 15 : 22)} font-size="13" fill="#1b1b1b">{s.dayShort(d.dayOn)}</text>
            {tag && <text x={0} y={y + 29} font-size="11" fill="#505a5f">{tag}</text>}
            {!d.hours.length && (
              <>
                <rect x={LABEL_W} y={y + 2} width={cellW * hours.length} height={ROW_H - 4} fill="#f3f2f1" stroke="#b1b4b6" stroke-width="0.5" />
                <text x={LABEL_W + (cellW * hours.length) / 2} y={y + 22} font-size="13" text-anchor="middle" fill="#1b1b1b">{s.closedDay}</text>
              </>
            )}
            {d.hours.length > 0 && hours.map((hour, i) => {
              const c = byHour.get(hour);
              if (!c) return <rect key={hour} x={x(i) + 1} y={y + 2} width={cellW - 2} height={ROW_H - 4} fill="#ffffff" stroke="#b1b4b6" stroke-width="0.5" />;
              const col = CROWD_COLOURS[c.crowd];
              return (
                <g key={hour} data-crowd={c.crowd}>
                  <rect x={x(i) + 1} y={y + 2} width={cellW - 2} height={ROW_H - 4} fill={col.fill} />
                  <text x={x(i) + cellW / 2} y={y + 22} font-size="13" text-anchor="middle" fill={col.text}>{String(Math.round(c.waitMinutes))}</text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

function Legend(): VNode {
  return (
    <ul class="chart-legend" aria-label={s.legend}>
      {(['quiet', 'moderate', 'busy'] as const).map((c) => (
        <li key={c}>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" fill={CROWD_COLOURS[c].fill} stroke="#505a5f" stroke-width="1" /></svg>
          {crowdLabel(c)}
        </li>
      ))}
    </ul>
  );
}

function ForecastTable({ f }: { f: VenueForecast }): VNode {
  const hours = [...new Set(f.days.flatMap((d) => d.hours.map((h) => h.hour)))].sort((a, b) => a - b);
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={s.tableCaption}>
      <table class="forecast-table" data-forecast-table>
        <caption>{s.tableCaption}</caption>
        <thead>
          <tr><th scope="col">{s.day}</th>{hours.map((h) => <th key={h} scope="col">{forecastStrings.hourRange(h)}</th>)}</tr>
        </thead>
        <tbody>
          {f.days.map((d) => {
            const byHour = new Map(d.hours.map((h) => [h.hour, h]));
            const tag = dayTag(d);
            return (
              <tr key={d.dayOn}>
                <th scope="row">{s.dayLabel(d.dayOn)}{tag ? `（${tag}）` : ''}</th>
                {d.hours.length ? hours.map((h) => {
                  const c = byHour.get(h);
                  return <td key={h}>{c ? s.cell(c.waitMinutes, crowdLabel(c.crowd)) : s.notOpen}</td>;
                }) : <td colSpan={Math.max(1, hours.length)}>{s.closedDay}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const BLOCK_ATTRS = { class: 'forecast-block', 'aria-labelledby': 'forecast-title', 'data-forecast': true } as const;

function ForecastBody({ f }: { f: VenueForecast }): VNode {
  return (
    <>
      <h2 id="forecast-title">{s.title}</h2>
      {!f.enough ? <p data-forecast-empty>{s.noData}</p> : (
        <>
          {f.busiestHour !== null && <p data-busiest><strong>{s.busiest(f.busiestHour)}</strong></p>}
          <p>{s.intro}</p>
          <figure class="chart">
            <Heatmap f={f} id="forecast-chart" />
            <Legend />
            <figcaption>{s.thresholds(CROWD_THRESHOLDS.quietBelow, CROWD_THRESHOLDS.busyFrom)}</figcaption>
          </figure>
          <details class="chart-data">
            <summary>{s.tableSummary}</summary>
            <ForecastTable f={f} />
          </details>
        </>
      )}
    </>
  );
}

export function ForecastBlock({ f }: { f: VenueForecast }): VNode {
  return <section {...BLOCK_ATTRS}><ForecastBody f={f} /></section>;
}

/**
 * The same block, its inside rendered once per forecast object and kept with it (the service keeps
 * a venue's parsed forecast for seconds and hands out the same object): the warm venue page
 * renders neither the chart nor the table again.
 */
const rendered = new WeakMap<VenueForecast, string>();
export function ForecastBlockCached({ f }: { f: VenueForecast }): VNode {
  let html = rendered.get(f);
  if (html === undefined) { html = renderToString(<ForecastBody f={f} />); rendered.set(f, html); }
  return <section {...BLOCK_ATTRS} dangerouslySetInnerHTML={{ __html: html }} />;
}
