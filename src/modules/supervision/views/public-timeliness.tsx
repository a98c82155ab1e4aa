// Pure view: the public on-time page (按时公开、答复、办结情况) — the period picker, a bar chart of the
// three rates per government, the table with numerators and denominators, the CSV and each
// definition written out. Counts only: no names of people, no personal data.
import { Fragment } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, TextInput } from '../../../platform/web/components.tsx';
import { HorizontalBarChart } from '../../../platform/web/charts.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { PUBLIC_FIGURE_KEYS, type FigurePeriod, type OrgFigures } from '../figures.ts';
import { dashboardStrings } from '../dashboard.strings.ts';
import { figureStrings as fs } from '../figures.strings.ts';

const s = dashboardStrings.public;
const pct = (v: number) => `${Math.round(v * 100)}%`;

export function PublicTimelinessPage({ ctx, period, rows, input, errors }: { ctx: PageContext; period: FigurePeriod | null; rows: OrgFigures[]; input: string; errors: FieldErrors }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/openness', label: s.section }, { label: s.title }]} />
      {hasErrors && <ErrorSummary errors={errors} />}
      <h1>{s.title}</h1>
      <p class="lead">{s.lead}</p>
      <form method="get" action="/openness/timeliness" class="filters">
        <TextInput name="period" label={s.period} hint={s.periodHint} value={input} error={errors.period} width="short" />
        <button type="submit" class="button button--secondary">{s.view}</button>
      </form>
      {period && (
        <>
          <h2>{s.heading(period.label)}</h2>
          {rows.length === 0 ? <p>{s.empty}</p> : (
            <>
              <HorizontalBarChart id="timeliness-chart" title={s.chart(period.label, '按时率')} categories={rows.map((r) => r.org.name)} max={1} format={pct} table={false}
                series={PUBLIC_FIGURE_KEYS.map((k) => ({ name: fs.short[k], values: rows.map((r) => r.figures[k].rate), labels: rows.map((r) => fs.rate(r.figures[k].rate)) }))} />
              <div class="table-scroll" tabIndex={0} role="region" aria-label={s.heading(period.label)}>
                <table class="stats-table">
                  <caption class="visually-hidden">{s.heading(period.label)}</caption>
                  <thead>
                    <tr><th scope="col">{s.org}</th>{PUBLIC_FIGURE_KEYS.map((k) => <th scope="col" key={k}>{fs.labels[k]}</th>)}</tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.org.code}>
                        <th scope="row">{r.org.name}</th>
                        {PUBLIC_FIGURE_KEYS.map((k) => <td key={k}>{fs.rate(r.figures[k].rate)}<span class="muted">{`（${fs.numerator[k]} ${r.figures[k].numerator} / ${fs.denominator[k]} ${r.figures[k].denominator}）`}</span></td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p><a href={`/openness/timeliness.csv?period=${encodeURIComponent(period.key)}`}>{s.csv}</a></p>
            </>
          )}
        </>
      )}
      <h2>{s.definitions}</h2>
      <dl class="definitions">
        {PUBLIC_FIGURE_KEYS.map((k) => <Fragment key={k}><dt>{fs.labels[k]}</dt><dd>{fs.definitions[k]}</dd></Fragment>)}
      </dl>
    </Layout>
  );
}
