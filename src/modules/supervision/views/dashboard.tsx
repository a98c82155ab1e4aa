// Pure view: the office dashboard (监督检查统计) — the period picker, then three sections, each a
// chart (shared SVG charts, with their own table alternative) followed by the table and its CSV,
// and the definitions of the rates.
import { Fragment } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, Select, TextInput } from '../../../platform/web/components.tsx';
import { HorizontalBarChart, LineChart } from '../../../platform/web/charts.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { DASHBOARD_RATE_KEYS, type DashboardData } from '../dashboard.ts';
import { dashboardStrings as s } from '../dashboard.strings.ts';
import { figureStrings as fs } from '../figures.strings.ts';

export interface DashboardInput { period: string; from: string; to: string; org: string }

const shortMonth = (m: string) => `${Number(m.slice(5, 7))}月`;
const pct = (v: number) => `${Math.round(v * 100)}%`;

function Filters({ input, orgs, errors }: { input: DashboardInput; orgs: { code: string; name: string }[]; errors: FieldErrors }) {
  const f = s.filters;
  return (
    <form method="get" action="/staff/supervision/dashboard" class="filters">
      <TextInput name="period" label={f.period} hint={f.periodHint} value={input.period} error={errors.period} width="short" />
      <TextInput name="from" label={f.from} type="date" value={input.from} error={errors.from} width="short" />
      <TextInput name="to" label={f.to} type="date" value={input.to} error={errors.to} width="short" />
      {orgs.length > 1 && <Select name="org" label={f.org} value={input.org} error={errors.org} placeholder={f.allOrgs} options={orgs.map((o) => ({ value: o.code, label: o.name }))} />}
      <button type="submit" class="button button--secondary">{f.view}</button>
    </form>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="stats-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead><tr>{head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => (j === 0 ? <th scope="row" key={j}>{c}</th> : <td key={j}>{c}</td>))}</tr>)}</tbody>
      </table>
    </div>
  );
}

export function DashboardPage({ ctx, d, input, orgs, errors, query, scopeCount }: { ctx: PageContext; d: DashboardData | null; input: DashboardInput; orgs: { code: string; name: string }[]; errors: FieldErrors; query: string; scopeCount: number }) {
  const hasErrors = Object.keys(errors).length > 0;
  const csv = (table: string) => `/staff/supervision/dashboard.csv?table=${table}${query ? `&${query}` : ''}`;
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/staff', label: s.workbench }, { label: s.title }]} />
      {hasErrors && <ErrorSummary errors={errors} />}
      <h1>{s.title}</h1>
      <p class="lead">{s.lead}</p>
      <Filters input={input} orgs={orgs} errors={errors} />
      {d && (
        <>
          <p>{s.scopeLine(d.period.label, scopeCount)}</p>
          <p>{s.summary(d.totals.opened, d.totals.closed, d.totals.open, d.totals.overdue)}</p>

          <h2>{s.problems.heading}</h2>
          <LineChart id="problems-chart" title={s.problems.chart(d.period.label)} categories={d.months} axisLabels={d.months.map(shortMonth)} table={false}
            series={[{ name: s.problems.opened, values: d.problems.map((p) => p.opened) }, { name: s.problems.closed, values: d.problems.map((p) => p.closed) }]} />
          <Table caption={s.problems.heading} head={[s.problems.month, s.problems.opened, s.problems.closed]} rows={d.problems.map((p) => [p.month, p.opened, p.closed])} />
          <p><a href={csv('problems')}>{s.csvLink(s.problems.heading)}</a></p>

          <h2>{s.rates.heading}</h2>
          <LineChart id="rates-chart" title={s.rates.chart(d.period.label)} categories={d.months} axisLabels={d.months.map(shortMonth)} max={1} format={pct} table={false}
            series={DASHBOARD_RATE_KEYS.map((k) => ({ name: fs.short[k], values: d.rates.map((r) => r.figures[k].rate), labels: d.rates.map((r) => `${fs.rate(r.figures[k].rate)}（${r.figures[k].numerator}/${r.figures[k].denominator}）`) }))} />
          <Table caption={s.rates.heading} head={[s.rates.month, ...DASHBOARD_RATE_KEYS.map((k) => fs.labels[k])]}
            rows={d.rates.map((r) => [r.month, ...DASHBOARD_RATE_KEYS.map((k) => `${fs.rate(r.figures[k].rate)}（${fs.fraction(r.figures[k].numerator, r.figures[k].denominator)}）`)])} />
          <p><a href={csv('rates')}>{s.csvLink(s.rates.heading)}</a></p>

          <h2>{s.open.heading}</h2>
          {d.top.length === 0 ? <p>{s.open.none}</p> : (
            <>
              <HorizontalBarChart id="open-chart" title={s.open.chart} categories={d.top.map((t) => t.name)} table={false}
                series={[{ name: s.open.open, values: d.top.map((t) => t.open), labels: d.top.map((t) => `${t.open}（${s.open.overdue} ${t.overdue}）`) }]} />
              <Table caption={s.open.heading} head={[s.open.org, s.open.open, s.open.overdue]} rows={d.top.map((t) => [t.name, t.open, t.overdue])} />
            </>
          )}
          <p><a href={csv('open')}>{s.csvLink(s.open.heading)}</a></p>

          <h2>{s.definitions}</h2>
          <dl class="definitions">
            {DASHBOARD_RATE_KEYS.map((k) => <Fragment key={k}><dt>{fs.labels[k]}</dt><dd>{fs.definitions[k]}</dd></Fragment>)}
          </dl>
        </>
      )}
    </Layout>
  );
}
