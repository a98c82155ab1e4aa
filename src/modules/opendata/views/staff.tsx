// Pure view: /staff/open-data — downloads per month of the datasets the caller's governments
// publish (chart with its table), per dataset, and the CSV of every row.
import { GroupedBarChart } from '../../../platform/web/charts.tsx';
import { Breadcrumbs, ErrorSummary, Select } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { pageStrings } from '../pages.strings.ts';

const s = pageStrings.staff;

export interface StatsDataset { slug: string; title: string; publisher: string; listed: boolean; byMonth: number[]; total: number }
export interface StatsView {
  months: string[];
  totals: number[];
  datasets: StatsDataset[];
  orgs: { code: string; name: string }[];
  org: string;
  errors: FieldErrors;
}

export function StaffStatsPage({ ctx, v }: { ctx: PageContext; v: StatsView }) {
  const bad = Object.keys(v.errors).length > 0;
  const csv = `/staff/open-data.csv${v.org ? `?org=${encodeURIComponent(v.org)}` : ''}`;
  const monthLabel = pageStrings.dataset.monthLabel;
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={bad}>
      <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { label: s.title }]} />
      <h1>{s.title}</h1>
      <ErrorSummary errors={v.errors} />
      <p>{s.intro}</p>
      {v.orgs.length > 1 && (
        <form method="get" action="/staff/open-data" class="filters">
          <Select name="org" label={s.org} value={v.org} error={v.errors.org} placeholder={s.allOrgs} options={v.orgs.map((o) => ({ value: o.code, label: o.name }))} />
          <p class="actions"><button type="submit" class="button button--secondary">{s.view}</button></p>
        </form>
      )}
      {!bad && (v.datasets.length === 0 ? <p class="muted">{s.none}</p> : (
        <>
          <h2>{s.byMonth}</h2>
          <GroupedBarChart id="od-stats-chart" title={s.byMonth} description={s.byMonthDesc} categoryHeader={s.month}
            categories={v.months} axisLabels={v.months.map(monthLabel)} series={[{ name: s.downloads, values: v.totals }]} />
          <h2>{s.byDataset}</h2>
          <p><a href={csv}>{s.csv}</a></p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={s.byDatasetTable}>
            <table>
              <thead>
                <tr><th scope="col">{s.dataset}</th><th scope="col">{s.org}</th>{v.months.map((m) => <th scope="col" key={m}>{m}</th>)}<th scope="col">{s.total}</th></tr>
              </thead>
              <tbody>
                {v.datasets.map((d) => (
                  <tr key={d.slug} data-dataset={d.slug}>
                    <th scope="row">{d.listed ? <a href={`/data/datasets/${d.slug}`}>{d.title}</a> : d.title}</th>
                    <td>{d.publisher}</td>
                    {d.byMonth.map((n, i) => <td key={v.months[i]}>{n}</td>)}
                    <td>{d.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))}
    </Layout>
  );
}
