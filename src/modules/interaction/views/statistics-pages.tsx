// Pure views: 办理情况统计 — the period (month, quarter, year), the source (12345 orders, messages,
// both) and, on the public page, the government; the per-unit table with the CSV next to it, each
// source's 按时办结率 in one line, and a bar chart of the rates (the shared platform/web/charts.tsx:
// role="img" with a title and a description holding every figure; the table is the same data as text).
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, Select, TextInput } from '../../../platform/web/components.tsx';
import { HorizontalBarChart } from '../../../platform/web/charts.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { interactionStrings as s } from '../interaction.strings.ts';
import { formatRate, ON_TIME_DEFINITION, periodOf, type Period } from '../deadlines.ts';
import { SOURCE_KINDS, type SourceKind, type StatsRow } from '../statistics.ts';

const t = s.stats;

export interface StatsView {
  period: Period;
  source: SourceKind;
  rows: StatsRow[];
  total: StatsRow;
  /** The totals of each source kind (all, hotline, messages) for the same period and scope. */
  bySource: { kind: SourceKind; total: StatsRow }[];
  today: string;
  /** Governments to choose from: every county (public page), or those inside the caller's grant (staff page). */
  govs?: { code: string; name: string }[];
  gov?: string;
  /** The label of the no-choice option (default 全部). */
  allGovsLabel?: string;
  /** A refused filter (field → reason): the page shows the filters again with `input`, no figures. */
  errors?: FieldErrors;
  /** The filter values as typed, kept when refused. */
  input?: { period: string; source: string; org: string };
}

/** Horizontal bars of 按时办结率 per unit with something due (the shared chart; the table below holds the same figures). */
export function RateChart({ v, id }: { v: StatsView; id: string }) {
  const rows = v.rows.filter((r) => r.rate !== null);
  const title = t.chartTitle(v.period.label, t.sources[v.source] ?? '');
  if (!rows.length) return <p class="hint">{t.chartNone}</p>;
  return (
    <HorizontalBarChart id={id} title={title} desc={t.chartDesc(rows.map((r) => t.chartItem(r.name, formatRate(r.rate), r.onTime, r.due)))}
      categories={rows.map((r) => r.name)} max={1} format={(x) => `${Math.round(x * 100)}%`} table={false}
      series={[{ name: t.onTime, values: rows.map((r) => r.rate), labels: rows.map((r) => `${formatRate(r.rate)}（${r.onTime}/${r.due}）`) }]} />
  );
}

function Filters({ v, action }: { v: StatsView; action: string }) {
  const q = (period: string) => `${action}?period=${encodeURIComponent(period)}&source=${v.source}${v.gov ? `&org=${encodeURIComponent(v.gov)}` : ''}`;
  return (
    <>
      <form method="get" action={action} class="filters">
        <TextInput name="period" label={t.period} hint={t.periodHint} value={v.input?.period ?? v.period.key} error={v.errors?.period} width="short" />
        <Select name="source" label={t.source} value={v.input?.source ?? v.source} error={v.errors?.source} options={SOURCE_KINDS.map((k) => ({ value: k, label: t.sources[k] ?? k }))} />
        {v.govs && v.govs.length > 0 && <Select name="org" label={t.gov} value={v.input?.org ?? v.gov ?? ''} error={v.errors?.org} placeholder={v.allGovsLabel ?? t.allGovs} options={v.govs.map((g) => ({ value: g.code, label: g.name }))} />}
        <button type="submit" class="button button--secondary">{t.view}</button>
      </form>
      <p>{t.quick}：
        <a href={q(periodOf('month', v.today))}>{t.thisMonth}</a> · <a href={q(periodOf('quarter', v.today))}>{t.thisQuarter}</a> · <a href={q(periodOf('year', v.today))}>{t.thisYear}</a>
      </p>
    </>
  );
}

/** Filters, the per-source line, the chart, the table with the CSV link, and the definition. */
export function StatsBody({ v, action, csv }: { v: StatsView; action: string; csv: string }) {
  const u = s.pages;
  const heading = t.title(v.period.label, t.sources[v.source] ?? '');
  const cell = (r: StatsRow, head: boolean) => (
    <tr key={r.org || 'total'}>
      {head ? <th scope="row">{r.name}</th> : <th scope="row">{t.total}</th>}
      <td>{r.received}</td><td>{r.assigned}</td><td>{r.replied}</td><td>{r.closed}</td><td>{r.due}</td><td>{r.onTime}</td><td>{r.pending}</td><td>{formatRate(r.rate)}</td>
    </tr>
  );
  if (v.errors) return <Filters v={v} action={action} />;
  return (
    <>
      <Filters v={v} action={action} />
      <h2>{heading}</h2>
      <ul>
        {v.bySource.map((b) => <li key={b.kind}>{t.sourceLine(t.sources[b.kind] ?? b.kind, b.total.onTime, b.total.due, formatRate(b.total.rate), b.total.pending)}</li>)}
      </ul>
      <RateChart v={v} id="rate-chart" />
      <p class="hint">{u.statsHint}</p>
      <p><a href={csv}>{t.export}</a></p>
      {v.rows.length === 0 ? <p>{t.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={heading}>
          <table class="stats-table">
            <caption class="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">{u.assignee}</th><th scope="col">{t.received}</th><th scope="col">{t.assigned}</th><th scope="col">{t.replied}</th>
                <th scope="col">{t.closed}</th><th scope="col">{t.due}</th><th scope="col">{t.onTimeCount}</th><th scope="col">{t.pending}</th><th scope="col">{t.onTime}</th>
              </tr>
            </thead>
            <tbody>{v.rows.map((r) => cell(r, true))}</tbody>
            <tfoot>{cell(v.total, false)}</tfoot>
          </table>
        </div>
      )}
      <h2>{t.definitionTitle}</h2>
      <p id="on-time-definition">{ON_TIME_DEFINITION}</p>
    </>
  );
}

export function PublicStatsPage({ ctx, v, totals, query }: { ctx: PageContext; v: StatsView; totals: { received: number; assigned: number; replied: number; closed: number }; query: string }) {
  return (
    <Layout ctx={ctx} title={s.statsTitle}>
      <Breadcrumbs items={[{ href: '/interaction', label: s.section }, { label: s.statsTitle }]} />
      {v.errors && <ErrorSummary errors={v.errors} />}
      <h1>{s.statsTitle}</h1>
      <p class="lead">{s.pages.statsLead(t.summary(totals.assigned, totals.replied), totals.closed)}</p>
      <StatsBody v={v} action="/interaction/statistics" csv={`/interaction/statistics.csv?${query}`} />
    </Layout>
  );
}

export function StaffStatsPage({ ctx, v, query }: { ctx: PageContext; v: StatsView; query: string }) {
  return (
    <Layout ctx={ctx} title={t.staffTitle}>
      <Breadcrumbs items={[{ href: '/staff', label: s.staff.page.workbench }, { href: '/staff/messages', label: s.staff.queueTitle }, { label: t.staffTitle }]} />
      {v.errors && <ErrorSummary errors={v.errors} />}
      <h1>{t.staffTitle}</h1>
      <p class="lead">{t.staffLead}</p>
      <StatsBody v={v} action="/staff/messages/statistics" csv={`/staff/messages/statistics.csv?${query}`} />
    </Layout>
  );
}
